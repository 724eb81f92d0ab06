// Trend metrics from decision logs: reading logs (every bad line skipped with its reason), the
// counts, rates, reasons, bypasses, default admissions and remediation times on hand-made verdict
// sequences with exactly known answers, the date bounds, and escaping in HTML and Markdown.
#include "hallmark/evidence/trend.hpp"

#include <cctype>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "hallmark/evidence/decision_log.hpp"
#include "hallmark/evidence/html.hpp"
#include "hallmark/evidence/markdown.hpp"
#include "hallmark/evidence/trend_report.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/time.hpp"

using namespace hallmark;
using nlohmann::json;

namespace {

const std::string kHexA(64, 'a');
const std::string kHexB(64, 'b');

struct FailedCheck {
  std::string check;
  std::string reason;
};

// One decision log line, as policy::Verdict::to_json() writes it.
std::string line(const std::string& time, const std::string& image, const std::string& rule,
                 const std::string& mode, bool allowed,
                 const std::vector<FailedCheck>& failed = {}) {
  policy::Verdict verdict;
  verdict.time = time;
  verdict.image = image;
  verdict.digest = "sha256:" + kHexA;
  verdict.rule = rule;
  verdict.mode = mode;
  verdict.allowed = allowed;
  verdict.policy_digest = "sha256:" + kHexB;
  for (const FailedCheck& check : failed)
    verdict.checks.push_back({check.check, false, check.reason});
  if (failed.empty()) verdict.checks.push_back({"signature by key release", true, "verified"});
  return verdict.to_json().dump() + "\n";
}

const std::string kApp = "registry.example.com/team/app";
const std::string kApi = "registry.example.com/team/api";
const FailedCheck kNoSignature{"signature by key release", "the image has no signature"};

// The sequence the metrics tests share, with known answers:
// app: denied 05-01 10:00 and 10:30, allowed 11:00 (episode 1h, 2 denials); denied 05-02 08:00,
//      allowed 08:10 (10m); denied 05-03 09:00 (unresolved).
// api: denied 05-01 12:00, allowed 05-02 12:00 by digest (1d).
// legacy (warn): two passes with a failed attestation, one clean pass.
// no rule: debian admitted twice (two spellings of one repository), evil.example/x denied.
std::string known_log() {
  std::string text;
  text += line("2024-05-01T10:00:00Z", kApp + ":1.0", "team", "enforce", false,
               {{"signature by key release", "tag sha256-" + kHexA +
                                                 ".sig: the signature is for sha256:" + kHexA +
                                                 ", not sha256:" + kHexB}});
  text += line("2024-05-01T10:30:00Z", kApp + ":1.0", "team", "enforce", false,
               {{"signature by key release", "tag sha256-" + kHexB +
                                                 ".sig: the signature is for sha256:" + kHexB +
                                                 ", not sha256:" + kHexA}});
  text += line("2024-05-01T11:00:00Z", kApp + ":1.1", "team", "enforce", true);
  text += line("2024-05-01T12:00:00Z", kApi + ":2.0", "team", "enforce", false, {kNoSignature});
  text += line("2024-05-02T08:00:00Z", kApp + ":1.2", "team", "enforce", false, {kNoSignature});
  text += line("2024-05-02T08:10:00Z", kApp + ":1.2", "team", "enforce", true);
  text += line("2024-05-02T12:00:00Z", kApi + "@sha256:" + kHexA, "team", "enforce", true);
  text += line("2024-05-02T13:00:00Z", "registry.example.com/legacy/old:1", "legacy", "warn", true,
               {{"attestation https://slsa.dev/provenance/v1 by key release",
                 "the image has no such attestation"}});
  text += line("2024-05-02T14:00:00Z", "registry.example.com/legacy/old:2", "legacy", "warn", true,
               {{"attestation https://slsa.dev/provenance/v1 by key release",
                 "the image has no such attestation"}});
  text += line("2024-05-02T15:00:00Z", "registry.example.com/legacy/old:3", "legacy", "warn", true);
  text += line("2024-05-03T09:00:00Z", kApp + ":1.3", "team", "enforce", false, {kNoSignature});
  text += line("2024-05-03T10:00:00Z", "docker.io/library/debian:12", "", "default", true);
  text += line("2024-05-03T11:00:00Z", "debian:12", "", "default", true);
  text += line("2024-05-03T12:00:00Z", "evil.example/x:1", "", "default", false,
               {{"rule", "no rule matches evil.example/x: defaultAction deny"}});
  return text;
}

evidence::DecisionLog read(const std::string& text, const std::string& name = "log.jsonl") {
  evidence::DecisionLog log;
  evidence::read_decision_log(text, name, log);
  return log;
}

// What a page could fetch with: elements and attributes that load, CSS imports, url() and fonts.
// Only real markup is looked at (text between '<' and '>'; escaped text has no '<'), so a reason
// reading "<img src=x>" on the page is fine, while an <img> tag is not.
void check_loads_nothing(const std::string& page) {
  std::string tags;
  for (size_t open = page.find('<'); open != std::string::npos; open = page.find('<', open + 1)) {
    size_t close = page.find('>', open);
    REQUIRE(close != std::string::npos);
    std::string tag = page.substr(open, close - open + 1);
    for (char& c : tag)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    tags += tag;
  }
  for (const char* fetch :
       {" src=",   " href=", "xlink:href",     " srcset=", " action=", " data=",  " poster=",
        "<script", "<link",  "<img",           "<iframe",  "<frame",   "<object", "<embed",
        "<use",    "<image", "<foreignobject", "<audio",   "<video",   "<source", "<base",
        "<form",   "url("})
    CHECK_MESSAGE(tags.find(fetch) == std::string::npos, fetch);
  size_t style = page.find("<style>");
  REQUIRE(style != std::string::npos);
  std::string css = page.substr(style, page.find("</style>", style) - style);
  for (const char* fetch : {"@import", "url(", "@font-face", "image-set("})
    CHECK_MESSAGE(css.find(fetch) == std::string::npos, fetch);
  // And the browser is told to fetch nothing even if something slipped in.
  CHECK(page.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'\">") != std::string::npos);
}

util::Clock::time_point at(const std::string& text) {
  return *util::parse_rfc3339(text);
}

}  // namespace

TEST_CASE("decision log: bad lines are skipped with file, line and reason; the rest is read") {
  std::string good = line("2024-05-01T10:00:00Z", kApp + ":1", "team", "enforce", true);
  good.pop_back();
  std::string text =
      good + "\n" +                    // 1
      "\n" +                           // 2
      "   \t\n" +                      // 3
      "{\"time\": \n" +                // 4
      "[1, 2]\n" +                     // 5
      "{\"image\": \"x\"}\n" +         // 6
      "{\"time\": \"yesterday\"}\n" +  // 7
      "{\"time\":\"2024-05-01T10:00:00Z\",\"image\":\"x\",\"rule\":\"\","
      "\"mode\":\"audit\",\"allowed\":true,\"checks\":[]}\n" +  // 8
      "{\"time\":\"2024-05-01T10:00:00Z\",\"image\":\"x\",\"rule\":\"\","
      "\"mode\":\"default\",\"allowed\":\"yes\",\"checks\":[]}\n" +  // 9
      "{\"time\":\"2024-05-01T10:00:00Z\",\"image\":\"x\",\"rule\":\"\","
      "\"mode\":\"default\",\"allowed\":true,\"checks\":[{\"check\":\"c\"}]}\n" +  // 10
      "{\"time\":\"2024-05-01T10:00:00Z\",\"image\":\"\",\"rule\":\"\","
      "\"mode\":\"default\",\"allowed\":true,\"checks\":[]}\n" +  // 11
      good +
      "\r\n" +  // 12
      good;     // 13, no newline
  evidence::DecisionLog log = read(text);
  CHECK(log.lines == 13);
  REQUIRE(log.entries.size() == 3);
  CHECK(log.entries[0].line == 1);
  CHECK(log.entries[1].line == 12);
  CHECK(log.entries[2].line == 13);
  CHECK(log.entries[0].verdict.image == kApp + ":1");
  CHECK(log.entries[0].verdict.allowed);
  CHECK(log.entries[0].time == at("2024-05-01T10:00:00Z"));
  std::vector<std::pair<size_t, std::string>> skipped;
  for (const evidence::SkippedLine& line : log.skipped)
    skipped.emplace_back(line.line, line.reason);
  CHECK(skipped == std::vector<std::pair<size_t, std::string>>{
                       {2, "empty line"},
                       {3, "empty line"},
                       {4, "not JSON"},
                       {5, "not a JSON object"},
                       {6, "missing \"time\""},
                       {7, "\"time\" is not an RFC 3339 date-time"},
                       {8, "\"mode\" is not \"enforce\", \"warn\" or \"default\""},
                       {9, "\"allowed\" is not a boolean"},
                       {10, "a check has no boolean \"passed\""},
                       {11, "\"image\" is empty"}});
  CHECK(log.skipped[2].message() == "log.jsonl:4: skipped: not JSON");
  // A hostile file name cannot break the message's line.
  evidence::SkippedLine hostile{"a\nb.jsonl", 3, "not JSON"};
  CHECK(hostile.message() == "a\\x0ab.jsonl:3: skipped: not JSON");
}

TEST_CASE("decision logs: several files keep their names; a missing one is an I/O error") {
  evidence::DecisionLog log;
  evidence::read_decision_log(known_log(), "a.jsonl", log);
  evidence::read_decision_log("oops\n", "b.jsonl", log);
  CHECK(log.files == std::vector<std::string>{"a.jsonl", "b.jsonl"});
  CHECK(log.entries.size() == 14);
  REQUIRE(log.skipped.size() == 1);
  CHECK(log.skipped[0].message() == "b.jsonl:1: skipped: not JSON");
  try {
    evidence::read_decision_logs({"/nonexistent/hallmark/decisions.jsonl"});
    FAIL("a missing log must throw");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kIo);
    CHECK(error.subject() == "/nonexistent/hallmark/decisions.jsonl");
  }
}

