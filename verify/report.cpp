// hallmark-verify report: trend metrics from decision logs, as HTML, Markdown or JSON. The
// command only reads options, reports skipped lines and writes outputs; the metrics and their
// renderings are core's (hallmark/evidence/trend.hpp, trend_report.hpp).
#include <cstdio>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "hallmark/evidence/decision_log.hpp"
#include "hallmark/evidence/trend.hpp"
#include "hallmark/evidence/trend_report.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"
#include "hallmark/util/time.hpp"

#include "commands.hpp"

namespace hallmark::verify {
namespace {

constexpr size_t kSkippedListed = 100;  // on stderr; the report counts and lists them all

constexpr char kDetails[] = R"help(
Reads decision logs (JSON Lines: one verdict per line, as the webhook and
`verify image --policy` write them) and reports: verdicts per day (UTC) and per rule with
allowed/denied counts, the deny rate, the top denial reasons, warn-mode passes (gate bypasses),
images admitted with no rule, and the mean and p90 time to remediate.

Outputs (-o may repeat; with none, Markdown goes to stdout):
  -o report.html            a self-contained HTML page (inline CSS and SVG charts, loads nothing)
  -o report.md              Markdown tables (.md or .markdown)
  -o report.json            JSON: every figure of the report, machine-readable
  -o FORMAT=FILE            FORMAT html, markdown or json, whatever FILE's extension
  -o FORMAT, --json, --markdown   that format to stdout (only one output may go to stdout)
Files are written atomically (a temporary name, then renamed).

Definitions:
  range        --since is inclusive, --until exclusive (since <= time < until). DATE is
               2024-05-01 (00:00:00Z of that day) or an RFC 3339 date-time, so
               --since 2024-05-01 --until 2024-06-01 is exactly May (UTC).
  days         UTC calendar days of the verdict time; only days with a verdict are listed.
  denied       "allowed": false, whatever the mode (a warn-mode pass is allowed).
  deny rate    denied / all verdicts in the range; n/a (JSON null) when there is none.
  rules        counted by rule name; "(no rule)" is the verdicts no rule matched (mode default).
  reasons      every failed check of every denied verdict, grouped by check name and reason,
               the reason normalized: the claim origin in front ("tag sha256-....sig: ",
               "referrer sha256:...: ") dropped, digests written <digest>, RFC 3339 times <time>,
               whitespace runs one space. A verdict counts once per group; most frequent first.
  warn passes  mode "warn", allowed, with at least one failed check.
  no rule      mode "default" (no rule matched) and allowed.
  remediation  per repository (the image without tag or digest), in time order: a denial opens
               an episode, the next allowed verdict closes it, a later denial opens a new one.
               Unresolved episodes are counted apart, never in the mean or p90.
  p90          nearest rank: the n remediation times sorted ascending, the one at rank
               ceil(0.9 n); with fewer than 10 episodes, the longest.

Lines that are empty, not JSON, or lack a required field ("time" RFC 3339, "image", "rule",
"mode" enforce|warn|default, "allowed", "checks") are reported on stderr as FILE:LINE (the first
100) and skipped, never fatal; the report counts and lists them. Logs with no usable line still
give a report, with zero counts (exit 0).

Examples:
  hallmark-verify report --decision-log decisions.jsonl -o report.html
  hallmark-verify report --decision-log webhook-1.jsonl webhook-2.jsonl \
      --since 2024-05-01 --until 2024-06-01 -o may.html -o may.md -o may.json
  hallmark-verify report --decision-log decisions.jsonl --since 2024-05-01T12:00:00Z --json
  zcat old.jsonl.gz | hallmark-verify report --decision-log - --markdown

Exit codes: 0 report written, 2 usage error, 4 a log cannot be read or an output written.
)help";

enum class Format { kHtml, kMarkdown, kJson };

struct Output {
  Format format;
  std::string path;  // "-" is stdout
};

std::optional<Format> format_named(std::string_view name) {
  if (name == "html") return Format::kHtml;
  if (name == "markdown" || name == "md") return Format::kMarkdown;
  if (name == "json") return Format::kJson;
  return std::nullopt;
}

// -o FORMAT, -o FORMAT=FILE, or -o FILE with a known extension.
Output output_of(const std::string& spec) {
  if (std::optional<Format> format = format_named(spec)) return {*format, "-"};
  if (size_t equals = spec.find('='); equals != std::string::npos) {
    if (std::optional<Format> format = format_named(spec.substr(0, equals))) {
      if (equals + 1 == spec.size()) throw_usage_error("-o " + spec + ": no file after \"=\"");
      return {*format, spec.substr(equals + 1)};
    }
  }
  std::string lower = util::to_lower(spec);
  for (auto [extension, format] : {std::pair{".html", Format::kHtml},
                                   {".htm", Format::kHtml},
                                   {".md", Format::kMarkdown},
                                   {".markdown", Format::kMarkdown},
                                   {".json", Format::kJson}})
    if (lower.ends_with(extension)) return {format, spec};
  throw_usage_error("-o " + util::printable(spec) +
                    ": cannot tell the format from the name; use .html, .md or .json, or write "
                    "FORMAT=FILE (html, markdown, json)");
}

std::optional<util::Clock::time_point> bound(const cxxopts::ParseResult& args, const char* name) {
  if (!args.count(name)) return std::nullopt;
  std::string text = args[name].as<std::string>();
  std::optional<util::Clock::time_point> time = evidence::parse_date_bound(text);
  if (!time)
    throw_usage_error(std::string("--") + name + ": \"" + util::printable(text) +
                      "\" is not a date (2024-05-01) or an RFC 3339 date-time "
                      "(2024-05-01T12:00:00Z)");
  return time;
}

std::string render(Format format, const evidence::Trend& trend, const std::string& generated) {
  switch (format) {
    case Format::kHtml:
      return evidence::trend_html(trend, generated);
    case Format::kMarkdown:
      return evidence::trend_markdown(trend, generated);
    case Format::kJson:
      // File names from the command line need not be UTF-8: replace, never throw.
      return evidence::trend_json(trend, generated)
                 .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
             "\n";
  }
  return "";
}

void message(const std::string& text) {
  std::fprintf(stderr, "hallmark-verify: %s\n", text.c_str());
}

}  // namespace

