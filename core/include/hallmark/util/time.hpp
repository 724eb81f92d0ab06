// Time as the outputs record it. SOURCE_DATE_EPOCH, when set, replaces the clock so that the
// same input gives byte-identical documents (reproducible-builds.org convention).
#pragma once

#include <chrono>
#include <string>

namespace hallmark::util {

using Clock = std::chrono::system_clock;

// Now, or SOURCE_DATE_EPOCH when it is set. A malformed SOURCE_DATE_EPOCH is a usage error.
Clock::time_point now();

// "2024-05-01T12:00:00Z": RFC 3339 in UTC, whole seconds.
std::string format_rfc3339(Clock::time_point time);

}  // namespace hallmark::util
