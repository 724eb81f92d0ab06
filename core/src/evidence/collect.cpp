// Gathering an evidence bundle's files: the policy and its trust material, each subject's claims
// as found, the SBOMs and provenance their attestations carry, the verdicts, the reports, and
// the manifest that lists them.
#include <filesystem>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/evidence/evidence.hpp"
#include "hallmark/util/error.hpp"

#include "evidence_report.hpp"
#include "subject_files.hpp"

namespace hallmark::evidence {
namespace {

using nlohmann::json;

// The path of a file the policy references, inside the bundle's policy/ folder. The policy reads
// it relative to itself, so it must stay below the policy's folder.
std::string policy_file_path(const std::string& relative) {
  std::filesystem::path normal = std::filesystem::path(relative).lexically_normal();
  if (normal.is_absolute() || normal.empty() || *normal.begin() == "..")
    throw_bad_input(relative,
                    "an evidence bundle keeps the policy's keys and trusted roots beside it; "
                    "this one is outside the policy's folder");
  return std::string(kPolicyFolder) + "/" + normal.generic_string();
}

}  // namespace

Evidence collect(const policy::Policy& policy, const std::string& policy_text,
                 const std::vector<policy::ImageMaterial>& subjects,
                 util::Clock::time_point created) {
  Evidence evidence;
  evidence.created = created;
  std::string policy_name = std::filesystem::path(policy.path).filename().string();
  if (policy_name.empty()) policy_name = "policy.json";
  std::string policy_path = policy_file_path(policy_name);
  evidence.files.push_back({policy_path, "policy", policy_text});
  for (const auto& [relative, content] : policy.references)
    evidence.files.push_back({policy_file_path(relative), "trust", content});

  json subject_list = json::array();
  std::vector<Carried> carried(subjects.size());
  bool allowed = true;
  for (size_t i = 0; i < subjects.size(); ++i) {
    policy::Verdict verdict = policy::evaluate(policy, subjects[i], created);
    allowed = allowed && verdict.allowed;
    subject_list.push_back(add_subject(subjects[i], verdict, "subjects/" + std::to_string(i),
                                       evidence.files, carried[i]));
    evidence.verdicts.push_back(std::move(verdict));
  }

  json verdicts = json::array();
  for (const policy::Verdict& verdict : evidence.verdicts)
    verdicts.push_back(verdict.to_json());
  evidence.files.push_back({kVerdictsPath, "verdict", verdicts.dump(2) + "\n"});
  Report report = describe(evidence.verdicts, carried, policy, created);
  evidence.files.push_back({"report.html", "report", report_html(report)});
  evidence.files.push_back({"report.md", "report", report_markdown(report)});

  json files = json::array();
  for (const File& file : evidence.files)
    files.push_back(
        {{"path", file.path},
         {"sha256", crypto::Digest::of(crypto::DigestAlgorithm::kSha256, file.content).hex},
         {"role", file.role}});
  evidence.manifest = {{"apiVersion", "hallmark.dev/v1"},
                       {"kind", "Evidence"},
                       {"created", util::format_rfc3339(created)},
                       {"policy", {{"path", policy_path}, {"digest", policy.digest}}},
                       {"allowed", allowed},
                       {"subjects", subject_list},
                       {"files", files}};
  return evidence;
}

}  // namespace hallmark::evidence