TEST_CASE("trend: counts per day and rule, deny rate, reasons, bypasses, default admissions") {
  evidence::Trend trend = evidence::compute_trend(read(known_log()));
  CHECK(trend.overall.total() == 14);
  CHECK(trend.overall.allowed == 8);
  CHECK(trend.overall.denied == 6);
  REQUIRE(trend.overall.deny_rate());
  CHECK(*trend.overall.deny_rate() == doctest::Approx(6.0 / 14.0));
  CHECK(trend.first == "2024-05-01T10:00:00Z");
  CHECK(trend.last == "2024-05-03T12:00:00Z");

  REQUIRE(trend.per_day.size() == 3);
  CHECK(trend.per_day[0].day == "2024-05-01");
  CHECK(trend.per_day[0].counts.allowed == 1);
  CHECK(trend.per_day[0].counts.denied == 3);
  CHECK(trend.per_day[1].day == "2024-05-02");
  CHECK(trend.per_day[1].counts.allowed == 5);
  CHECK(trend.per_day[1].counts.denied == 1);
  CHECK(trend.per_day[2].day == "2024-05-03");
  CHECK(trend.per_day[2].counts.allowed == 2);
  CHECK(trend.per_day[2].counts.denied == 2);

  REQUIRE(trend.per_rule.size() == 3);
  CHECK(trend.per_rule[0].rule == "");
  CHECK(trend.per_rule[0].modes == std::vector<std::string>{"default"});
  CHECK(trend.per_rule[0].counts.allowed == 2);
  CHECK(trend.per_rule[0].counts.denied == 1);
  CHECK(trend.per_rule[1].rule == "legacy");
  CHECK(trend.per_rule[1].modes == std::vector<std::string>{"warn"});
  CHECK(trend.per_rule[1].counts.allowed == 3);
  CHECK(trend.per_rule[1].counts.denied == 0);
  CHECK(trend.per_rule[2].rule == "team");
  CHECK(trend.per_rule[2].counts.allowed == 3);
  CHECK(trend.per_rule[2].counts.denied == 5);
  CHECK(*trend.per_rule[2].counts.deny_rate() == doctest::Approx(5.0 / 8.0));

  // The two digest mismatches group once their origins and digests are left out.
  REQUIRE(trend.top_reasons.size() == 3);
  CHECK(trend.distinct_reasons == 3);
  CHECK(trend.top_reasons[0].check == "signature by key release");
  CHECK(trend.top_reasons[0].reason == "the image has no signature");
  CHECK(trend.top_reasons[0].count == 3);
  // Most frequent first: the mismatch (2 denials) before the default deny (1).
  CHECK(trend.top_reasons[1].check == "signature by key release");
  CHECK(trend.top_reasons[1].reason == "the signature is for <digest>, not <digest>");
  CHECK(trend.top_reasons[1].count == 2);
  CHECK(trend.top_reasons[2].check == "rule");
  CHECK(trend.top_reasons[2].reason == "no rule matches evil.example/x: defaultAction deny");
  CHECK(trend.top_reasons[2].count == 1);

  CHECK(trend.warn_passes == 2);
  REQUIRE(trend.bypasses.size() == 1);
  CHECK(trend.bypasses[0].rule == "legacy");
  CHECK(trend.bypasses[0].repository == "registry.example.com/legacy/old");
  CHECK(trend.bypasses[0].count == 2);
  CHECK(trend.bypasses[0].failed_checks ==
        std::vector<std::string>{"attestation https://slsa.dev/provenance/v1 by key release"});
  CHECK(trend.bypasses[0].first == "2024-05-02T13:00:00Z");
  CHECK(trend.bypasses[0].last == "2024-05-02T14:00:00Z");

  CHECK(trend.unruled_admissions == 2);
  REQUIRE(trend.unruled.size() == 1);
  CHECK(trend.unruled[0].repository == "docker.io/library/debian");
  CHECK(trend.unruled[0].count == 2);

  CHECK(trend.skipped.empty());
  CHECK(trend.out_of_range == 0);
}

