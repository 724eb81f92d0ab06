// What every executable's main shares: parsing options, turning errors into one line on stderr
// and an exit code, and writing machine output.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <cxxopts.hpp>

namespace hallmark::util {

// Runs `body` as the program `program`: a hallmark::Error prints
// "program: subject: message" and exits with its kind's code; option-parsing errors are usage
// errors (2); anything unexpected is reported and exits 4.
int run_main(std::string_view program, const std::function<int()>& body);

// Adds -h/--help to `options` and parses the command line; --help prints the options' help and
// then `details` (examples, notes) on stdout and exits 0.
cxxopts::ParseResult parse_options(cxxopts::Options& options, int argc, char** argv,
                                   std::string_view details = "");

// The one positional operand the option `name` collects (declared as a vector of strings and
// made positional); none or several is a usage error saying `usage`.
std::string single_operand(const cxxopts::ParseResult& args, const std::string& name,
                           const std::string& usage);

// Writes `data` to stdout; a failed write (a closed pipe, a full disk) is kIo.
void write_stdout(std::string_view data);

// Writes an output to `path` atomically with `mode`, or to stdout when `path` is "-".
void write_output(const std::string& path, std::string_view data, int mode = 0644);

// A tool with subcommands ("hallmark-sign keygen ..."): the command's function gets argv from
// the command name on. Unknown commands and no command are usage errors (exit 2) after
// `usage`; --help and --version answer as usual.
struct Command {
  std::string_view name;
  std::function<int(int argc, char** argv)> run;
};
int dispatch(std::string_view program, std::string_view usage, const std::vector<Command>& commands,
             int argc, char** argv);

}  // namespace hallmark::util
