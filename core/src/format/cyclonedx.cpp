// CycloneDX JSON, spec versions 1.5, 1.6 and 1.7 (the fields used here are the same in all
// three). Every document is checked in the tests against the official schema of its version.
#include <set>

#include <nlohmann/json.hpp>

#include "hallmark/format/encoder.hpp"
#include "hallmark/model/license.hpp"
#include "hallmark/util/time.hpp"

#include "common.hpp"

namespace hallmark::format {
namespace {

using nlohmann::json;

void add_property(json& properties, const std::string& name, const std::string& value) {
  if (!value.empty()) properties.push_back({{"name", name}, {"value", value}});
}

json licenses_of(const model::Package& package) {
  json licenses = json::array();
  if (package.licenses.empty()) return licenses;
  // One expression when everything is SPDX and something is compound (schema: an expression
  // stands alone); otherwise one entry per license, by SPDX id or by name as written.
  std::optional<std::string> expression = combined_spdx_expression(package);
  if (expression && expression->find(' ') != std::string::npos) {
    licenses.push_back({{"expression", *expression}});
    return licenses;
  }
  std::set<std::string> seen;
  for (const model::License& license : package.licenses) {
    bool single_id = license.spdx && model::is_spdx_license_id(*license.spdx);
    std::string key = single_id ? *license.spdx : license.value;
    if (!seen.insert(key).second) continue;
    licenses.push_back({{"license", single_id ? json{{"id", key}} : json{{"name", key}}}});
  }
  return licenses;
}

// Where the package was found and the licenses as its data writes them: the evidence an
// auditor checks the normalized fields against.
json evidence_of(const model::Package& package, std::string_view spec_version) {
  json evidence = json::object();
  json occurrences = json::array();
  for (const model::Location& location : package.locations) {
    json occurrence = {{"location", location.path}};
    if (spec_version != "1.5") {
      std::string context = location.primary ? "package database" : "supporting file";
      if (!location.layer.empty()) context += " in layer " + location.layer;
      occurrence["additionalContext"] = context;
    }
    occurrences.push_back(occurrence);
  }
  if (!occurrences.empty()) evidence["occurrences"] = occurrences;
  json licenses = json::array();
  std::set<std::string> seen;
  for (const model::License& license : package.licenses)
    if (seen.insert(license.value).second)
      licenses.push_back({{"license", {{"name", license.value}}}});
  if (!licenses.empty()) evidence["licenses"] = licenses;
  return evidence;
}

// `owner`: the OS package whose files hold this one (a CONTAINS relationship), or empty.
json component_of(const model::Package& package, std::string_view spec_version,
                  const std::string& owner) {
  json component = {{"bom-ref", package.id}, {"type", "library"}, {"name", package.name}};
  if (!package.version.empty()) component["version"] = package.version;
  if (!package.supplier.empty()) component["publisher"] = package.supplier;
  if (!package.description.empty()) component["description"] = package.description;
  if (!package.purl.empty()) component["purl"] = package.purl;
  if (!package.cpes.empty()) component["cpe"] = package.cpes.front();
  json licenses = licenses_of(package);
  if (!licenses.empty()) component["licenses"] = licenses;
  json evidence = evidence_of(package, spec_version);
  if (!evidence.empty()) component["evidence"] = evidence;

  json properties = json::array();
  add_property(properties, "hallmark:package:type", package.type);
  add_property(properties, "hallmark:package:foundBy", package.found_by);
  add_property(properties, "hallmark:package:arch", package.arch);
  add_property(properties, "hallmark:package:sourceName", package.source_name);
  add_property(properties, "hallmark:package:sourceVersion", package.source_version);
  for (size_t i = 1; i < package.cpes.size(); ++i)
    add_property(properties, "hallmark:cpe23", package.cpes[i]);
  size_t index = 0;
  for (const model::Location& location : package.locations) {
    std::string prefix = "hallmark:location:" + std::to_string(index++) + ":";
    add_property(properties, prefix + "path", location.path);
    add_property(properties, prefix + "layerID", location.layer);
    add_property(properties, prefix + "evidence", location.primary ? "primary" : "supporting");
  }
  add_property(properties, "hallmark:owned-by", owner);
  for (const auto& [name, value] : package.properties)
    add_property(properties, "hallmark:metadata:" + name, value);
  if (!properties.empty()) component["properties"] = properties;
  return component;
}

json distro_component(const model::Distro& distro) {
  json component = {{"bom-ref", "os:" + distro.id + "@" + distro.version_id},
                    {"type", "operating-system"},
                    {"name", distro.id}};
  if (!distro.version_id.empty()) component["version"] = distro.version_id;
  if (!distro.pretty_name.empty()) component["description"] = distro.pretty_name;
  if (!distro.home_url.empty())
    component["externalReferences"] =
        json::array({{{"type", "website"}, {"url", distro.home_url}}});
  json properties = json::array();
  for (const std::string& like : distro.id_like)
    add_property(properties, "hallmark:distro:idLike", like);
  add_property(properties, "hallmark:distro:cpe", distro.cpe_name);
  add_property(properties, "hallmark:distro:codename", distro.version_codename);
  if (!properties.empty()) component["properties"] = properties;
  return component;
}

json root_component(const model::SourceInfo& source) {
  static constexpr const char* kTypes[] = {"container", "file", "file"};
  json component = {
      {"bom-ref", "source"},
      {"type", kTypes[static_cast<int>(source.kind)]},
      {"name",
       source.kind == model::SourceKind::kImage ? source.name : source_display_name(source)}};
  std::string version = source_version(source);
  if (!version.empty()) component["version"] = version;
  std::string purl = image_purl(source);
  if (!purl.empty()) component["purl"] = purl;
  json properties = json::array();
  add_property(properties, "hallmark:image:tag", source.tag);
  add_property(properties, "hallmark:image:manifestDigest", source.digest);
  add_property(properties, "hallmark:image:configDigest", source.config_digest);
  if (!source.os.empty()) {
    std::string platform = source.os + "/" + source.architecture;
    if (!source.variant.empty()) platform += "/" + source.variant;
    add_property(properties, "hallmark:image:platform", platform);
  }
  for (size_t i = 0; i < source.layers.size(); ++i)
    add_property(properties, "hallmark:image:layer:" + std::to_string(i), source.layers[i].digest);
  if (!properties.empty()) component["properties"] = properties;
  return component;
}

}  // namespace

std::string encode_cyclonedx(const model::Sbom& sbom, std::string_view spec_version,
                             const ToolInfo& tool) {
  json bom;
  bom["$schema"] = "http://cyclonedx.org/schema/bom-" + std::string(spec_version) + ".schema.json";
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = spec_version;
  bom["version"] = 1;
  bom["metadata"] = {
      {"timestamp", util::format_rfc3339(util::now())},
      {"tools",
       {{"components", json::array({{{"type", "application"},
                                     {"author", "Hallmark"},
                                     {"name", tool.name},
                                     {"version", tool.version}}})}}},
      {"component", root_component(sbom.source)},
  };
  json components = json::array();
  if (sbom.distro) components.push_back(distro_component(*sbom.distro));
  std::map<std::string, std::string> owners;
  for (const model::Relationship& relationship : sbom.relationships)
    if (relationship.type == model::RelationshipType::kContains)
      owners[relationship.to] = relationship.from;
  for (const model::Package& package : sbom.packages)
    components.push_back(component_of(package, spec_version, owners[package.id]));
  bom["components"] = components;

  // Every component appears in the graph, with what it depends on (possibly nothing).
  std::map<std::string, std::set<std::string>> depends;
  for (const model::Package& package : sbom.packages)
    depends[package.id];
  for (const model::Relationship& relationship : sbom.relationships)
    depends[relationship.from].insert(relationship.to);
  json dependencies = json::array();
  for (auto& [ref, targets] : depends)
    dependencies.push_back({{"ref", ref}, {"dependsOn", targets}});
  bom["dependencies"] = dependencies;

  // The serial number is derived from everything else, so it changes exactly when they do.
  bom["serialNumber"] = "urn:uuid:" + derived_uuid(bom.dump());
  return bom.dump(2) + "\n";
}

}  // namespace hallmark::format
