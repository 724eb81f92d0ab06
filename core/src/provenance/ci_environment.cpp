// What GitHub Actions and GitLab CI say about a build, through their environment variables.
// GitHub: the buildType and fields GitHub's own generator uses (actions/buildtypes,
// workflow/v1). GitLab: the fields of the GitLab runner's provenance (PROVENANCE.md).
#include "hallmark/provenance/generate.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::provenance {
namespace {

using nlohmann::json;
using Getenv = std::function<const char*(const char*)>;

class Environment {
 public:
  Environment(const Getenv& getenv, std::string ci) : getenv_(getenv), ci_(std::move(ci)) {}

  std::string required(const char* name) const {
    const char* value = getenv_(name);
    if (value == nullptr || *value == '\0')
      throw_usage_error(ci_ + " provenance needs " + name + ", which is not set");
    return value;
  }
  std::string optional(const char* name) const {
    const char* value = getenv_(name);
    return value == nullptr ? "" : value;
  }

 private:
  const Getenv& getenv_;
  std::string ci_;
};

attest::ResourceDescriptor source(const std::string& uri, const std::string& commit) {
  return {.name = "", .uri = uri, .digest = {{"gitCommit", commit}}};
}

BuildDescription github(const Environment& env) {
  std::string server = env.required("GITHUB_SERVER_URL");
  std::string repository = env.required("GITHUB_REPOSITORY");
  std::string ref = env.required("GITHUB_REF");
  // GITHUB_WORKFLOW_REF: "owner/repo/.github/workflows/release.yml@refs/heads/main".
  std::string workflow_ref = env.required("GITHUB_WORKFLOW_REF");
  std::string workflow_path = workflow_ref.substr(0, workflow_ref.rfind('@'));
  if (workflow_path.starts_with(repository + "/")) workflow_path.erase(0, repository.size() + 1);
  std::string runner = env.optional("RUNNER_ENVIRONMENT");

  BuildDescription build;
  build.build_type = kGithubWorkflowBuildType;
  build.external_parameters = {
      {"workflow",
       {{"ref", ref}, {"repository", server + "/" + repository}, {"path", workflow_path}}}};
  json github = {{"event_name", env.required("GITHUB_EVENT_NAME")},
                 {"repository_id", env.required("GITHUB_REPOSITORY_ID")},
                 {"repository_owner_id", env.required("GITHUB_REPOSITORY_OWNER_ID")}};
  if (!runner.empty()) github["runner_environment"] = runner;
  build.internal_parameters = {{"github", github}};
  build.resolved_dependencies.push_back(
      source("git+" + server + "/" + repository + "@" + ref, env.required("GITHUB_SHA")));
  // The runner ran the workflow, as GitHub's own attestations name it.
  build.builder_id = server + "/actions/runner/" + (runner.empty() ? "github-hosted" : runner);
  build.invocation_id = server + "/" + repository + "/actions/runs/" +
                        env.required("GITHUB_RUN_ID") + "/attempts/" +
                        env.required("GITHUB_RUN_ATTEMPT");
  return build;
}

BuildDescription gitlab(const Environment& env) {
  std::string project_url = env.required("CI_PROJECT_URL");
  std::string tag = env.optional("CI_COMMIT_TAG");
  std::string ref =
      tag.empty() ? "refs/heads/" + env.required("CI_COMMIT_REF_NAME") : "refs/tags/" + tag;
  std::string runner_version = env.optional("CI_RUNNER_VERSION");

  BuildDescription build;
  build.build_type = "https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v" +
                     (runner_version.empty() ? std::string("16.0.0") : runner_version) +
                     "/PROVENANCE.md";
  build.external_parameters = {{"source", project_url},
                               {"ref", ref},
                               {"entryPoint", env.required("CI_JOB_NAME")},
                               {"configPath", env.optional("CI_CONFIG_PATH")},
                               {"pipelineSource", env.optional("CI_PIPELINE_SOURCE")}};
  build.internal_parameters = {{"gitlab",
                                {{"project_id", env.required("CI_PROJECT_ID")},
                                 {"pipeline_id", env.required("CI_PIPELINE_ID")},
                                 {"job_id", env.required("CI_JOB_ID")}}}};
  build.resolved_dependencies.push_back(
      source("git+" + project_url + "@" + ref, env.required("CI_COMMIT_SHA")));
  build.builder_id = env.required("CI_SERVER_URL") + "/" + env.required("CI_PROJECT_PATH") +
                     "/-/runners/" + env.required("CI_RUNNER_ID");
  build.invocation_id = env.required("CI_JOB_URL");
  build.started_on = env.optional("CI_JOB_STARTED_AT");
  return build;
}

BuildDescription manual(const ManualBuild& given) {
  auto needed = [](const std::string& value, const char* flag) {
    if (value.empty()) throw_usage_error(std::string("--ci none needs --") + flag);
  };
  needed(given.builder_id, "builder-id");
  needed(given.source_uri, "source-uri");
  needed(given.source_digest, "source-digest");
  needed(given.ref, "ref");
  std::string commit = given.source_digest.starts_with("sha1:") ? given.source_digest.substr(5)
                                                                : given.source_digest;
  if (commit.size() != 40 && commit.size() != 64)
    throw_usage_error("--source-digest is a commit hash (40 or 64 hex digits)");
  std::string uri =
      given.source_uri.starts_with("git+") ? given.source_uri : "git+" + given.source_uri;
  BuildDescription build;
  build.build_type = kManualBuildType;
  build.external_parameters = {{"source", uri}, {"ref", given.ref}};
  build.resolved_dependencies.push_back(source(uri + "@" + given.ref, commit));
  build.builder_id = given.builder_id;
  return build;
}

}  // namespace

BuildDescription describe_build(CiSystem ci, const ManualBuild& given, const Getenv& getenv) {
  if (ci == CiSystem::kAuto) {
    auto is_true = [&](const char* name) {
      const char* value = getenv(name);
      return value != nullptr && std::string_view(value) == "true";
    };
    if (is_true("GITHUB_ACTIONS"))
      ci = CiSystem::kGithub;
    else if (is_true("GITLAB_CI"))
      ci = CiSystem::kGitlab;
    else
      throw_usage_error(
          "no CI environment found (GITHUB_ACTIONS or GITLAB_CI); use --ci none with "
          "--builder-id, --source-uri, --source-digest and --ref");
  }
  switch (ci) {
    case CiSystem::kGithub:
      return github(Environment(getenv, "GitHub Actions"));
    case CiSystem::kGitlab:
      return gitlab(Environment(getenv, "GitLab CI"));
    default:
      return manual(given);
  }
}

}  // namespace hallmark::provenance
