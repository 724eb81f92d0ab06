#include "hallmark/provenance/generate.hpp"

#include "hallmark/util/time.hpp"

namespace hallmark::provenance {

attest::Statement make_provenance(const BuildDescription& build,
                                  std::vector<attest::ResourceDescriptor> subjects) {
  nlohmann::json dependencies = nlohmann::json::array();
  for (const attest::ResourceDescriptor& dependency : build.resolved_dependencies)
    dependencies.push_back(dependency.to_json());
  nlohmann::json metadata = {{"finishedOn", util::format_rfc3339(util::now())}};
  if (!build.invocation_id.empty()) metadata["invocationId"] = build.invocation_id;
  if (!build.started_on.empty()) metadata["startedOn"] = build.started_on;

  attest::Statement statement;
  statement.subjects = std::move(subjects);
  statement.predicate_type = kSlsaProvenanceV1;
  statement.predicate = {
      {"buildDefinition",
       {{"buildType", build.build_type},
        {"externalParameters", build.external_parameters},
        {"internalParameters", build.internal_parameters},
        {"resolvedDependencies", dependencies}}},
      {"runDetails", {{"builder", {{"id", build.builder_id}}}, {"metadata", metadata}}},
  };
  return statement;
}

}  // namespace hallmark::provenance
