// The executables whose commands have not landed yet: they answer --help and --version, and any
// command with their usage and exit code 2, so that scripts fail loudly rather than silently.
#pragma once

#include <string_view>

namespace hallmark::util {

int run_pending_tool(std::string_view program, std::string_view usage, int argc, char** argv);

}  // namespace hallmark::util
