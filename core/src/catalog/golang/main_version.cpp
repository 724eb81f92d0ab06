// The version of a main module that Go recorded as "(devel)" (go build in a checkout records no
// version before Go 1.24), found as syft finds it so that the two tools name it alike.
#include <chrono>
#include <cstdio>

#include "hallmark/catalog/golang.hpp"

namespace hallmark::catalog::golang {
namespace {

constexpr size_t kNoMatch = std::string_view::npos;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
// RE2's \s, which syft's Go regular expressions use: no \v.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// syft's patterns are regular expressions; they are matched here by hand, with the same
// backtracking order, since std::regex recurses per character and a hostile -ldflags could
// exhaust the stack.

// `\d+.\d+.\d+[-\w]*` (`numbers` groups of digits, `.` any character but a newline) at
// text[at]: where the match ends, or kNoMatch. Greedy digits, retried shorter on failure.
size_t match_numbers(std::string_view text, size_t at, int numbers) {
  size_t digits = 0;
  while (at + digits < text.size() && is_digit(text[at + digits]))
    ++digits;
  for (size_t take = digits; take >= 1; --take) {
    size_t next = at + take;
    if (numbers == 1) {
      while (next < text.size() && (is_word(text[next]) || text[next] == '-'))
        ++next;
      return next;
    }
    if (next < text.size() && text[next] != '\n') {
      size_t end = match_numbers(text, next + 1, numbers - 1);
      if (end != kNoMatch) return end;
    }
  }
  return kNoMatch;
}

// `(\S+/)*(v?\d+.\d+.\d+[-\w]*)` at text[at]: the version captured, if any. The path prefix is
// greedy: the version is tried after the last '/' of the token first.
std::optional<std::string_view> match_value(std::string_view text, size_t at) {
  size_t token_end = at;
  while (token_end < text.size() && !is_space(text[token_end]))
    ++token_end;
  std::vector<size_t> starts;
  for (size_t i = token_end; i > at + 1; --i)
    if (text[i - 1] == '/') starts.push_back(i);
  starts.push_back(at);
  for (size_t start : starts) {
    size_t numbers_at = start < text.size() && text[start] == 'v' ? start + 1 : start;
    size_t end = match_numbers(text, numbers_at, 3);
    if (end != kNoMatch) return text.substr(start, end - start);
  }
  return std::nullopt;
}

// `[cC]word` at text[at]: the length matched, 0 when absent.
size_t optional_word(std::string_view text, size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return 0;
  if (text[at] != word[0] && text[at] != word[0] - 'a' + 'A') return 0;
  return text.substr(at + 1, word.size() - 1) == word.substr(1) ? word.size() : 0;
}

// After a '.': where the "=" of `([gG]it)?([bB]uild)?[vV]er(sion)?=` ends, or kNoMatch.
size_t match_version_key(std::string_view text, size_t at) {
  at += optional_word(text, at, "git");
  at += optional_word(text, at, "build");
  size_t ver = optional_word(text, at, "ver");
  if (ver == 0) return kNoMatch;
  at += ver;
  if (text.substr(at, 4) == "sion") at += 4;
  return at < text.size() && text[at] == '=' ? at + 1 : kNoMatch;
}

// After a '.': where the "=" of `[tT]ag=` ends, or kNoMatch.
size_t match_tag_key(std::string_view text, size_t at) {
  size_t tag = optional_word(text, at, "tag");
  if (tag == 0) return kNoMatch;
  at += tag;
  return at < text.size() && text[at] == '=' ? at + 1 : kNoMatch;
}

// The first version the linker flags set (-X main.version=1.2.3), with a "v" in front.
std::optional<std::string> version_from_ldflags(std::string_view ldflags) {
  for (auto key : {match_version_key, match_tag_key}) {
    for (size_t dot = ldflags.find('.'); dot != kNoMatch; dot = ldflags.find('.', dot + 1)) {
      size_t value_at = key(ldflags, dot + 1);
      if (value_at == kNoMatch) continue;
      if (std::optional<std::string_view> version = match_value(ldflags, value_at))
        return version->starts_with("v") ? std::string(*version) : "v" + std::string(*version);
    }
  }
  return std::nullopt;
}

// The number written with exactly `count` digits at text[at], if it is one.
std::optional<int> fixed_digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Go's time.Parse(time.RFC3339, text) ("2024-03-04T05:06:07Z", "...07.5+01:00"), in UTC as
// "YYYYMMDDhhmmss"; nullopt when it does not parse.
std::optional<std::string> pseudo_version_time(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size()) return std::nullopt;
  for (size_t i = 0; i < kShape.size(); ++i)
    if (kShape[i] == 'd' ? !is_digit(text[i]) : text[i] != kShape[i]) return std::nullopt;
  int year = *fixed_digits(text, 0, 4), month = *fixed_digits(text, 5, 2);
  int day = *fixed_digits(text, 8, 2), hour = *fixed_digits(text, 11, 2);
  int minute = *fixed_digits(text, 14, 2), second = *fixed_digits(text, 17, 2);
  std::string_view rest = text.substr(kShape.size());
  if (rest.starts_with(".")) {
    size_t digits = 1;
    while (digits < rest.size() && is_digit(rest[digits]))
      ++digits;
    if (digits == 1) return std::nullopt;
    rest.remove_prefix(digits);
  }
  int offset_minutes = 0;
  if (rest != "Z") {
    std::optional<int> offset_hours = fixed_digits(rest, 1, 2);
    std::optional<int> offset_rest = fixed_digits(rest, 4, 2);
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' || !offset_hours ||
        !offset_rest || *offset_hours > 23 || *offset_rest > 59)
      return std::nullopt;
    offset_minutes = (rest[0] == '-' ? -1 : 1) * (*offset_hours * 60 + *offset_rest);
  }
  using namespace std::chrono;
  year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                      std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  sys_seconds utc =
      sys_days(date) + hours(hour) + minutes(minute - offset_minutes) + seconds(second);
  year_month_day utc_date{floor<days>(utc)};
  hh_mm_ss time_of_day{utc - floor<days>(utc)};
  char formatted[32];
  std::snprintf(formatted, sizeof formatted, "%04d%02u%02u%02d%02d%02d",
                static_cast<int>(utc_date.year()), static_cast<unsigned>(utc_date.month()),
                static_cast<unsigned>(utc_date.day()),
                static_cast<int>(time_of_day.hours().count()),
                static_cast<int>(time_of_day.minutes().count()),
                static_cast<int>(time_of_day.seconds().count()));
  return std::string(formatted);
}

}  // namespace

std::optional<std::string> main_module_version(const BuildInfo& info) {
  if (const std::string* ldflags = info.setting("-ldflags"))
    if (std::optional<std::string> version = version_from_ldflags(*ldflags)) return version;
  const std::string* revision = info.setting("vcs.revision");
  const std::string* time = info.setting("vcs.time");
  if (revision == nullptr || time == nullptr) return std::nullopt;
  // module.PseudoVersion("", "", time, revision[:12]); a time that does not parse is Go's zero
  // time, as syft leaves it.
  return "v0.0.0-" + pseudo_version_time(*time).value_or("00010101000000") + "-" +
         revision->substr(0, 12);
}

}  // namespace hallmark::catalog::golang
