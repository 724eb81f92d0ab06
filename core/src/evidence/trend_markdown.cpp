// The trend report as Markdown tables, for pull requests and tickets: the same figures as the
// HTML page, without charts. Every text goes through markdown::escape (image names and reasons
// come from the logs, untrusted).

#include "hallmark/evidence/markdown.hpp"
#include "hallmark/evidence/trend_report.hpp"

namespace hallmark::evidence {
namespace {

using markdown::escape;

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items)
    out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string range_text(const Trend& trend) {
  if (!trend.since && !trend.until) return "all verdicts";
  return (trend.since ? "from " + *trend.since + " (inclusive)" : std::string("from the start")) +
         (trend.until ? " until " + *trend.until + " (exclusive)" : std::string(" to the end"));
}

std::string heading(const std::string& text) {
  return "## " + escape(text) + "\n\n";
}

}  // namespace

std::string trend_markdown(const Trend& trend, const std::string& generated) {
  std::string out = "# Admission trend report\n\n";
  markdown::Table input{{"Input", "Value"}, {}, {false, false}};
  input.rows = {{"Generated", generated},
                {"Decision logs", joined(trend.files, ", ")},
                {"Range", range_text(trend)},
                {"First verdict", trend.first.value_or("none")},
                {"Last verdict", trend.last.value_or("none")},
                {"Lines read", std::to_string(trend.lines)},
                {"Skipped lines", std::to_string(trend.skipped.size())},
                {"Verdicts outside the range", std::to_string(trend.out_of_range)}};
  out += markdown::table(input);

  out += heading("Summary");
  markdown::Table summary{{"Metric", "Value"}, {}, {false, true}};
  summary.rows = {{"Verdicts", std::to_string(trend.overall.total())},
                  {"Allowed", std::to_string(trend.overall.allowed)},
                  {"Denied", std::to_string(trend.overall.denied)},
                  {"Deny rate", rate_text(trend.overall.deny_rate())},
                  {"Warn-mode passes (gate bypasses)", std::to_string(trend.warn_passes)},
                  {"Admitted with no rule", std::to_string(trend.unruled_admissions)},
                  {"Mean time to remediate", duration_with_seconds(trend.remediation.mean_seconds)},
                  {"p90 time to remediate", duration_with_seconds(trend.remediation.p90_seconds)},
                  {"Remediated episodes", std::to_string(trend.remediation.resolved)},
                  {"Unresolved episodes", std::to_string(trend.remediation.unresolved)}};
  out += markdown::table(summary);

  out += heading("Verdicts per day");
  markdown::Table days{
      {"Day", "Allowed", "Denied", "Total", "Deny rate"}, {}, {false, true, true, true, true}};
  for (const DayCounts& day : trend.per_day)
    days.rows.push_back({day.day, std::to_string(day.counts.allowed),
                         std::to_string(day.counts.denied), std::to_string(day.counts.total()),
                         rate_text(day.counts.deny_rate())});
  out += markdown::table(days);

  out += heading("Verdicts per rule");
  markdown::Table rules{{"Rule", "Modes", "Allowed", "Denied", "Total", "Deny rate"},
                        {},
                        {false, false, true, true, true, true}};
  for (const RuleCounts& rule : trend.per_rule)
    rules.rows.push_back({rule_text(rule.rule), joined(rule.modes, ", "),
                          std::to_string(rule.counts.allowed), std::to_string(rule.counts.denied),
                          std::to_string(rule.counts.total()), rate_text(rule.counts.deny_rate())});
  out += markdown::table(rules);

  out += heading("Top denial reasons");
  out += escape(std::to_string(trend.top_reasons.size()) + " of " +
                std::to_string(trend.distinct_reasons) +
                " distinct reasons (failed checks of denied verdicts, grouped by check and reason "
                "without claim origin, digests and times).") +
         "\n\n";
  markdown::Table reasons{{"Check", "Reason", "Denials"}, {}, {false, false, true}};
  for (const ReasonCount& reason : trend.top_reasons)
    reasons.rows.push_back({reason.check, reason.reason, std::to_string(reason.count)});
  out += markdown::table(reasons);

  out += heading("Warn-mode passes (gate bypasses)");
  markdown::Table bypasses{{"Rule", "Repository", "Passes", "Failed checks", "First", "Last"},
                           {},
                           {false, false, true, false, false, false}};
  for (const BypassCount& bypass : trend.bypasses)
    bypasses.rows.push_back({rule_text(bypass.rule), bypass.repository,
                             std::to_string(bypass.count), joined(bypass.failed_checks, "; "),
                             bypass.first, bypass.last});
  out += markdown::table(bypasses);

  out += heading("Admitted with no rule");
  markdown::Table unruled{
      {"Repository", "Admissions", "First", "Last"}, {}, {false, true, false, false}};
  for (const UnruledCount& admitted : trend.unruled)
    unruled.rows.push_back(
        {admitted.repository, std::to_string(admitted.count), admitted.first, admitted.last});
  out += markdown::table(unruled);

  out += heading("Time to remediate");
  out += escape(
             "From a repository's first denial to its next allowed verdict; unresolved episodes "
             "are left out of the mean and the p90 (nearest rank).") +
         "\n\n";
  markdown::Table repositories{{"Repository", "Remediated", "Unresolved", "Mean", "p90"},
                               {},
                               {false, true, true, true, true}};
  for (const RepositoryRemediation& repository : trend.per_repository)
    repositories.rows.push_back({repository.repository, std::to_string(repository.stats.resolved),
                                 std::to_string(repository.stats.unresolved),
                                 duration_text(repository.stats.mean_seconds),
                                 duration_text(repository.stats.p90_seconds)});
  out += markdown::table(repositories);

  if (!trend.skipped.empty()) {
    out += heading("Skipped lines");
    markdown::Table skipped{{"File", "Line", "Why"}, {}, {false, true, false}};
    for (size_t i = 0; i < trend.skipped.size() && i < kSkippedShown; ++i)
      skipped.rows.push_back(
          {trend.skipped[i].file, std::to_string(trend.skipped[i].line), trend.skipped[i].reason});
    out += markdown::table(skipped);
    if (trend.skipped.size() > kSkippedShown)
      out +=
          escape("The first " + std::to_string(kSkippedShown) + " of " +
                 std::to_string(trend.skipped.size()) + " are listed; the JSON report lists all.") +
          "\n\n";
  }
  // One newline at the end, not two.
  while (out.ends_with("\n\n"))
    out.pop_back();
  return out;
}

}  // namespace hallmark::evidence
