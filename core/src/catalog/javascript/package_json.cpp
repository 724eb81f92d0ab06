// package.json: the fields of an installed package Hallmark records, and the dependency
// declarations of a project.
#include <algorithm>
#include <tuple>

#include "hallmark/util/error.hpp"

#include "common.hpp"

namespace hallmark::catalog::javascript {
namespace {

using nlohmann::json;

// "Name <email> (url)", the one-string form npm documents for a person.
std::string person(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_object()) return "";
  std::string text = string_at(value, "name");
  for (auto [key, open, close] : {std::tuple{"email", "<", ">"}, std::tuple{"url", "(", ")"}}) {
    std::string part = string_at(value, key);
    if (part.empty()) continue;
    if (!text.empty()) text += ' ';
    text += open + part + close;
  }
  return text;
}

void add_names(const json& object, std::string_view key, std::vector<std::string>& names) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_object()) return;
  for (const auto& item : it->items())
    names.push_back(item.key());
}

void add_ranges(const json& object, std::string_view key,
                std::map<std::string, std::string>& ranges) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_object()) return;
  for (const auto& item : it->items())
    if (item.value().is_string()) ranges[item.key()] = item.value().get<std::string>();
}

void put(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

}  // namespace

Manifest parse_manifest(std::string_view content) {
  json document = parse_json_object(content);
  Manifest manifest;
  manifest.name = string_at(document, "name");
  manifest.version = string_at(document, "version");
  if (auto it = document.find("license"); it != document.end())
    add_licenses(*it, manifest.licenses);
  if (auto it = document.find("licenses"); it != document.end())
    add_licenses(*it, manifest.licenses);
  if (auto it = document.find("author"); it != document.end()) manifest.author = person(*it);
  manifest.homepage = string_at(document, "homepage");
  if (auto it = document.find("repository"); it != document.end())
    manifest.repository = it->is_string() ? it->get<std::string>() : string_at(*it, "url");
  add_names(document, "dependencies", manifest.dependencies);
  add_names(document, "optionalDependencies", manifest.dependencies);
  std::sort(manifest.dependencies.begin(), manifest.dependencies.end());
  manifest.dependencies.erase(
      std::unique(manifest.dependencies.begin(), manifest.dependencies.end()),
      manifest.dependencies.end());
  auto is_private = document.find("private");
  manifest.is_private =
      is_private != document.end() && is_private->is_boolean() && is_private->get<bool>();
  return manifest;
}

std::string to_reduced(const Manifest& manifest) {
  json reduced = json::object();
  put(reduced, "name", manifest.name);
  put(reduced, "version", manifest.version);
  if (!manifest.licenses.empty()) reduced["license"] = manifest.licenses;
  put(reduced, "author", manifest.author);
  put(reduced, "homepage", manifest.homepage);
  put(reduced, "repository", manifest.repository);
  for (const std::string& name : manifest.dependencies)
    reduced["dependencies"][name] = "";
  if (manifest.is_private) reduced["private"] = true;
  return reduced.dump();
}

ProjectManifest parse_project_manifest(std::string_view content) {
  json document = parse_json_object(content);
  ProjectManifest manifest;
  add_ranges(document, "dependencies", manifest.dependencies);
  add_ranges(document, "optionalDependencies", manifest.dependencies);
  add_ranges(document, "devDependencies", manifest.dev_dependencies);
  return manifest;
}

std::string to_reduced(const ProjectManifest& manifest) {
  return json{{"dependencies", manifest.dependencies},
              {"devDependencies", manifest.dev_dependencies}}
      .dump();
}

}  // namespace hallmark::catalog::javascript
