// hallmark-verify: signatures, Sigstore bundles and admission policies (not yet landed).
#include "hallmark/util/pending_tool.hpp"

namespace {
constexpr char kUsage[] = R"(usage: hallmark-verify COMMAND [options]

Verifies signatures, Sigstore bundles and images against a policy, fail-closed. Not available
in this release; the commands will be:
  blob         verify a file's signature or Sigstore bundle
  attestation  verify a DSSE attestation
  image        verify an image's signatures and attestations
  policy       check a policy file
)";
}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::run_pending_tool("hallmark-verify", kUsage, argc, argv);
}