TEST_CASE("trend: the top reasons are ordered by count, then check and reason, and cut") {
  std::string text;
  text +=
      line("2024-05-01T10:00:00Z", "r/a:1", "x", "enforce", false, {{"b", "two"}, {"a", "one"}});
  text +=
      line("2024-05-01T10:01:00Z", "r/a:1", "x", "enforce", false, {{"b", "two"}, {"b", "two"}});
  text += line("2024-05-01T10:02:00Z", "r/a:1", "x", "enforce", false, {{"c", "three"}});
  // A warn-mode pass with a failed check is no denial: its reason is not counted.
  text += line("2024-05-01T10:03:00Z", "r/a:1", "x", "warn", true, {{"z", "warned"}});
  evidence::TrendOptions options;
  options.top_reasons = 2;
  evidence::Trend trend = evidence::compute_trend(read(text), options);
  CHECK(trend.distinct_reasons == 3);
  REQUIRE(trend.top_reasons.size() == 2);
  CHECK(trend.top_reasons[0].check == "b");
  CHECK(trend.top_reasons[0].count == 2);  // once per verdict, though failed twice in one
  CHECK(trend.top_reasons[1].check == "a");
  CHECK(trend.top_reasons[1].count == 1);
}

TEST_CASE("trend: remediation episodes, mean and nearest-rank p90") {
  evidence::Trend trend = evidence::compute_trend(read(known_log()));
  CHECK(trend.remediation.resolved == 3);
  CHECK(trend.remediation.unresolved == 2);  // app's last denial, and evil.example/x
  REQUIRE(trend.remediation.mean_seconds);
  CHECK(*trend.remediation.mean_seconds == doctest::Approx((3600.0 + 600.0 + 86400.0) / 3));
  CHECK(*trend.remediation.p90_seconds == doctest::Approx(86400.0));

  REQUIRE(trend.episodes.size() == 5);
  // By repository (bytewise: "evil.example/x" < "registry.example.com/team/api" < ".../app"),
  // then the time of the first denial.
  const evidence::Episode& evil = trend.episodes[0];
  CHECK(evil.repository == "evil.example/x");
  CHECK(evil.denied_at == "2024-05-03T12:00:00Z");
  CHECK(evil.remediated_at == "");
  CHECK(evil.denials == 1);
  CHECK(evil.seconds == 0);
  const evidence::Episode& api = trend.episodes[1];
  CHECK(api.repository == kApi);
  CHECK(api.denied_at == "2024-05-01T12:00:00Z");
  CHECK(api.remediated_at == "2024-05-02T12:00:00Z");  // allowed by digest: same repository
  CHECK(api.denials == 1);
  CHECK(api.seconds == 86400.0);
  const evidence::Episode& app1 = trend.episodes[2];
  CHECK(app1.repository == kApp);
  CHECK(app1.denied_at == "2024-05-01T10:00:00Z");  // the first denial, not the second
  CHECK(app1.remediated_at == "2024-05-01T11:00:00Z");
  CHECK(app1.denials == 2);
  CHECK(app1.seconds == 3600.0);
  const evidence::Episode& app2 = trend.episodes[3];
  CHECK(app2.repository == kApp);
  CHECK(app2.denied_at == "2024-05-02T08:00:00Z");
  CHECK(app2.remediated_at == "2024-05-02T08:10:00Z");
  CHECK(app2.denials == 1);
  CHECK(app2.seconds == 600.0);
  const evidence::Episode& app3 = trend.episodes[4];
  CHECK(app3.repository == kApp);
  CHECK(app3.denied_at == "2024-05-03T09:00:00Z");
  CHECK(app3.remediated_at == "");
  CHECK(app3.denials == 1);

  // Only repositories with an episode: legacy/old and debian were never denied.
  REQUIRE(trend.per_repository.size() == 3);
  CHECK(trend.per_repository[0].repository == "evil.example/x");
  CHECK(trend.per_repository[0].stats.resolved == 0);
  CHECK(trend.per_repository[0].stats.unresolved == 1);
  CHECK_FALSE(trend.per_repository[0].stats.mean_seconds);
  CHECK_FALSE(trend.per_repository[0].stats.p90_seconds);
  CHECK(trend.per_repository[1].repository == kApi);
  CHECK(trend.per_repository[1].stats.resolved == 1);
  CHECK(trend.per_repository[1].stats.unresolved == 0);
  CHECK(*trend.per_repository[1].stats.mean_seconds == 86400.0);
  CHECK(*trend.per_repository[1].stats.p90_seconds == 86400.0);
  CHECK(trend.per_repository[2].repository == kApp);
  CHECK(trend.per_repository[2].stats.resolved == 2);
  CHECK(trend.per_repository[2].stats.unresolved == 1);
  CHECK(*trend.per_repository[2].stats.mean_seconds == 2100.0);  // (3600 + 600) / 2
  CHECK(*trend.per_repository[2].stats.p90_seconds == 3600.0);   // rank ceil(1.8) = 2 of 2
}

