// Reading optional members deep inside provenance JSON, where absence is an answer ("no
// builder id") that the caller judges, not a parse error.
#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace hallmark::provenance {

// The member at `path`, or null when some step is missing or not an object.
inline const nlohmann::json& find_path(const nlohmann::json& json,
                                       std::initializer_list<const char*> path) {
  static const nlohmann::json kNull;
  const nlohmann::json* node = &json;
  for (const char* key : path) {
    if (!node->is_object()) return kNull;
    auto member = node->find(key);
    if (member == node->end()) return kNull;
    node = &*member;
  }
  return *node;
}

// The string at `path`, or "" when there is none.
inline std::string text_at(const nlohmann::json& json, std::initializer_list<const char*> path) {
  const nlohmann::json& value = find_path(json, path);
  return value.is_string() ? value.get<std::string>() : "";
}

}  // namespace hallmark::provenance
