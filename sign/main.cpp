// hallmark-sign: keys, blob signatures, DSSE attestations and Sigstore bundles (not yet landed).
#include "hallmark/util/pending_tool.hpp"

namespace {
constexpr char kUsage[] = R"(usage: hallmark-sign COMMAND [options]

Signs artifacts, SBOMs and in-toto attestations. Not available in this release; the commands
will be:
  keygen       make a signing key pair
  public-key   print the public key of a private key
  blob         sign a file (Sigstore bundle, detached signature)
  attest       sign an in-toto attestation (DSSE in a Sigstore bundle)
)";
}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::run_pending_tool("hallmark-sign", kUsage, argc, argv);
}