TEST_CASE("trend: remediation follows time, not log order; ties keep log order") {
  std::string text;
  text += line("2024-05-01T12:00:00Z", "r/a:2", "x", "enforce", true);
  text += line("2024-05-01T10:00:00Z", "r/a:1", "x", "enforce", false, {{"c", "why"}});
  // Same instant: the denial was logged first, so the allow closes the episode with 0 s.
  text += line("2024-05-02T10:00:00Z", "r/a:1", "x", "enforce", false, {{"c", "why"}});
  text += line("2024-05-02T10:00:00Z", "r/a:3", "x", "enforce", true);
  evidence::Trend trend = evidence::compute_trend(read(text));
  REQUIRE(trend.episodes.size() == 2);
  CHECK(trend.episodes[0].seconds == doctest::Approx(7200.0));
  CHECK(trend.episodes[1].seconds == doctest::Approx(0.0));
  CHECK(trend.remediation.resolved == 2);
  CHECK(*trend.remediation.mean_seconds == doctest::Approx(3600.0));
}

TEST_CASE("nearest-rank p90") {
  auto range = [](int n) {
    std::vector<double> values;
    for (int i = n; i >= 1; --i)
      values.push_back(i);  // unsorted on purpose
    return values;
  };
  CHECK_FALSE(evidence::nearest_rank({}, 90));
  CHECK(*evidence::nearest_rank({42}, 90) == 42);
  CHECK(*evidence::nearest_rank(range(3), 90) == 3);     // rank ceil(2.7) = 3
  CHECK(*evidence::nearest_rank(range(9), 90) == 9);     // rank ceil(8.1) = 9
  CHECK(*evidence::nearest_rank(range(10), 90) == 9);    // rank 9 exactly
  CHECK(*evidence::nearest_rank(range(11), 90) == 10);   // rank ceil(9.9) = 10
  CHECK(*evidence::nearest_rank(range(20), 90) == 18);   // rank 18 exactly
  CHECK(*evidence::nearest_rank(range(100), 90) == 90);  // rank 90 exactly
  CHECK(*evidence::nearest_rank(range(100), 50) == 50);
  CHECK(*evidence::nearest_rank(range(7), 100) == 7);
}

