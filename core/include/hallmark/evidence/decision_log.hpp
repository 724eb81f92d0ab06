// Reading decision logs: JSON Lines files whose every line is one verdict exactly as
// policy::Verdict::to_json() writes it (the webhook and `verify image --policy` append them).
// A log is a long-lived file that other programs append to, so a damaged line (cut short by a
// crash, hand-edited, from another version) must cost only that line: it is recorded as skipped,
// with its file, line number and why, and reading goes on.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/policy/evaluate.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::evidence {

// One usable line: the verdict, its time parsed, and where it was read (for messages and for a
// stable order among verdicts of the same instant).
struct LogEntry {
  policy::Verdict verdict;
  util::Clock::time_point time;
  size_t source = 0;  // index of the log among those read
  size_t line = 0;    // 1-based
};

struct SkippedLine {
  std::string file;    // the log's name as given
  size_t line = 0;     // 1-based
  std::string reason;  // "empty line", "not JSON", "missing \"time\"", ...

  // "log.jsonl:7: skipped: not JSON" (the name made printable).
  std::string message() const;
};

struct DecisionLog {
  std::vector<std::string> files;  // the logs read, in the order given
  std::vector<LogEntry> entries;   // in reading order
  std::vector<SkippedLine> skipped;
  size_t lines = 0;  // every line read, used or skipped
};

// Why `line` cannot be used as a verdict, or an empty string when it can. Required: "time" (an
// RFC 3339 date-time), "image" (a non-empty string), "rule" (a string, empty when no rule
// matched), "mode" ("enforce", "warn" or "default"), "allowed" (a boolean) and "checks" (an
// array of objects with a string "check" and a boolean "passed"; "reason" a string when
// present). "digest" and "policyDigest" are optional but must be strings when present.
std::string unusable_reason(const nlohmann::json& line);

// Reads one log from `in` into `log` under the name `name`: every line is either an entry or a
// skipped line. Never throws for the content; a failing stream is kIo naming `name`.
void read_decision_log(std::istream& in, const std::string& name, DecisionLog& log);
// The same over text in memory (tests, small inputs).
void read_decision_log(std::string_view text, const std::string& name, DecisionLog& log);

// Reads every log in order; "-" is stdin. A log that cannot be opened or read is kIo naming it.
DecisionLog read_decision_logs(const std::vector<std::string>& paths);

}  // namespace hallmark::evidence
