#include "hallmark/util/log.hpp"

#include <cstdio>
#include <mutex>
#include <string>

namespace hallmark::util {
namespace {

Verbosity g_verbosity = Verbosity::kNormal;
std::string g_program = "hallmark";
std::mutex g_mutex;  // lines from worker threads must not interleave

void emit(std::string_view kind, std::string_view message) {
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "%s: %.*s%.*s\n", g_program.c_str(), static_cast<int>(kind.size()),
               kind.data(), static_cast<int>(message.size()), message.data());
}

}  // namespace

void set_verbosity(Verbosity verbosity) {
  g_verbosity = verbosity;
}
Verbosity verbosity() {
  return g_verbosity;
}
void set_program_name(std::string_view name) {
  g_program = name;
}

void warn(std::string_view message) {
  if (g_verbosity != Verbosity::kQuiet) emit("warning: ", message);
}

void explain(std::string_view message) {
  if (g_verbosity == Verbosity::kVerbose) emit("", message);
}

}  // namespace hallmark::util
