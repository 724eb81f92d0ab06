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

}  // namespace hallmark::util
