// Path globs, as catalogers and policies write them: `*` matches within one path segment, `**`
// across segments (also none), `?` one character other than '/'.
#pragma once

#include <string_view>

namespace hallmark::util {

bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace hallmark::util
