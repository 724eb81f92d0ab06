// The machine-readable trend report: every figure the HTML and Markdown show, with the lists
// behind them. Absent values (a rate without verdicts, a mean without a resolved episode) are
// null, never 0, so a consumer cannot mistake "no data" for "perfect".
#include "hallmark/evidence/trend_report.hpp"

namespace hallmark::evidence {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json optional_text(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json counts_json(const Counts& counts) {
  return {{"allowed", counts.allowed},
          {"denied", counts.denied},
          {"total", counts.total()},
          {"denyRate", optional_number(counts.deny_rate())}};
}

json stats_json(const RemediationStats& stats) {
  return {{"resolved", stats.resolved},
          {"unresolved", stats.unresolved},
          {"meanSeconds", optional_number(stats.mean_seconds)},
          {"p90Seconds", optional_number(stats.p90_seconds)}};
}

}  // namespace

json trend_json(const Trend& trend, const std::string& generated) {
  json skipped = json::array();
  for (const SkippedLine& line : trend.skipped)
    skipped.push_back({{"file", line.file}, {"line", line.line}, {"reason", line.reason}});
  size_t usable = trend.overall.total() + trend.out_of_range;
  json input = {{"files", trend.files},
                {"linesRead", trend.lines},
                {"usableLines", usable},
                {"skippedLines", trend.skipped.size()},
                {"skipped", skipped},
                {"outsideRange", trend.out_of_range},
                {"since", optional_text(trend.since)},
                {"until", optional_text(trend.until)}};

  json per_day = json::array();
  for (const DayCounts& day : trend.per_day) {
    json entry = counts_json(day.counts);
    entry["day"] = day.day;
    per_day.push_back(entry);
  }
  json per_rule = json::array();
  for (const RuleCounts& rule : trend.per_rule) {
    json entry = counts_json(rule.counts);
    entry["rule"] = rule.rule;
    entry["modes"] = rule.modes;
    per_rule.push_back(entry);
  }
  json reasons = json::array();
  for (const ReasonCount& reason : trend.top_reasons)
    reasons.push_back(
        {{"check", reason.check}, {"reason", reason.reason}, {"count", reason.count}});
  json bypasses = json::array();
  for (const BypassCount& bypass : trend.bypasses)
    bypasses.push_back({{"rule", bypass.rule},
                        {"repository", bypass.repository},
                        {"count", bypass.count},
                        {"failedChecks", bypass.failed_checks},
                        {"first", bypass.first},
                        {"last", bypass.last}});
  json unruled = json::array();
  for (const UnruledCount& admitted : trend.unruled)
    unruled.push_back({{"repository", admitted.repository},
                       {"count", admitted.count},
                       {"first", admitted.first},
                       {"last", admitted.last}});
  json repositories = json::array();
  for (const RepositoryRemediation& repository : trend.per_repository) {
    json entry = stats_json(repository.stats);
    entry["repository"] = repository.repository;
    repositories.push_back(entry);
  }
  json episodes = json::array();
  for (const Episode& episode : trend.episodes) {
    bool resolved = !episode.remediated_at.empty();
    episodes.push_back({{"repository", episode.repository},
                        {"deniedAt", episode.denied_at},
                        {"remediatedAt", resolved ? json(episode.remediated_at) : json(nullptr)},
                        {"denials", episode.denials},
                        {"seconds", resolved ? json(episode.seconds) : json(nullptr)}});
  }
  json remediation = stats_json(trend.remediation);
  remediation["byRepository"] = repositories;
  remediation["episodes"] = episodes;

  return {{"apiVersion", "hallmark.dev/v1"},
          {"kind", "TrendReport"},
          {"generated", generated},
          {"input", input},
          {"period", {{"first", optional_text(trend.first)}, {"last", optional_text(trend.last)}}},
          {"verdicts", counts_json(trend.overall)},
          {"perDay", per_day},
          {"perRule", per_rule},
          {"topDenialReasons", reasons},
          {"distinctDenialReasons", trend.distinct_reasons},
          {"warnModePasses", {{"total", trend.warn_passes}, {"byRuleAndRepository", bypasses}}},
          {"admittedWithoutRule", {{"total", trend.unruled_admissions}, {"byRepository", unruled}}},
          {"remediation", remediation}};
}

}  // namespace hallmark::evidence
