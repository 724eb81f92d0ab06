// hallmark-provenance: SLSA v1 provenance, written in CI and verified before release (not yet
// landed).
#include "hallmark/util/pending_tool.hpp"

namespace {
constexpr char kUsage[] = R"(usage: hallmark-provenance COMMAND [options]

Writes SLSA v1 provenance in a pipeline and verifies provenance before release. Not available
in this release; the commands will be:
  generate          write SLSA v1 provenance for build outputs
  verify-artifact   verify an artifact's provenance (builder, source, tag, digests)
  verify-image      verify an image's provenance
)";
}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::run_pending_tool("hallmark-provenance", kUsage, argc, argv);
}
