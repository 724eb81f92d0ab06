// What every executable's main shares: turning errors into one line on stderr and an exit code,
// and writing machine output.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace hallmark::util {

// Runs `body` as the program `program`: a hallmark::Error prints
// "program: subject: message" and exits with its kind's code; option-parsing errors are usage
// errors (2); anything unexpected is reported and exits 4.
int run_main(std::string_view program, const std::function<int()>& body);

// Writes `data` to stdout; a failed write (a closed pipe, a full disk) is kIo.
void write_stdout(std::string_view data);

}  // namespace hallmark::util
