// The evidence bundle's reports for people: report.html (self-contained: html.hpp) and
// report.md (for pull requests and tickets). Both lay out the same Report.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hallmark/policy/evaluate.hpp"
#include "hallmark/policy/policy.hpp"

#include "subject_files.hpp"

namespace hallmark::evidence {

struct SubjectReport {
  policy::Verdict verdict;
  size_t packages = 0;
  std::map<std::string, size_t> ecosystems;  // purl type -> packages
  std::map<std::string, size_t> licenses;    // license -> packages
  std::vector<policy::ProvenanceFacts> provenance;
  std::vector<std::string> signers;  // who signed what passed
};

struct Report {
  std::string created;
  std::string policy_path, policy_digest;
  bool allowed = true;
  std::vector<SubjectReport> subjects;
};

Report describe(const std::vector<policy::Verdict>& verdicts, const std::vector<Carried>& carried,
                const policy::Policy& policy, util::Clock::time_point created);

std::string report_html(const Report& report);
std::string report_markdown(const Report& report);

}  // namespace hallmark::evidence
