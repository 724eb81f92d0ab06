// Human messages on stderr. Machine output never goes here. -q silences warnings and notes,
// -v adds the explanations of what the tool is doing.
#pragma once

#include <string_view>

namespace hallmark::util {

enum class Verbosity { kQuiet, kNormal, kVerbose };

void set_verbosity(Verbosity verbosity);
Verbosity verbosity();

// Set by main to the executable's name, which every message starts with.
void set_program_name(std::string_view name);

void warn(std::string_view message);     // shown unless quiet
void explain(std::string_view message);  // shown when verbose

}  // namespace hallmark::util