TEST_CASE("date bounds: since inclusive, until exclusive; a bare date is midnight UTC") {
  CHECK(evidence::parse_date_bound("2024-05-02") == at("2024-05-02T00:00:00Z"));
  CHECK(evidence::parse_date_bound("2024-05-02T02:00:00+02:00") == at("2024-05-02T00:00:00Z"));
  CHECK_FALSE(evidence::parse_date_bound("2024-13-02"));
  CHECK_FALSE(evidence::parse_date_bound("yesterday"));
  CHECK_FALSE(evidence::parse_date_bound("2024-05-02T10:00"));

  evidence::TrendOptions options;
  options.since = evidence::parse_date_bound("2024-05-02");
  options.until = evidence::parse_date_bound("2024-05-02T12:00:00Z");
  evidence::Trend trend = evidence::compute_trend(read(known_log()), options);
  // In: 05-02 08:00 (deny), 08:10 (allow). Out: the 12:00 verdict (until is exclusive) and later.
  CHECK(trend.overall.total() == 2);
  CHECK(trend.overall.denied == 1);
  CHECK(trend.out_of_range == 12);
  CHECK(trend.since == "2024-05-02T00:00:00Z");
  CHECK(trend.until == "2024-05-02T12:00:00Z");
  CHECK(trend.remediation.resolved == 1);
  CHECK(*trend.remediation.mean_seconds == doctest::Approx(600.0));

  // A verdict exactly at --since is in.
  options.since = at("2024-05-01T10:00:00Z");
  options.until = at("2024-05-01T10:00:01Z");
  trend = evidence::compute_trend(read(known_log()), options);
  CHECK(trend.overall.total() == 1);
  CHECK(trend.overall.denied == 1);
}

