// The trend report as one self-contained HTML page: the figures first, then per-day and per-rule
// counts, denial reasons, bypasses, default admissions and remediation, each a chart where a
// picture helps and always a table with the exact numbers. All text goes through html::Page,
// which escapes it: image names and reasons come from the logs, untrusted.
#include <algorithm>

#include "hallmark/evidence/html.hpp"
#include "hallmark/evidence/trend_report.hpp"

namespace hallmark::evidence {
namespace {

using html::Cell;
using html::Tone;

constexpr char kAllowedColor[] = "#2da44e";
constexpr char kDeniedColor[] = "#cf222e";
std::string range_text(const Trend& trend) {
  if (!trend.since && !trend.until) return "all verdicts";
  return (trend.since ? "from " + *trend.since + " (inclusive)" : std::string("from the start")) +
         (trend.until ? " until " + *trend.until + " (exclusive)" : std::string(" to the end"));
}

std::string files_text(const Trend& trend) {
  std::string out;
  for (const std::string& file : trend.files)
    out += (out.empty() ? "" : ", ") + file;
  return out;
}

void overview(html::Page& page, const Trend& trend, const std::string& generated) {
  std::optional<double> rate = trend.overall.deny_rate();
  page.facts({
      {"Generated", Cell(generated)},
      {"Decision logs", Cell(files_text(trend))},
      {"Range", Cell(range_text(trend))},
      {"First verdict", Cell(trend.first.value_or("none"))},
      {"Last verdict", Cell(trend.last.value_or("none"))},
      {"Lines read", Cell(std::to_string(trend.lines))},
      {"Skipped lines", Cell(std::to_string(trend.skipped.size()),
                             trend.skipped.empty() ? Tone::kPlain : Tone::kWarn)},
      {"Verdicts outside the range", Cell(std::to_string(trend.out_of_range))},
  });
  page.section("Summary", "summary");
  page.facts({
      {"Verdicts", Cell(std::to_string(trend.overall.total()))},
      {"Allowed", Cell(std::to_string(trend.overall.allowed), Tone::kGood)},
      {"Denied", Cell(std::to_string(trend.overall.denied), Tone::kBad)},
      {"Deny rate", Cell(rate_text(rate))},
      {"Warn-mode passes (gate bypasses)",
       Cell(std::to_string(trend.warn_passes), trend.warn_passes ? Tone::kWarn : Tone::kPlain)},
      {"Admitted with no rule", Cell(std::to_string(trend.unruled_admissions),
                                     trend.unruled_admissions ? Tone::kWarn : Tone::kPlain)},
      {"Mean time to remediate", Cell(duration_with_seconds(trend.remediation.mean_seconds))},
      {"p90 time to remediate", Cell(duration_with_seconds(trend.remediation.p90_seconds))},
      {"Remediated episodes", Cell(std::to_string(trend.remediation.resolved))},
      {"Unresolved episodes", Cell(std::to_string(trend.remediation.unresolved))},
  });
  if (trend.overall.total() == 0)
    page.paragraph("No verdict in the decision logs (in the range): every count is zero.",
                   Tone::kWarn);
}

void per_day(html::Page& page, const Trend& trend) {
  page.section("Verdicts per day", "per-day");
  page.paragraph("UTC calendar days with at least one verdict.");
  html::BarChart chart;
  chart.title = "Verdicts per day: allowed and denied";
  chart.series = {{"allowed", kAllowedColor}, {"denied", kDeniedColor}};
  html::Table table{
      {"Day", "Allowed", "Denied", "Total", "Deny rate"}, {}, {false, true, true, true, true}};
  for (const DayCounts& day : trend.per_day) {
    chart.bars.push_back(
        {day.day,
         {static_cast<double>(day.counts.allowed), static_cast<double>(day.counts.denied)}});
    table.rows.push_back({day.day, std::to_string(day.counts.allowed),
                          std::to_string(day.counts.denied), std::to_string(day.counts.total()),
                          rate_text(day.counts.deny_rate())});
  }
  if (!chart.bars.empty()) page.chart(chart);
  page.table(table);
}

void per_rule(html::Page& page, const Trend& trend) {
  page.section("Verdicts per rule", "per-rule");
  html::BarChart chart;
  chart.title = "Verdicts per rule: allowed and denied";
  chart.orientation = html::BarChart::Orientation::kHorizontal;
  chart.series = {{"allowed", kAllowedColor}, {"denied", kDeniedColor}};
  html::Table table{{"Rule", "Modes", "Allowed", "Denied", "Total", "Deny rate"},
                    {},
                    {false, false, true, true, true, true}};
  for (const RuleCounts& rule : trend.per_rule) {
    std::string modes;
    for (const std::string& mode : rule.modes)
      modes += (modes.empty() ? "" : ", ") + mode;
    chart.bars.push_back(
        {rule_text(rule.rule),
         {static_cast<double>(rule.counts.allowed), static_cast<double>(rule.counts.denied)}});
    table.rows.push_back({rule_text(rule.rule), modes, std::to_string(rule.counts.allowed),
                          std::to_string(rule.counts.denied), std::to_string(rule.counts.total()),
                          rate_text(rule.counts.deny_rate())});
  }
  if (!chart.bars.empty()) page.chart(chart);
  page.table(table);
}

void reasons(html::Page& page, const Trend& trend) {
  page.section("Top denial reasons", "denial-reasons");
  page.paragraph(
      "Failed checks of denied verdicts, grouped by check and reason (the claim origin, digests "
      "and times left out); a verdict counts once per group. " +
      std::to_string(trend.top_reasons.size()) + " of " + std::to_string(trend.distinct_reasons) +
      " distinct reasons shown.");
  html::BarChart chart;
  chart.title = "Top denial reasons";
  chart.orientation = html::BarChart::Orientation::kHorizontal;
  chart.series = {{"denials", kDeniedColor}};
  html::Table table{{"Check", "Reason", "Denials"}, {}, {false, false, true}};
  for (const ReasonCount& reason : trend.top_reasons) {
    chart.bars.push_back(
        {reason.check + ": " + reason.reason, {static_cast<double>(reason.count)}});
    table.rows.push_back({reason.check, reason.reason, std::to_string(reason.count)});
  }
  if (!chart.bars.empty()) page.chart(chart);
  page.table(table);
}

void bypasses(html::Page& page, const Trend& trend) {
  page.section("Warn-mode passes (gate bypasses)", "warn-passes");
  page.paragraph("Verdicts of rules in mode \"warn\" that were allowed although a check failed: " +
                 std::to_string(trend.warn_passes) + ".");
  html::Table table{{"Rule", "Repository", "Passes", "Failed checks", "First", "Last"},
                    {},
                    {false, false, true, false, false, false}};
  for (const BypassCount& bypass : trend.bypasses) {
    std::string checks;
    for (const std::string& check : bypass.failed_checks)
      checks += (checks.empty() ? "" : "; ") + check;
    table.rows.push_back({rule_text(bypass.rule), bypass.repository,
                          Cell(std::to_string(bypass.count), Tone::kWarn), checks, bypass.first,
                          bypass.last});
  }
  page.table(table);
}

void unruled(html::Page& page, const Trend& trend) {
  page.section("Admitted with no rule", "no-rule");
  page.paragraph("Images no rule matched that defaultAction allow let in: " +
                 std::to_string(trend.unruled_admissions) + ".");
  html::Table table{{"Repository", "Admissions", "First", "Last"}, {}, {false, true, false, false}};
  for (const UnruledCount& admitted : trend.unruled)
    table.rows.push_back({admitted.repository, Cell(std::to_string(admitted.count), Tone::kWarn),
                          admitted.first, admitted.last});
  page.table(table);
}

void remediation(html::Page& page, const Trend& trend) {
  page.section("Time to remediate", "remediation");
  page.paragraph(
      "Per repository: from the first denial to the next allowed verdict; a later denial starts a "
      "new episode. Unresolved episodes (no allowed verdict yet) are counted apart and left out "
      "of the mean and the p90 (nearest rank: the value at rank ceil(0.9 n) of the n sorted "
      "times).");
  page.facts({
      {"Mean", Cell(duration_with_seconds(trend.remediation.mean_seconds))},
      {"p90", Cell(duration_with_seconds(trend.remediation.p90_seconds))},
      {"Remediated episodes", Cell(std::to_string(trend.remediation.resolved))},
      {"Unresolved episodes", Cell(std::to_string(trend.remediation.unresolved),
                                   trend.remediation.unresolved ? Tone::kWarn : Tone::kPlain)},
  });
  page.subheading("By repository");
  html::Table table{{"Repository", "Remediated", "Unresolved", "Mean", "p90"},
                    {},
                    {false, true, true, true, true}};
  for (const RepositoryRemediation& repository : trend.per_repository)
    table.rows.push_back({repository.repository, std::to_string(repository.stats.resolved),
                          std::to_string(repository.stats.unresolved),
                          duration_text(repository.stats.mean_seconds),
                          duration_text(repository.stats.p90_seconds)});
  page.table(table);
  page.subheading("Episodes");
  html::Table episodes{{"Repository", "First denial", "Allowed at", "Denials", "Time to remediate"},
                       {},
                       {false, false, false, true, true}};
  for (const Episode& episode : trend.episodes) {
    bool resolved = !episode.remediated_at.empty();
    episodes.rows.push_back(
        {episode.repository, episode.denied_at,
         resolved ? Cell(episode.remediated_at) : Cell("unresolved", Tone::kBad),
         std::to_string(episode.denials),
         resolved ? duration_text(episode.seconds) : std::string("n/a")});
  }
  page.table(episodes);
}

void skipped(html::Page& page, const Trend& trend) {
  page.section("Skipped lines", "skipped");
  page.paragraph(std::to_string(trend.skipped.size()) +
                 " lines of the decision logs were not verdicts and were skipped" +
                 (trend.skipped.size() > kSkippedShown
                      ? "; the first " + std::to_string(kSkippedShown) +
                            " are listed (the JSON report lists all)."
                      : "."));
  html::Table table{{"File", "Line", "Why"}, {}, {false, true, false}};
  for (size_t i = 0; i < trend.skipped.size() && i < kSkippedShown; ++i)
    table.rows.push_back(
        {trend.skipped[i].file, std::to_string(trend.skipped[i].line), trend.skipped[i].reason});
  page.table(table);
}

}  // namespace

std::string trend_html(const Trend& trend, const std::string& generated) {
  html::Page page("Admission trend report");
  overview(page, trend, generated);
  per_day(page, trend);
  per_rule(page, trend);
  reasons(page, trend);
  bypasses(page, trend);
  unruled(page, trend);
  remediation(page, trend);
  skipped(page, trend);
  return page.render();
}

}  // namespace hallmark::evidence
