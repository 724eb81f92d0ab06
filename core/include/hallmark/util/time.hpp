// Time as the outputs record it. SOURCE_DATE_EPOCH, when set, replaces the clock so that the
// same input gives byte-identical documents (reproducible-builds.org convention).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hallmark::util {

using Clock = std::chrono::system_clock;

// Now, or SOURCE_DATE_EPOCH when it is set. A malformed SOURCE_DATE_EPOCH is a usage error.
Clock::time_point now();

// "2024-05-01T12:00:00Z": RFC 3339 in UTC, whole seconds.
std::string format_rfc3339(Clock::time_point time);

// RFC 3339 ("2022-10-31T23:59:59.999Z", "2024-01-02T03:04:05+01:00"), fractions kept to the
// microsecond; nullopt when malformed.
std::optional<Clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace hallmark::util
