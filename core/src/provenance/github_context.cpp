#include "github_context.hpp"

#include <cctype>

#include "hallmark/provenance/source_rules.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {

GithubContext::GithubContext(const nlohmann::json& values, Case spelling)
    : values_(values), spelling_(spelling) {
  if (!values_.is_object())
    fail(Category::kInvalidDssePayload, "the provenance records no GitHub environment");
}

std::string GithubContext::key(std::string_view name) const {
  std::string spelled(name);
  if (spelling_ == Case::kUpper)
    for (char& c : spelled)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return spelled;
}

std::string GithubContext::text(std::string_view name) const {
  std::string spelled = key(name);
  auto value = values_.find(spelled);
  if (value == values_.end() || !value->is_string())
    fail(Category::kInvalidDssePayload, "the provenance's " + spelled + " is missing or not text");
  return value->get<std::string>();
}

const nlohmann::json& GithubContext::event_payload() const {
  auto payload = values_.find(key("github_event_payload"));
  if (payload == values_.end() || !payload->is_object())
    fail(Category::kInvalidDssePayload, "the provenance records no GitHub event payload");
  return *payload;
}

std::string GithubContext::branch_ref() const {
  std::string ref_type = text("github_ref_type");
  if (ref_type == "branch") return text("github_ref");
  if (ref_type != "tag")
    fail(Category::kInvalidDssePayload,
         "unknown GitHub ref type \"" + util::printable(ref_type) + "\"");
  if (std::string base = text("github_base_ref"); !base.empty()) return base;
  std::string event = text("github_event_name");
  const nlohmann::json& payload = event_payload();
  if (event == "push") {
    auto base = payload.find("base_ref");
    if (base == payload.end())
      fail(Category::kInvalidDssePayload, "the push event payload has no base_ref");
    return base->is_string() ? base->get<std::string>() : "";
  }
  if (event == "release") {
    const nlohmann::json& release = payload.value("release", nlohmann::json::object());
    if (!release.is_object() || !release.value("target_commitish", nlohmann::json()).is_string())
      fail(Category::kInvalidDssePayload, "the release event payload has no target_commitish");
    return "refs/heads/" + release["target_commitish"].get<std::string>();
  }
  return "";
}

std::string GithubContext::tag_ref() const {
  std::string ref_type = text("github_ref_type");
  if (ref_type == "branch") return "";
  if (ref_type != "tag")
    fail(Category::kInvalidDssePayload,
         "unknown GitHub ref type \"" + util::printable(ref_type) + "\"");
  return text("github_ref");
}

nlohmann::json GithubContext::workflow_inputs() const {
  std::string event = text("github_event_name");
  if (event != "workflow_dispatch")
    fail(Category::kMismatchWorkflowInputs,
         "workflow inputs exist only for workflow_dispatch runs; this was a \"" +
             util::printable(event) + "\" run");
  const nlohmann::json& payload = event_payload();
  auto inputs = payload.find("inputs");
  if (inputs == payload.end() || !inputs->is_object())
    fail(Category::kInvalidDssePayload, "the workflow_dispatch payload has no inputs");
  return *inputs;
}

namespace {

// The ref in the source URI, and whether it names a branch.
std::pair<std::string, bool> source_ref(std::string_view source_uri) {
  std::string ref = split_git_uri(source_uri).ref;
  if (ref.empty()) fail(Category::kInvalidDssePayload, "the source URI records no ref");
  if (ref.starts_with("refs/heads/")) return {ref, true};
  if (ref.starts_with("refs/tags/")) return {ref, false};
  fail(Category::kInvalidDssePayload,
       "the source URI's ref \"" + util::printable(ref) + "\" is neither a branch nor a tag");
}

}  // namespace

std::string branch_of_source_ref(std::string_view source_uri, const GithubContext& context) {
  auto [ref, is_branch] = source_ref(source_uri);
  return is_branch ? ref : context.branch_ref();
}

std::string tag_of_source_ref(std::string_view source_uri) {
  auto [ref, is_branch] = source_ref(source_uri);
  return is_branch ? "" : ref;
}

std::string ref_of_kind(std::string ref, std::string_view kind) {
  return ref.starts_with(kind) ? ref : "";
}

}  // namespace hallmark::provenance
