#include "verdict.hpp"

#include "hallmark/provenance/builder_id.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {

nlohmann::json Verified::to_json() const {
  nlohmann::json subjects = nlohmann::json::array();
  for (const attest::ResourceDescriptor& subject : statement.subjects)
    subjects.push_back({{"name", subject.name}, {"digest", subject.digest}});
  return {{"verified", true},
          {"builderId", builder_id},
          {"summary", summary},
          {"predicateType", statement.predicate_type},
          {"subjects", subjects}};
}

Verified passed(std::string builder_id, const Provenance& provenance, const std::string& what) {
  std::string summary = what + ": built by " + builder_id + " from " + provenance.source_uri();
  return {std::move(builder_id), std::move(summary), provenance.statement()};
}

std::optional<Platform> platform_of(const Expectations& expected) {
  if (!expected.has_builder_id()) return std::nullopt;
  BuilderId builder = BuilderId::parse(*expected.builder_id);
  if (builder.name().starts_with("https://github.com/")) return Platform::kGithubActions;
  if (builder.name() == builders::kGcbWorker) return Platform::kGoogleCloudBuild;
  fail(Category::kVerifierNotSupported, "no verifier for builder \"" +
                                            util::printable(*expected.builder_id) +
                                            "\" (GitHub Actions or Google Cloud Build)");
}

}  // namespace hallmark::provenance
