// hallmark-provenance: SLSA v1 provenance, written in CI and verified before release.
#include "hallmark/util/cli.hpp"

#include "commands.hpp"

namespace {

constexpr char kUsage[] = R"(usage: hallmark-provenance COMMAND [options]

Writes SLSA v1 provenance in a pipeline and verifies provenance before release. Commands:
  generate          an in-toto statement with SLSA v1 provenance for the files built, from the
                    CI environment (GitHub Actions, GitLab CI) or from flags; signed with --key

Examples:
  hallmark-provenance generate -o app.provenance.json app.tar            (in CI)
  hallmark-provenance generate --key release.key -o app.provenance.sigstore.json app.tar
  hallmark-provenance generate --ci none --builder-id https://ci.example/builder \
      --source-uri https://github.com/acme/app --source-digest 0123...cdef \
      --ref refs/tags/v1.2.3 app.tar

Exit codes: 0 success, 1 verification failed, 2 usage error, 3 bad input, 4 I/O error.
)";

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::dispatch("hallmark-provenance", kUsage,
                                  {{"generate", hallmark::provenance_cli::generate}}, argc, argv);
}
