#include "hallmark/util/cli.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>

#include <cxxopts.hpp>
#include <unistd.h>

#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/log.hpp"

namespace hallmark::util {

int run_main(std::string_view program, const std::function<int()>& body) {
  set_program_name(program);
  std::string name(program);
  try {
    return body();
  } catch (const Error& error) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), error.what());
    return exit_code(error.kind());
  } catch (const cxxopts::exceptions::exception& error) {
    std::fprintf(stderr, "%s: %s (see --help)\n", name.c_str(), error.what());
    return exit_code(ErrorKind::kUsage);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "%s: out of memory\n", name.c_str());
    return exit_code(ErrorKind::kIo);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), error.what());
    return exit_code(ErrorKind::kIo);
  }
}

cxxopts::ParseResult parse_options(cxxopts::Options& options, int argc, char** argv,
                                   std::string_view details) {
  options.add_options()("h,help", "print this help");
  cxxopts::ParseResult args = options.parse(argc, argv);
  if (args.count("help")) {
    write_stdout(options.help() + std::string(details));
    std::exit(0);
  }
  return args;
}

std::string single_operand(const cxxopts::ParseResult& args, const std::string& name,
                           const std::string& usage) {
  if (!args.count(name) || args[name].as<std::vector<std::string>>().size() != 1)
    throw_usage_error(usage);
  return args[name].as<std::vector<std::string>>().front();
}

void write_stdout(std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(STDOUT_FILENO, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_io_error("stdout", std::string("write failed: ") + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
}

void write_output(const std::string& path, std::string_view data, int mode) {
  if (path == "-") {
    write_stdout(data);
    return;
  }
  write_file_atomic(path, data, std::filesystem::perms(mode));
}

int dispatch(std::string_view program, std::string_view usage, const std::vector<Command>& commands,
             int argc, char** argv) {
  return run_main(program, [&] {
    std::string first = argc > 1 ? argv[1] : "";
    if (first == "-h" || first == "--help") {
      write_stdout(usage);
      return 0;
    }
    if (first == "--version") {
      write_stdout(std::string(program) + " " + HALLMARK_VERSION + "\n");
      return 0;
    }
    for (const Command& command : commands)
      if (command.name == first) return command.run(argc - 1, argv + 1);
    std::fprintf(stderr, "%.*s", static_cast<int>(usage.size()), usage.data());
    throw_usage_error(first.empty() ? "no command given" : "unknown command \"" + first + "\"");
  });
}

}  // namespace hallmark::util
