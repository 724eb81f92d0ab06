// syft's test fixtures and the expectations derived from its tests (../shared/upstream/
// syft-fixtures), for the language catalogers' parser tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "shared.hpp"

namespace hallmark::test {

// The text of syft/pkg/cataloger/<relative>.
inline std::string syft_fixture(const std::string& relative) {
  std::ifstream in(shared_path("upstream/syft-fixtures/syft/pkg/cataloger/" + relative),
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The cases of expected/<id>.json.
inline nlohmann::json syft_expected_cases(const std::string& id) {
  std::ifstream in(shared_path("upstream/syft-fixtures/expected/" + id + ".json"));
  REQUIRE(in);
  return nlohmann::json::parse(in).at("cases");
}

}  // namespace hallmark::test