TEST_CASE("trend: no usable verdict gives zero counts and no rates") {
  evidence::Trend trend = evidence::compute_trend(read("\nnot json\n"));
  CHECK(trend.overall.total() == 0);
  CHECK_FALSE(trend.overall.deny_rate());
  CHECK_FALSE(trend.remediation.mean_seconds);
  CHECK(trend.skipped.size() == 2);
  json document = evidence::trend_json(trend, "2024-06-01T00:00:00Z");
  CHECK(document["verdicts"]["total"] == 0);
  CHECK(document["verdicts"]["denyRate"].is_null());
  CHECK(document["remediation"]["meanSeconds"].is_null());
  CHECK(document["input"]["skippedLines"] == 2);
  CHECK(document["input"]["linesRead"] == 2);
  std::string page = evidence::trend_html(trend, "2024-06-01T00:00:00Z");
  CHECK(page.find("No verdict in the decision logs") != std::string::npos);
  CHECK(evidence::trend_markdown(trend, "x").find("| Verdicts | 0 |") != std::string::npos);
}

TEST_CASE("reasons are normalized: origin, digests and times left out") {
  CHECK(evidence::normalize_reason(
            "tag sha256-" + kHexA + ".sig: the signature is for sha256:" + kHexA +
            ", not sha256:" + kHexB) == "the signature is for <digest>, not <digest>");
  CHECK(evidence::normalize_reason("referrer sha256:" + kHexA +
                                   ": signed 2024-05-01T12:00:00Z, older than maxSignatureAge") ==
        "signed <time>, older than maxSignatureAge");
  CHECK(evidence::normalize_reason("the image has  no\tsignature ") ==
        "the image has no signature");
  // Not an origin: a prefix with spaces before the colon is part of the reason.
  CHECK(evidence::normalize_reason("tag is wrong: x") == "tag is wrong: x");
  CHECK(evidence::normalize_reason("sha256:abc is short") == "sha256:abc is short");
  CHECK(evidence::normalize_reason("at 2024-05-01T12:00:00.5+02:00.") == "at <time>.");
}

