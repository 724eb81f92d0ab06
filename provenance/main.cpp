// hallmark-provenance: SLSA v1 provenance, written in CI and verified before release.
#include "hallmark/util/cli.hpp"

#include "commands.hpp"

namespace {

constexpr char kUsage[] = R"(usage: hallmark-provenance COMMAND [options]

Writes SLSA v1 provenance in a pipeline and verifies provenance before release. Commands:
  generate          an in-toto statement with SLSA v1 provenance for the files built, from the
                    CI environment (GitHub Actions, GitLab CI) or from flags; signed with --key
  verify-artifact   checks the provenance of files, as slsa-verifier does, offline: trusted
                    builder (or --key), source, branch, tag, workflow inputs, subjects
  verify-image      the same for an image: a cosign OCI layout (GitHub's container generator),
                    or Google Cloud Build provenance
  verify-npm-package  an npm tarball's provenance and the registry's publish attestation
  verify-github-attestation  a GitHub artifact attestation, signed by the --builder-id workflow
  verify-vsa        a key-signed SLSA Verification Summary Attestation

Examples:
  hallmark-provenance generate -o app.provenance.json app.tar            (in CI)
  hallmark-provenance generate --key release.key -o app.provenance.sigstore.json app.tar
  hallmark-provenance generate --ci none --builder-id https://ci.example/builder \
      --source-uri https://github.com/acme/app --source-digest 0123...cdef \
      --ref refs/tags/v1.2.3 app.tar
  hallmark-provenance verify-artifact app.tar --provenance-path app.intoto.jsonl \
      --source-uri github.com/acme/app --source-versioned-tag v1.2 --trusted-root trusted_root.json
  hallmark-provenance verify-artifact app.tar --provenance-path app.provenance.sigstore.json \
      --key release.pub --source-uri github.com/acme/app --source-tag v1.2.3
  hallmark-provenance verify-image ./app-layout@sha256:0123...cdef \
      --source-uri github.com/acme/app --source-branch main --trusted-root trusted_root.json

Exit codes: 0 success, 1 verification failed, 2 usage error, 3 bad input, 4 I/O error.
)";

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::dispatch(
      "hallmark-provenance", kUsage,
      {{"generate", hallmark::provenance_cli::generate},
       {"verify-artifact", hallmark::provenance_cli::verify_artifact},
       {"verify-image", hallmark::provenance_cli::verify_image},
       {"verify-npm-package", hallmark::provenance_cli::verify_npm_package},
       {"verify-github-attestation", hallmark::provenance_cli::verify_github_attestation},
       {"verify-vsa", hallmark::provenance_cli::verify_vsa}},
      argc, argv);
}
