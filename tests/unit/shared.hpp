// Where the unit tests find their data: ../shared (the upstream material) and tests/data.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

namespace hallmark::test {

// A file or folder of ../shared. Missing shared material fails the test loudly: a test that
// silently skips its real inputs would prove nothing.
inline std::filesystem::path shared_path(const std::string& relative) {
  std::filesystem::path path = std::filesystem::path(HALLMARK_SHARED_DIR) / relative;
  INFO("shared test material missing: " << path.string()
                                        << " (../shared must sit beside the project root)");
  REQUIRE(std::filesystem::exists(path));
  return path;
}

inline std::filesystem::path data_path(const std::string& relative) {
  return std::filesystem::path(HALLMARK_TEST_DATA_DIR) / relative;
}

}  // namespace hallmark::test