TEST_CASE("repositories: tag and digest left out, Docker's defaults filled in") {
  CHECK(evidence::repository_of(kApp + ":1.0") == kApp);
  CHECK(evidence::repository_of(kApi + "@sha256:" + kHexA) == kApi);
  CHECK(evidence::repository_of("debian:12") == "docker.io/library/debian");
  CHECK(evidence::repository_of("localhost:5000/app:1@sha256:" + kHexA) == "localhost:5000/app");
  // Not a reference: still grouped, by the text without what looks like a tag.
  CHECK(evidence::repository_of("<script>alert(1)</script>") == "<script>alert(1)</script>");
  CHECK(evidence::repository_of("Bad Name:tag") == "Bad Name");
}

TEST_CASE("html: untrusted text is escaped, pages load nothing") {
  namespace html = evidence::html;
  CHECK(html::escape("<script>alert(\"x\")&'</script>") ==
        "&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;&lt;/script&gt;");
  CHECK(html::escape("caf\xc3\xa9 \xe2\x9c\x93") == "caf\xc3\xa9 \xe2\x9c\x93");
  CHECK(html::escape(std::string("a\0b\x01"
                                 "c\x7f",
                                 6)) ==
        "a\xef\xbf\xbd"
        "b\xef\xbf\xbd"
        "c\xef\xbf\xbd");
  CHECK(html::escape("bad \xff\xc3 end") == "bad \xef\xbf\xbd\xef\xbf\xbd end");
  CHECK(html::escape("c1 \xc2\x85 nel") == "c1 \xef\xbf\xbd nel");
  CHECK(html::escape("tab\tnewline\n") == "tab\tnewline\n");

  html::Page page("Report <1>");
  page.section("Section \"A\"", "a-1").paragraph("<img src=x onerror=alert(1)>");
  page.table({{"Name", "Count"}, {{"<b>bold</b>", "3"}}, {false, true}});
  html::BarChart chart;
  chart.title = "chart <t>";
  chart.series = {{"allowed", "#2da44e"}, {"denied", "#cf222e"}};
  chart.bars = {{"<day>", {2, 1}}, {"day2", {0, 4}}};
  page.chart(chart);
  std::string text = page.render();
  CHECK(text.starts_with("<!DOCTYPE html>"));
  CHECK(text.find("default-src 'none'") != std::string::npos);
  CHECK(text.find("<title>Report &lt;1&gt;</title>") != std::string::npos);
  CHECK(text.find("<section id=\"a-1\"><h2>Section &quot;A&quot;</h2>") != std::string::npos);
  CHECK(text.find("<p>&lt;img src=x onerror=alert(1)&gt;</p>") != std::string::npos);
  CHECK(text.find("<td>&lt;b&gt;bold&lt;/b&gt;</td><td class=\"num\">3</td>") != std::string::npos);
  CHECK(text.find("<img") == std::string::npos);
  CHECK(text.find("<b>") == std::string::npos);
  // No URL at all (the only "http" is the http-equiv of the CSP meta), and nothing that loads.
  CHECK(text.find("://") == std::string::npos);
  check_loads_nothing(text);
  // Each non-zero segment is one rect titled with its exact value.
  CHECK(text.find("<title>&lt;day&gt;: allowed 2</title>") != std::string::npos);
  CHECK(text.find("<title>day2: denied 4</title>") != std::string::npos);
  CHECK(text.find("<title>day2: allowed") == std::string::npos);
  // An id that is not plain letters, digits and '-' is dropped rather than escaped.
  html::Page other("x");
  other.section("s", "a\" onclick=\"x");
  CHECK(other.render().find("onclick") == std::string::npos);
}

