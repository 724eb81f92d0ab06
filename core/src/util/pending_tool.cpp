#include "hallmark/util/pending_tool.hpp"

#include <cstdio>
#include <string>

namespace hallmark::util {

int run_pending_tool(std::string_view program, std::string_view usage, int argc, char** argv) {
  std::string first = argc > 1 ? argv[1] : "";
  if (first == "--version") {
    std::printf("%.*s %s\n", static_cast<int>(program.size()), program.data(), HALLMARK_VERSION);
    return 0;
  }
  if (first == "-h" || first == "--help") {
    std::printf("%.*s", static_cast<int>(usage.size()), usage.data());
    return 0;
  }
  std::fprintf(stderr, "%.*s", static_cast<int>(usage.size()), usage.data());
  if (!first.empty())
    std::fprintf(stderr, "%.*s: \"%s\" is not available in this release\n",
                 static_cast<int>(program.size()), program.data(), first.c_str());
  return 2;
}

}  // namespace hallmark::util
