// SLSA provenance v0.2 (https://slsa.dev/provenance/v0.2): the builder in predicate.builder, the
// workflow that ran in invocation.configSource, the source in materials[0], the GitHub context
// in invocation.environment.
#include "hallmark/provenance/verify_error.hpp"

#include "github_context.hpp"
#include "json_path.hpp"
#include "readers.hpp"

namespace hallmark::provenance {
namespace {

class ProvenanceV02 : public Provenance {
 public:
  using Provenance::Provenance;

  std::string builder_id() const override { return text_at(predicate(), {"builder", "id"}); }
  std::string build_type() const override { return text_at(predicate(), {"buildType"}); }

  std::string trigger_uri() const override {
    std::string uri = text_at(predicate(), {"invocation", "configSource", "uri"});
    if (uri.empty()) fail(Category::kMalformedUri, "the provenance records no configSource.uri");
    return uri;
  }

  std::string source_uri() const override {
    const nlohmann::json& materials = find_path(predicate(), {"materials"});
    if (!materials.is_array() || materials.empty())
      fail(Category::kInvalidDssePayload, "the provenance records no materials");
    std::string uri = text_at(materials[0], {"uri"});
    if (uri.empty()) fail(Category::kMalformedUri, "the provenance's first material has no uri");
    return uri;
  }

 protected:
  GithubContext environment(GithubContext::Case spelling) const {
    return GithubContext(find_path(predicate(), {"invocation", "environment"}), spelling);
  }
};

class GeneratorV02 : public ProvenanceV02 {
 public:
  using ProvenanceV02::ProvenanceV02;
  std::string branch_ref() const override { return context().branch_ref(); }
  std::string tag_ref() const override { return context().tag_ref(); }
  nlohmann::json workflow_inputs() const override { return context().workflow_inputs(); }

 private:
  GithubContext context() const { return environment(GithubContext::Case::kLower); }
};

class DelegatorV02 : public ProvenanceV02 {
 public:
  using ProvenanceV02::ProvenanceV02;
  bool source_ref_optional() const override { return true; }
  std::string branch_ref() const override { return branch_of_source_ref(source_uri(), context()); }
  std::string tag_ref() const override { return tag_of_source_ref(source_uri()); }
  nlohmann::json workflow_inputs() const override { return context().workflow_inputs(); }

 private:
  GithubContext context() const { return environment(GithubContext::Case::kUpper); }
};

// The npm CLI records GITHUB_REF but not its type: the ref's own prefix says.
class NpmCliV02 : public ProvenanceV02 {
 public:
  using ProvenanceV02::ProvenanceV02;
  bool source_ref_optional() const override { return true; }
  std::string branch_ref() const override { return ref_of_kind(github_ref(), "refs/heads/"); }
  std::string tag_ref() const override { return ref_of_kind(github_ref(), "refs/tags/"); }
  nlohmann::json workflow_inputs() const override { return context().workflow_inputs(); }

 private:
  GithubContext context() const { return environment(GithubContext::Case::kUpper); }
  std::string github_ref() const { return context().text("github_ref"); }
};

}  // namespace

std::unique_ptr<Provenance> read_generator_v02(attest::Statement statement) {
  return std::make_unique<GeneratorV02>(std::move(statement));
}

std::unique_ptr<Provenance> read_delegator_v02(attest::Statement statement) {
  return std::make_unique<DelegatorV02>(std::move(statement));
}

std::unique_ptr<Provenance> read_npm_cli_v02(attest::Statement statement) {
  return std::make_unique<NpmCliV02>(std::move(statement));
}

}  // namespace hallmark::provenance
