// hallmark-verify: signatures and Sigstore bundles, fail-closed.
#include "hallmark/util/cli.hpp"

#include "commands.hpp"

namespace {

constexpr char kUsage[] = R"(usage: hallmark-verify COMMAND [options]

Verifies signatures and Sigstore bundles, fail-closed: anything unknown or unchecked rejects.
Commands:
  blob         a file's signature: a Sigstore bundle (messageSignature) or a detached signature
  attestation  an in-toto attestation: DSSE signature, statement, predicate type, subjects

Artifacts are files, or digests written sha256:HEX.

Examples:
  hallmark-verify blob --key release.pub --bundle app.tar.sigstore.json app.tar
  hallmark-verify blob --key release.pub --signature app.tar.sig app.tar
  hallmark-verify attestation --key release.pub --bundle app.att.json --type cyclonedx app.tar

Exit codes: 0 verified, 1 verification failed (the check is named), 2 usage error,
3 bad input, 4 I/O error.
)";

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::dispatch(
      "hallmark-verify", kUsage,
      {{"blob", hallmark::verify::blob}, {"attestation", hallmark::verify::attestation}}, argc,
      argv);
}