int report(int argc, char** argv) {
  cxxopts::Options options("hallmark-verify report",
                           "Trend metrics of the admission gate from decision logs.");
  options.positional_help("[FILE...]");  // more logs: --decision-log a.jsonl b.jsonl
  // clang-format off
  options.add_options()
      ("decision-log", "a decision log (JSON Lines; - is stdin); repeat it or list more files",
       cxxopts::value<std::vector<std::string>>())
      ("since", "only verdicts at or after DATE (inclusive)", cxxopts::value<std::string>())
      ("until", "only verdicts before DATE (exclusive)", cxxopts::value<std::string>())
      ("o,output", "write a report: FILE.html, FILE.md, FILE.json, FORMAT=FILE, or FORMAT for "
       "stdout (may repeat)", cxxopts::value<std::vector<std::string>>())
      ("json", "the JSON report on stdout (as -o json)")
      ("markdown", "the Markdown report on stdout (as -o markdown)")
      ("top", "how many denial reasons to list", cxxopts::value<size_t>()->default_value("10"))
      ("q,quiet", "do not list skipped lines or written files on stderr")
      ("more-logs", "", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  // cxxopts leaves positional options out of --help, so the files after the first take their own.
  options.parse_positional({"more-logs"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv, kDetails);
  if (!args.count("decision-log"))
    throw_usage_error("give at least one --decision-log FILE (see --help)");
  std::vector<std::string> logs = args["decision-log"].as<std::vector<std::string>>();
  if (args.count("more-logs"))
    for (const std::string& path : args["more-logs"].as<std::vector<std::string>>())
      logs.push_back(path);

  std::vector<Output> outputs;
  if (args.count("output"))
    for (const std::string& spec : args["output"].as<std::vector<std::string>>())
      outputs.push_back(output_of(spec));
  if (args.count("json")) outputs.push_back({Format::kJson, "-"});
  if (args.count("markdown")) outputs.push_back({Format::kMarkdown, "-"});
  if (outputs.empty()) outputs.push_back({Format::kMarkdown, "-"});
  size_t to_stdout = 0;
  for (const Output& output : outputs)
    to_stdout += output.path == "-" ? 1 : 0;
  if (to_stdout > 1)
    throw_usage_error("only one report can go to stdout; write the others to files with -o FILE");

  evidence::TrendOptions trend_options;
  trend_options.since = bound(args, "since");
  trend_options.until = bound(args, "until");
  trend_options.top_reasons = args["top"].as<size_t>();
  if (trend_options.since && trend_options.until && *trend_options.since >= *trend_options.until)
    throw_usage_error("--since must be before --until");
  bool quiet = args.count("quiet") > 0;
  std::string generated = util::format_rfc3339(util::now());

  // Every log is read before any output is written: a missing log leaves nothing behind.
  evidence::DecisionLog log = evidence::read_decision_logs(logs);
  if (!quiet) {
    for (size_t i = 0; i < log.skipped.size() && i < kSkippedListed; ++i)
      message(log.skipped[i].message());
    if (log.skipped.size() > kSkippedListed)
      message(std::to_string(log.skipped.size() - kSkippedListed) +
              " more lines skipped (the report lists them all)");
  }
  evidence::Trend trend = evidence::compute_trend(log, trend_options);
  if (trend.overall.total() == 0 && !quiet)
    message("no usable verdict" + std::string(trend.out_of_range ? " in the range" : "") +
            ": the report has zero counts");

  for (const Output& output : outputs) {
    util::write_output(output.path, render(output.format, trend, generated));
    if (output.path != "-" && !quiet) message("wrote " + util::printable(output.path));
  }
  return 0;
}

}  // namespace hallmark::verify
