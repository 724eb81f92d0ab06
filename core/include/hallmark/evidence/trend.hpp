// Trend metrics over decision logs: what a security lead asks of the admission gate ("are we
// getting better?"). Every figure is computed here, once; the HTML, Markdown and JSON renderings
// (trend_report.hpp) only lay the same numbers out.
//
// Definitions (also in `hallmark-verify report --help`):
// - Range: a verdict counts when since <= time < until (since inclusive, until exclusive); a bare
//   date is 00:00:00Z of that day, so --since 2024-05-01 --until 2024-06-01 is exactly May.
// - Denied is "allowed": false; the deny rate is denied / all verdicts in range (none: no rate).
// - Days are UTC calendar days of the verdict time; only days with a verdict are listed.
// - Top denial reasons: every failed check of every denied verdict, grouped by the check name and
//   its normalized reason (normalize_reason()); a verdict counts once per group. Most frequent
//   first, then by check name and reason.
// - Warn-mode passes (gate bypasses): mode "warn", allowed, with at least one failed check.
// - Admitted with no rule: mode "default" and allowed (defaultAction allow let it in).
// - Remediation: per repository (the image without tag or digest), verdicts in time order; the
//   first denial opens an episode, the next allowed verdict of that repository closes it (its
//   time to remediate is the time between the two), and a later denial opens a new one. Episodes
//   still open at the end are unresolved: counted apart, never in the mean or p90.
// - p90 is the nearest-rank percentile: with the n durations sorted ascending, the one at rank
//   ceil(0.9 * n) (1-based). For n < 10 that is the largest.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/evidence/decision_log.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::evidence {

struct TrendOptions {
  std::optional<util::Clock::time_point> since;  // inclusive
  std::optional<util::Clock::time_point> until;  // exclusive
  size_t top_reasons = 10;                       // how many denial reasons to keep
};

struct Counts {
  size_t allowed = 0;
  size_t denied = 0;
  size_t total() const { return allowed + denied; }
  // denied / total; nullopt when there is no verdict.
  std::optional<double> deny_rate() const;
};

struct DayCounts {
  std::string day;  // "2024-05-01" (UTC)
  Counts counts;
};

struct RuleCounts {
  std::string rule;                // empty: no rule matched (mode "default")
  std::vector<std::string> modes;  // the modes it was seen with, sorted
  Counts counts;
};

struct ReasonCount {
  std::string check;
  std::string reason;  // normalized
  size_t count = 0;
};

// Warn-mode passes of one rule and repository.
struct BypassCount {
  std::string rule;
  std::string repository;
  size_t count = 0;
  std::vector<std::string> failed_checks;  // the names of the checks that failed, sorted, unique
  std::string first, last;                 // RFC 3339 times
};

// Default-allowed admissions of one repository.
struct UnruledCount {
  std::string repository;
  size_t count = 0;
  std::string first, last;
};

struct Episode {
  std::string repository;
  std::string denied_at;      // the first denial (RFC 3339)
  std::string remediated_at;  // the next allowed verdict; empty when unresolved
  size_t denials = 0;         // denials in the episode
  double seconds = 0;         // time to remediate; 0 when unresolved
};

// Mean and nearest-rank p90 of resolved episodes' durations.
struct RemediationStats {
  size_t resolved = 0;
  size_t unresolved = 0;
  std::optional<double> mean_seconds;  // nullopt without a resolved episode
  std::optional<double> p90_seconds;
};

struct RepositoryRemediation {
  std::string repository;
  RemediationStats stats;
};

struct Trend {
  // The input, as read.
  std::vector<std::string> files;
  size_t lines = 0;
  std::vector<SkippedLine> skipped;
  size_t out_of_range = 0;                  // usable verdicts outside --since/--until
  std::optional<std::string> since, until;  // RFC 3339, as applied

  Counts overall;
  std::optional<std::string> first, last;  // the earliest and latest verdict time in range
  std::vector<DayCounts> per_day;          // ascending
  std::vector<RuleCounts> per_rule;        // by rule name; "" (no rule) first
  std::vector<ReasonCount> top_reasons;    // at most TrendOptions::top_reasons
  size_t distinct_reasons = 0;             // before the cut to top_reasons
  size_t warn_passes = 0;
  std::vector<BypassCount> bypasses;  // by rule, then repository
  size_t unruled_admissions = 0;
  std::vector<UnruledCount> unruled;  // by repository
  RemediationStats remediation;
  std::vector<RepositoryRemediation> per_repository;  // by repository; only those with episodes
  std::vector<Episode> episodes;  // every episode, by repository then denial time
};

Trend compute_trend(const DecisionLog& log, const TrendOptions& options = {});

// The repository of an image reference, what remediation is tracked by: the canonical name
// (registry and path, Docker's defaults filled in) when it parses as a reference, else the text
// without "@digest" and without a ":tag" after the last "/".
std::string repository_of(std::string_view image);

// A denial reason without what differs between two occurrences of the same problem: the claim
// origin in front ("tag sha256-<hex>.sig: ", "referrer sha256:<hex>: "), every digest
// (sha256:/sha384:/sha512: and hex) written "<digest>", and every RFC 3339 date-time written
// "<time>". Whitespace runs become one space.
std::string normalize_reason(std::string_view reason);

// --since / --until values: "2024-05-01" (00:00:00Z of that day) or an RFC 3339 date-time.
std::optional<util::Clock::time_point> parse_date_bound(std::string_view text);

// The nearest-rank `percent` percentile (1..100) of `values`: sorted ascending, the value at
// rank ceil(percent * n / 100), computed in integers; nullopt when empty.
std::optional<double> nearest_rank(std::vector<double> values, unsigned percent);

}  // namespace hallmark::evidence
