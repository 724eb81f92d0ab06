// hallmark-sign: keys, blob signatures and in-toto attestations, as Sigstore bundles and cosign
// detached signatures.
#include "hallmark/util/cli.hpp"

#include "commands.hpp"

namespace {

constexpr char kUsage[] = R"(usage: hallmark-sign COMMAND [options]

Makes keys and signs artifacts, SBOMs and in-toto attestations. Commands:
  keygen       make a key pair: NAME.key (encrypted PKCS#8, mode 0600) and NAME.pub
  public-key   print the public key of a private key
  blob         sign a file: a Sigstore bundle v0.3 and/or a cosign-style detached signature
  attest       sign an in-toto statement about files, an image digest, or an image in its
               registry (--image: stored as cosign's .att and as an OCI 1.1 referrer)
  image        sign an image in its registry, as cosign sign does (tag sha256-<hex>.sig, and
               an OCI 1.1 referrer where the registry has the referrers API)

Passphrases come from $HALLMARK_PASSWORD, from standard input with --password-stdin, or from a
prompt on the terminal; never from the command line.

Examples:
  HALLMARK_PASSWORD=... hallmark-sign keygen --output-key-prefix release
  hallmark-sign blob --key release.key --bundle app.tar.sigstore.json app.tar
  hallmark-sign blob --key release.key --output-signature app.tar.sig app.tar
  hallmark-sign attest --key release.key --predicate sbom.cdx.json --type cyclonedx \
      --bundle app.att.json app.tar
  hallmark-sign image --key release.key registry.example.com/team/app:1.2
  hallmark-sign attest --key release.key --predicate provenance.json --type slsaprovenance1 \
      --image registry.example.com/team/app@sha256:...

Run `hallmark-sign COMMAND --help` for a command's options.
Exit codes: 0 success, 1 wrong passphrase, 2 usage error, 3 bad input, 4 I/O, network or
registry error.
)";

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::dispatch("hallmark-sign", kUsage,
                                  {{"keygen", hallmark::sign::keygen},
                                   {"public-key", hallmark::sign::public_key},
                                   {"blob", hallmark::sign::blob},
                                   {"attest", hallmark::sign::attest},
                                   {"image", hallmark::sign::image}},
                                  argc, argv);
}
