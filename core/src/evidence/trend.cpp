#include "hallmark/evidence/trend.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <set>
#include <tuple>
#include <unordered_map>

#include "hallmark/registry/reference.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::evidence {
namespace {

using util::Clock;

std::string day_of(Clock::time_point time) {
  std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(time)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// The claim origins policy::evaluate puts in front of a reason: "tag <name>: " and
// "referrer <digest>: " (the origin itself holds no space).
size_t origin_prefix_length(std::string_view reason) {
  for (std::string_view kind : {"tag ", "referrer "}) {
    if (!reason.starts_with(kind)) continue;
    size_t space = reason.find(' ', kind.size());
    size_t colon = reason.find(": ", kind.size());
    if (colon != std::string_view::npos && colon > kind.size() &&
        (space == std::string_view::npos || colon < space))
      return colon + 2;
  }
  return 0;
}

// The length of a digest ("sha256:" and at least 32 hex digits) starting at `at`, or 0.
size_t digest_length(std::string_view text, size_t at) {
  for (std::string_view algorithm : {"sha256:", "sha384:", "sha512:"}) {
    if (text.substr(at, algorithm.size()) != algorithm) continue;
    size_t end = at + algorithm.size();
    while (end < text.size() && is_hex(text[end]))
      ++end;
    if (end - at - algorithm.size() >= 32) return end - at;
  }
  return 0;
}

// The length of an RFC 3339 date-time starting at `at`, or 0: the longest prefix that parses.
size_t time_length(std::string_view text, size_t at) {
  if (at + 20 > text.size() || text[at + 4] != '-' || text[at + 7] != '-') return 0;
  size_t end = at + 19;
  while (end < text.size() && text[end] != ' ' && text[end] != ',' && text[end] != ')' &&
         text[end] != '"')
    ++end;
  for (; end >= at + 20; --end)
    if (util::parse_rfc3339(text.substr(at, end - at))) return end - at;
  return 0;
}

std::string time_text(Clock::time_point time) {
  return util::format_rfc3339(time);
}

RemediationStats stats_of(const std::vector<double>& durations, size_t unresolved) {
  RemediationStats stats;
  stats.resolved = durations.size();
  stats.unresolved = unresolved;
  if (!durations.empty()) {
    double sum = 0;
    for (double seconds : durations)
      sum += seconds;
    stats.mean_seconds = sum / static_cast<double>(durations.size());
    stats.p90_seconds = nearest_rank(durations, 90);
  }
  return stats;
}

// Per repository, in time order: denial opens an episode, the next allowed closes it.
void compute_remediation(const std::vector<const LogEntry*>& ordered,
                         const std::vector<std::string>& repositories, Trend& trend) {
  struct Open {
    Clock::time_point since;
    size_t denials = 0;
  };
  std::map<std::string, std::optional<Open>> open;
  std::map<std::string, std::vector<Episode>> episodes;
  for (size_t i = 0; i < ordered.size(); ++i) {
    const LogEntry& entry = *ordered[i];
    const std::string& repository = repositories[i];
    std::optional<Open>& current = open[repository];
    if (!entry.verdict.allowed) {
      if (!current) current = Open{entry.time, 0};
      ++current->denials;
    } else if (current) {
      episodes[repository].push_back({repository, time_text(current->since), time_text(entry.time),
                                      current->denials,
                                      seconds_between(current->since, entry.time)});
      current.reset();
    }
  }
  std::vector<double> all;
  for (auto& [repository, current] : open) {
    std::vector<Episode>& list = episodes[repository];
    if (current) list.push_back({repository, time_text(current->since), "", current->denials, 0});
    if (list.empty()) continue;
    std::vector<double> durations;
    size_t unresolved = 0;
    for (const Episode& episode : list) {
      if (episode.remediated_at.empty()) {
        ++unresolved;
      } else {
        durations.push_back(episode.seconds);
        all.push_back(episode.seconds);
      }
    }
    trend.per_repository.push_back({repository, stats_of(durations, unresolved)});
    trend.remediation.unresolved += unresolved;
    for (Episode& episode : list)
      trend.episodes.push_back(std::move(episode));
  }
  size_t unresolved = trend.remediation.unresolved;
  trend.remediation = stats_of(all, unresolved);
}

}  // namespace

std::optional<double> Counts::deny_rate() const {
  if (total() == 0) return std::nullopt;
  return static_cast<double>(denied) / static_cast<double>(total());
}

std::optional<double> nearest_rank(std::vector<double> values, unsigned percent) {
  if (values.empty() || percent == 0 || percent > 100) return std::nullopt;
  std::sort(values.begin(), values.end());
  size_t rank = (static_cast<size_t>(percent) * values.size() + 99) / 100;  // ceil, in integers
  return values[std::max<size_t>(rank, 1) - 1];
}

std::string repository_of(std::string_view image) {
  try {
    return registry::Reference::parse(image).name();
  } catch (const Error&) {
    // Not a reference we can parse (a hostile or hand-written name): strip what looks like a
    // digest and a tag, so its verdicts still group.
    std::string_view name = image.substr(0, image.find('@'));
    size_t colon = name.rfind(':');
    size_t slash = name.rfind('/');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
      name = name.substr(0, colon);
    return std::string(name.empty() ? image : name);
  }
}

std::string normalize_reason(std::string_view reason) {
  reason.remove_prefix(origin_prefix_length(reason));
  std::string out;
  size_t at = 0;
  while (at < reason.size()) {
    if (size_t length = digest_length(reason, at); length != 0) {
      out += "<digest>";
      at += length;
    } else if (size_t time = std::isdigit(static_cast<unsigned char>(reason[at]))
                                 ? time_length(reason, at)
                                 : 0;
               time != 0) {
      out += "<time>";
      at += time;
    } else if (std::isspace(static_cast<unsigned char>(reason[at]))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      ++at;
    } else {
      out += reason[at++];
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

std::optional<Clock::time_point> parse_date_bound(std::string_view text) {
  if (text.size() == 10) return util::parse_rfc3339(std::string(text) + "T00:00:00Z");
  return util::parse_rfc3339(text);
}

Trend compute_trend(const DecisionLog& log, const TrendOptions& options) {
  Trend trend;
  trend.files = log.files;
  trend.lines = log.lines;
  trend.skipped = log.skipped;
  if (options.since) trend.since = time_text(*options.since);
  if (options.until) trend.until = time_text(*options.until);

  // Time order; verdicts of the same instant keep the order they were logged in.
  std::vector<const LogEntry*> ordered;
  for (const LogEntry& entry : log.entries) {
    if ((options.since && entry.time < *options.since) ||
        (options.until && entry.time >= *options.until)) {
      ++trend.out_of_range;
      continue;
    }
    ordered.push_back(&entry);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const LogEntry* a, const LogEntry* b) {
    return std::tie(a->time, a->source, a->line) < std::tie(b->time, b->source, b->line);
  });

  std::unordered_map<std::string, std::string> repository_cache;
  std::vector<std::string> repositories;
  std::map<std::string, Counts> days;
  std::map<std::string, RuleCounts> rules;
  std::map<std::pair<std::string, std::string>, size_t> reasons;
  std::map<std::pair<std::string, std::string>, BypassCount> bypasses;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> bypass_checks;
  std::map<std::string, UnruledCount> unruled;

  for (const LogEntry* entry : ordered) {
    const policy::Verdict& verdict = entry->verdict;
    auto cached = repository_cache.find(verdict.image);
    if (cached == repository_cache.end())
      cached = repository_cache.emplace(verdict.image, repository_of(verdict.image)).first;
    const std::string& repository = cached->second;
    repositories.push_back(repository);
    std::string time = time_text(entry->time);
    if (!trend.first) trend.first = time;
    trend.last = time;

    auto count = [&](Counts& counts) { ++(verdict.allowed ? counts.allowed : counts.denied); };
    count(trend.overall);
    count(days[day_of(entry->time)]);
    RuleCounts& rule = rules[verdict.rule];
    rule.rule = verdict.rule;
    if (std::find(rule.modes.begin(), rule.modes.end(), verdict.mode) == rule.modes.end()) {
      rule.modes.push_back(verdict.mode);
      std::sort(rule.modes.begin(), rule.modes.end());
    }
    count(rule.counts);

    bool any_failed = std::any_of(verdict.checks.begin(), verdict.checks.end(),
                                  [](const policy::Check& check) { return !check.passed; });
    if (!verdict.allowed) {
      // Once per verdict per group: a verdict failing the same way twice is one denial.
      std::set<std::pair<std::string, std::string>> seen;
      for (const policy::Check& check : verdict.checks)
        if (!check.passed) seen.emplace(check.check, normalize_reason(check.reason));
      if (seen.empty()) seen.emplace("", "no failed check recorded");
      for (const auto& key : seen)
        ++reasons[key];
    }
    if (verdict.mode == "warn" && verdict.allowed && any_failed) {
      ++trend.warn_passes;
      BypassCount& bypass = bypasses[{verdict.rule, repository}];
      if (bypass.count++ == 0) {
        bypass.rule = verdict.rule;
        bypass.repository = repository;
        bypass.first = time;
      }
      bypass.last = time;
      for (const policy::Check& check : verdict.checks)
        if (!check.passed) bypass_checks[{verdict.rule, repository}].insert(check.check);
    }
    if (verdict.mode == "default" && verdict.allowed) {
      ++trend.unruled_admissions;
      UnruledCount& admitted = unruled[repository];
      if (admitted.count++ == 0) {
        admitted.repository = repository;
        admitted.first = time;
      }
      admitted.last = time;
    }
  }

  for (auto& [day, counts] : days)
    trend.per_day.push_back({day, counts});
  for (auto& [name, counts] : rules)
    trend.per_rule.push_back(counts);

  for (auto& [key, count] : reasons)
    trend.top_reasons.push_back({key.first, key.second, count});
  trend.distinct_reasons = trend.top_reasons.size();
  std::stable_sort(trend.top_reasons.begin(), trend.top_reasons.end(),
                   [](const ReasonCount& a, const ReasonCount& b) { return a.count > b.count; });
  if (trend.top_reasons.size() > options.top_reasons) trend.top_reasons.resize(options.top_reasons);

  for (auto& [key, bypass] : bypasses) {
    const std::set<std::string>& checks = bypass_checks[key];
    bypass.failed_checks.assign(checks.begin(), checks.end());
    trend.bypasses.push_back(std::move(bypass));
  }
  for (auto& [repository, admitted] : unruled)
    trend.unruled.push_back(std::move(admitted));

  compute_remediation(ordered, repositories, trend);
  return trend;
}

}  // namespace hallmark::evidence
