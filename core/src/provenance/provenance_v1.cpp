// SLSA provenance v1 (https://slsa.dev/provenance/v1): the builder in runDetails.builder, the
// source in buildDefinition.resolvedDependencies[0]; where the workflow and its ref are recorded
// depends on the build type.
#include "hallmark/provenance/source_rules.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

#include "github_context.hpp"
#include "json_path.hpp"
#include "readers.hpp"

namespace hallmark::provenance {
namespace {

class ProvenanceV1 : public Provenance {
 public:
  using Provenance::Provenance;

  std::string builder_id() const override {
    return text_at(predicate(), {"runDetails", "builder", "id"});
  }
  std::string build_type() const override {
    return text_at(predicate(), {"buildDefinition", "buildType"});
  }

  std::string source_uri() const override {
    const nlohmann::json& dependencies =
        find_path(predicate(), {"buildDefinition", "resolvedDependencies"});
    if (!dependencies.is_array() || dependencies.empty())
      fail(Category::kInvalidDssePayload, "the provenance records no resolved dependencies");
    std::string uri = text_at(dependencies[0], {"uri"});
    if (uri.empty())
      fail(Category::kMalformedUri, "the provenance's first resolved dependency has no uri");
    return uri;
  }

 protected:
  const nlohmann::json& external_parameters() const {
    return find_path(predicate(), {"buildDefinition", "externalParameters"});
  }
  const nlohmann::json& internal_parameters() const {
    return find_path(predicate(), {"buildDefinition", "internalParameters"});
  }
};

// BYOB delegators and the container-based builder: the calling workflow is
// internalParameters.GITHUB_WORKFLOW_REF ("o/r/.github/workflows/w.yml@refs/tags/v1").
class DelegatorV1 : public ProvenanceV1 {
 public:
  using ProvenanceV1::ProvenanceV1;

  std::string trigger_uri() const override {
    std::string workflow_ref = context().text("github_workflow_ref");
    std::vector<std::string_view> parts = util::split(workflow_ref, '@');
    std::vector<std::string_view> path =
        parts.size() == 2 ? util::split(parts[0], '/') : std::vector<std::string_view>{};
    if (path.size() < 2)
      fail(Category::kInvalidFormat,
           "GITHUB_WORKFLOW_REF \"" + util::printable(workflow_ref) + "\" is not o/r/PATH@REF");
    return "git+https://github.com/" + std::string(path[0]) + "/" + std::string(path[1]) + "@" +
           std::string(parts[1]);
  }
  // Only the delegators may leave the ref out of the source (not the container-based builder).
  bool source_ref_optional() const override { return build_type() == build_types::kDelegator; }
  std::string branch_ref() const override { return branch_of_source_ref(source_uri(), context()); }
  std::string tag_ref() const override { return tag_of_source_ref(source_uri()); }
  nlohmann::json workflow_inputs() const override { return context().workflow_inputs(); }

 private:
  GithubContext context() const {
    return GithubContext(internal_parameters(), GithubContext::Case::kUpper);
  }
};

// Builds that record one repository and ref: the branch or tag is that ref.
class SingleRefV1 : public ProvenanceV1 {
 public:
  using ProvenanceV1::ProvenanceV1;

  std::string trigger_uri() const override {
    auto [repository, ref] = workflow();
    return normalize_git_uri(repository) + "@" + ref;
  }
  std::string branch_ref() const override { return ref_of_kind(workflow().second, "refs/heads/"); }
  std::string tag_ref() const override { return ref_of_kind(workflow().second, "refs/tags/"); }

 protected:
  // The repository and the ref built.
  virtual std::pair<std::string, std::string> workflow() const = 0;
};

// externalParameters.workflow {repository, ref, path} (actions/buildtypes workflow/v1 and
// slsa-framework github-actions-buildtypes workflow/v1).
class WorkflowV1 : public SingleRefV1 {
 public:
  using SingleRefV1::SingleRefV1;

  nlohmann::json workflow_inputs() const override {
    std::string event = text_at(internal_parameters(), {"github", "event_name"});
    if (event != "workflow_dispatch")
      fail(Category::kMismatchWorkflowInputs,
           "workflow inputs exist only for workflow_dispatch runs; this was a \"" +
               util::printable(event) + "\" run");
    const nlohmann::json& inputs = find_path(external_parameters(), {"inputs"});
    if (!inputs.is_object())
      fail(Category::kInvalidDssePayload, "the provenance records no workflow inputs");
    return inputs;
  }

 protected:
  std::pair<std::string, std::string> workflow() const override {
    const nlohmann::json& workflow = find_path(external_parameters(), {"workflow"});
    if (!workflow.is_object() || !workflow.value("repository", nlohmann::json()).is_string() ||
        !workflow.value("ref", nlohmann::json()).is_string())
      fail(Category::kInvalidFormat,
           "the provenance's externalParameters.workflow has no repository and ref");
    return {workflow["repository"].get<std::string>(), workflow["ref"].get<std::string>()};
  }
};

// externalParameters {source, ref}: Hallmark's GitLab CI and manual provenance.
class SourceRefV1 : public SingleRefV1 {
 public:
  using SingleRefV1::SingleRefV1;

  nlohmann::json workflow_inputs() const override {
    fail(Category::kNotSupported, "this build type records no workflow inputs");
  }

 protected:
  std::pair<std::string, std::string> workflow() const override {
    std::string source = text_at(external_parameters(), {"source"});
    std::string ref = text_at(external_parameters(), {"ref"});
    if (source.empty())
      fail(Category::kInvalidFormat, "the provenance's externalParameters has no source");
    return {source, ref};
  }
};

}  // namespace

std::unique_ptr<Provenance> read_delegator_v1(attest::Statement statement) {
  return std::make_unique<DelegatorV1>(std::move(statement));
}

std::unique_ptr<Provenance> read_workflow_v1(attest::Statement statement) {
  return std::make_unique<WorkflowV1>(std::move(statement));
}

std::unique_ptr<Provenance> read_source_ref_v1(attest::Statement statement) {
  return std::make_unique<SourceRefV1>(std::move(statement));
}

}  // namespace hallmark::provenance
