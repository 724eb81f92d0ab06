// The archive summary as the reducer keeps it: compact JSON, fields left out when empty.
#include <nlohmann/json.hpp>

#include "hallmark/catalog/java.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::catalog::java {
namespace {

using nlohmann::json;

void put(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

std::string text(const json& object, const char* key) {
  auto found = object.find(key);
  return found == object.end() ? "" : found->get<std::string>();
}

json section_json(const ManifestSection& section) {
  json attributes = json::array();
  for (const auto& [name, value] : section)
    attributes.push_back({name, value});
  return attributes;
}

ManifestSection section_of(const json& attributes) {
  ManifestSection section;
  for (const json& attribute : attributes)
    section.emplace_back(attribute.at(0).get<std::string>(), attribute.at(1).get<std::string>());
  return section;
}

json summary_json(const ArchiveSummary& summary) {
  json object = json::object();
  put(object, "path", summary.path);
  put(object, "sha1", summary.sha1);
  if (summary.manifest) {
    json sections = json::array();
    for (const ManifestSection& section : summary.manifest->sections)
      sections.push_back(section_json(section));
    object["manifest"] = {{"main", section_json(summary.manifest->main)}, {"sections", sections}};
  }
  for (const auto& [path, pom] : summary.poms) {
    json entry = {{"path", path}};
    put(entry, "groupId", pom.group_id);
    put(entry, "artifactId", pom.artifact_id);
    put(entry, "version", pom.version);
    put(entry, "name", pom.name);
    object["poms"].push_back(entry);
  }
  for (const ArchiveSummary& nested : summary.nested)
    object["nested"].push_back(summary_json(nested));
  if (!summary.warnings.empty()) object["warnings"] = summary.warnings;
  if (!summary.readable) object["unreadable"] = true;
  return object;
}

ArchiveSummary summary_of(const json& object) {
  ArchiveSummary summary;
  summary.path = text(object, "path");
  summary.sha1 = text(object, "sha1");
  if (auto manifest = object.find("manifest"); manifest != object.end()) {
    summary.manifest.emplace();
    summary.manifest->main = section_of(manifest->at("main"));
    for (const json& section : manifest->at("sections"))
      summary.manifest->sections.push_back(section_of(section));
  }
  for (const json& entry : object.value("poms", json::array())) {
    PomProperties pom;
    pom.group_id = text(entry, "groupId");
    pom.artifact_id = text(entry, "artifactId");
    pom.version = text(entry, "version");
    pom.name = text(entry, "name");
    summary.poms.emplace_back(text(entry, "path"), std::move(pom));
  }
  for (const json& nested : object.value("nested", json::array()))
    summary.nested.push_back(summary_of(nested));
  summary.warnings = object.value("warnings", std::vector<std::string>());
  summary.readable = !object.value("unreadable", false);
  return summary;
}

}  // namespace

std::string to_json(const ArchiveSummary& summary) {
  // Names and values are bytes as the archive has them; invalid UTF-8 is replaced, not fatal.
  return summary_json(summary).dump(-1, ' ', false, json::error_handler_t::replace);
}

ArchiveSummary from_json(std::string_view text) {
  try {
    return summary_of(json::parse(text));
  } catch (const json::exception& error) {
    throw_bad_input("", std::string("not a Java archive summary: ") + error.what());
  }
}

}  // namespace hallmark::catalog::java
