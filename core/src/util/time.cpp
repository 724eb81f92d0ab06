#include "hallmark/util/time.hpp"

#include <charconv>
#include <cstdlib>
#include <ctime>
#include <string_view>

#include "hallmark/util/error.hpp"

namespace hallmark::util {

Clock::time_point now() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return Clock::now();
  std::string_view text(epoch);
  long long seconds = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || seconds < 0)
    throw_usage_error("SOURCE_DATE_EPOCH must be a count of seconds, not \"" + std::string(text) +
                      "\"");
  return Clock::time_point(std::chrono::seconds(seconds));
}

std::string format_rfc3339(Clock::time_point time) {
  std::time_t seconds = Clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<Clock::time_point> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  auto number = [&](size_t at, size_t digits) -> std::optional<int> {
    if (at + digits > text.size()) return std::nullopt;
    int value = 0;
    for (size_t i = at; i < at + digits; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || *month < 1 || *month > 12 ||
      *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60)
    return std::nullopt;
  size_t at = 19;
  long long micros = 0;
  if (at < text.size() && text[at] == '.') {
    size_t digits = 0;
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[at] - '0');
      ++digits;
      ++at;
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = digits; i < 6; ++i)
      micros *= 10;
  }
  int offset_minutes = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    auto hours = number(at + 1, 2), minutes = number(at + 4, 2);
    if (!hours || !minutes || at + 6 > text.size() || text[at + 3] != ':') return std::nullopt;
    offset_minutes = (*hours * 60 + *minutes) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                                   std::chrono::day(*day)};
  if (!date.ok()) return std::nullopt;
  auto time = std::chrono::sys_days(date) + std::chrono::hours(*hour) +
              std::chrono::minutes(*minute - offset_minutes) + std::chrono::seconds(*second) +
              std::chrono::microseconds(micros);
  return std::chrono::time_point_cast<Clock::duration>(time);
}

}  // namespace hallmark::util