TEST_CASE("markdown: untrusted text cannot become markup") {
  namespace md = evidence::markdown;
  CHECK(md::escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(md::escape("a|b*c_d`e[f](g)") == "a\\|b\\*c\\_d\\`e\\[f\\](g)");
  CHECK(md::escape("# not a heading") == "\\# not a heading");
  CHECK(md::escape("- not a list") == "\\- not a list");
  CHECK(md::escape("1. not a list") == "1\\. not a list");
  CHECK(md::escape("33.3%") == "33.3%");
  CHECK(md::escape("2024-05-01") == "2024-05-01");
  CHECK(md::escape("two\nlines\r") == "two lines ");
  std::string table = md::table({{"Name", "Count"}, {{"a|b", "3"}}, {false, true}});
  CHECK(table == "| Name | Count |\n| --- | ---: |\n| a\\|b | 3 |\n\n");
  CHECK(md::table({{"Name"}, {}, {}}) == "_none_\n\n");
}

TEST_CASE("trend renderings: the same figures in JSON, HTML and Markdown, hostile names escaped") {
  std::string text = known_log();
  text += line("2024-05-03T13:00:00Z", "<script>alert(1)</script>", "", "default", true);
  evidence::Trend trend = evidence::compute_trend(read(text));
  json document = evidence::trend_json(trend, "2024-06-01T00:00:00Z");
  CHECK(document["kind"] == "TrendReport");
  CHECK(document["generated"] == "2024-06-01T00:00:00Z");
  CHECK(document["verdicts"]["total"] == 15);
  CHECK(document["verdicts"]["denied"] == 6);
  CHECK(document["verdicts"]["denyRate"].get<double>() == doctest::Approx(0.4));
  CHECK(document["warnModePasses"]["total"] == 2);
  CHECK(document["admittedWithoutRule"]["total"] == 3);
  CHECK(document["remediation"]["p90Seconds"].get<double>() == doctest::Approx(86400.0));
  CHECK(document["remediation"]["meanSeconds"].get<double>() == doctest::Approx(30200.0));
  CHECK(document["remediation"]["unresolved"] == 2);
  // Episodes: evil (unresolved), api, app x3 (the last unresolved); the hostile name was
  // admitted by default and never denied, so it has none.
  REQUIRE(document["remediation"]["episodes"].size() == 5);
  CHECK(document["remediation"]["episodes"][0]["repository"] == "evil.example/x");
  CHECK(document["remediation"]["episodes"][0]["remediatedAt"].is_null());
  CHECK(document["remediation"]["episodes"][0]["seconds"].is_null());
  CHECK(document["remediation"]["episodes"][3]["remediatedAt"] == "2024-05-02T08:10:00Z");
  CHECK(document["remediation"]["episodes"][3]["seconds"] == 600.0);
  CHECK(document["remediation"]["episodes"][4]["remediatedAt"].is_null());
  CHECK(
      document["perDay"][0] ==
      json{{"day", "2024-05-01"}, {"allowed", 1}, {"denied", 3}, {"total", 4}, {"denyRate", 0.75}});
  // Deterministic: the same input renders the same bytes.
  CHECK(evidence::trend_json(trend, "t").dump() == evidence::trend_json(trend, "t").dump());

  std::string page = evidence::trend_html(trend, "2024-06-01T00:00:00Z");
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  check_loads_nothing(page);
  CHECK(page.find("40.0%") != std::string::npos);
  CHECK(page.find("8h 23m 20s (30200 s)") != std::string::npos);
  CHECK(page.find("1d (86400 s)") != std::string::npos);
  CHECK(page == evidence::trend_html(trend, "2024-06-01T00:00:00Z"));

  std::string md = evidence::trend_markdown(trend, "2024-06-01T00:00:00Z");
  CHECK(md.find("| Deny rate | 40.0% |") != std::string::npos);
  CHECK(md.find("| signature by key release | the image has no signature | 3 |") !=
        std::string::npos);
  CHECK(md.find("| &lt;script&gt;alert(1)&lt;/script&gt; | 1 |") != std::string::npos);
  CHECK(md.find("<script") == std::string::npos);
}

TEST_CASE("figures in words") {
  CHECK(evidence::duration_text(std::nullopt) == "n/a");
  CHECK(evidence::duration_text(0.0) == "0s");
  CHECK(evidence::duration_text(59.6) == "1m");
  CHECK(evidence::duration_text(3600) == "1h");
  CHECK(evidence::duration_text(90061) == "1d 1h 1m 1s");
  CHECK(evidence::rate_text(std::nullopt) == "n/a");
  CHECK(evidence::rate_text(6.0 / 14.0) == "42.9%");
  CHECK(evidence::rate_text(1.0) == "100.0%");
  CHECK(evidence::rule_text("") == "(no rule)");
}
