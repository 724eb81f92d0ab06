// SPDX 2.3 JSON. The document describes the scanned source as its root package, which
// CONTAINS every package found; package dependencies are DEPENDS_ON. Licenses that are not
// SPDX are declared as LicenseRef- entries with their text as written.
#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "hallmark/format/encoder.hpp"
#include "hallmark/util/time.hpp"

#include "common.hpp"

namespace hallmark::format {
namespace {

using nlohmann::json;

// SPDX ids allow letters, digits, '.' and '-' only.
std::string id_safe(std::string_view text) {
  std::string safe;
  for (char c : text)
    safe += std::isalnum(static_cast<unsigned char>(c)) || c == '.' ? c : '-';
  return safe;
}

std::string package_spdx_id(const model::Package& package) {
  return "SPDXRef-Package-" + id_safe(package.type) + "-" + id_safe(package.name) + "-" +
         package.id;
}

class LicenseRefs {
 public:
  // The declared license of a package: its SPDX expression, with names that are not SPDX
  // turned into LicenseRef-<name> references recorded in hasExtractedLicensingInfos.
  std::string declared(const model::Package& package) {
    if (package.licenses.empty()) return "NOASSERTION";
    if (std::optional<std::string> expression = combined_spdx_expression(package))
      return *expression;
    std::vector<std::string> parts;
    for (const model::License& license : package.licenses) {
      std::string part = license.spdx ? *license.spdx : reference(license.value);
      if (part.find(' ') != std::string::npos) part = "(" + part + ")";
      if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
    }
    std::string expression;
    for (const std::string& part : parts)
      expression += (expression.empty() ? "" : " AND ") + part;
    return expression;
  }

  json extracted() const {
    json infos = json::array();
    for (const auto& [id, text] : references_)
      infos.push_back({{"licenseId", id}, {"extractedText", text}, {"name", text}});
    return infos;
  }

 private:
  std::string reference(const std::string& text) {
    std::string id = "LicenseRef-" + id_safe(text);
    references_.emplace(id, text);
    return id;
  }
  std::map<std::string, std::string> references_;
};

json package_of(const model::Package& package, LicenseRefs& licenses) {
  json spdx = {
      {"SPDXID", package_spdx_id(package)}, {"name", package.name},
      {"downloadLocation", "NOASSERTION"},  {"filesAnalyzed", false},
      {"licenseConcluded", "NOASSERTION"},  {"licenseDeclared", licenses.declared(package)},
      {"copyrightText", "NOASSERTION"},     {"primaryPackagePurpose", "LIBRARY"},
  };
  if (!package.version.empty()) spdx["versionInfo"] = package.version;
  std::string supplier = spdx_supplier(package.supplier);
  spdx["supplier"] = supplier.empty() ? "NOASSERTION" : supplier;
  if (!package.description.empty()) spdx["summary"] = package.description;
  std::string evidence;
  for (const model::Location& location : package.locations) {
    if (!location.primary) continue;
    evidence += (evidence.empty() ? "" : ", ") + location.path;
    if (!location.layer.empty()) evidence += " (layer " + location.layer + ")";
  }
  spdx["sourceInfo"] = "acquired package info from " + package.found_by + ": " + evidence;
  json references = json::array();
  for (const std::string& cpe : package.cpes)
    references.push_back({{"referenceCategory", "SECURITY"},
                          {"referenceType", "cpe23Type"},
                          {"referenceLocator", cpe}});
  if (!package.purl.empty())
    references.push_back({{"referenceCategory", "PACKAGE-MANAGER"},
                          {"referenceType", "purl"},
                          {"referenceLocator", package.purl}});
  if (!references.empty()) spdx["externalRefs"] = references;
  return spdx;
}

// A package Hallmark describes rather than finds (the scanned source, the distro): nothing is
// asserted about its licenses, supplier or download location.
json described_package(const std::string& spdx_id, const std::string& name, const char* purpose) {
  return {
      {"SPDXID", spdx_id},
      {"name", name},
      {"downloadLocation", "NOASSERTION"},
      {"filesAnalyzed", false},
      {"licenseConcluded", "NOASSERTION"},
      {"licenseDeclared", "NOASSERTION"},
      {"copyrightText", "NOASSERTION"},
      {"supplier", "NOASSERTION"},
      {"primaryPackagePurpose", purpose},
  };
}

json root_package(const model::SourceInfo& source) {
  static constexpr const char* kPurposes[] = {"CONTAINER", "SOURCE", "ARCHIVE"};
  json root = described_package("SPDXRef-DocumentRoot", source_display_name(source),
                                kPurposes[static_cast<int>(source.kind)]);
  std::string version = source_version(source);
  if (!version.empty()) root["versionInfo"] = version;
  if (source.kind == model::SourceKind::kImage) {
    // SPDX 2.3 has no fields for these image facts; the comment keeps them with the package.
    std::string comment = "image";
    if (!source.digest.empty()) comment += ", manifest " + source.digest;
    if (!source.config_digest.empty()) comment += ", config " + source.config_digest;
    if (!source.os.empty()) {
      comment += ", platform " + source.os + "/" + source.architecture;
      if (!source.variant.empty()) comment += "/" + source.variant;
    }
    for (const model::LayerInfo& layer : source.layers) comment += ", layer " + layer.digest;
    root["comment"] = comment;
  }
  if (source.digest.starts_with("sha256:"))
    root["checksums"] =
        json::array({{{"algorithm", "SHA256"}, {"checksumValue", source.digest.substr(7)}}});
  std::string purl = image_purl(source);
  if (!purl.empty())
    root["externalRefs"] = json::array({{{"referenceCategory", "PACKAGE-MANAGER"},
                                         {"referenceType", "purl"},
                                         {"referenceLocator", purl}}});
  return root;
}

json distro_package(const model::Distro& distro) {
  json os = described_package(
      "SPDXRef-OperatingSystem-" + id_safe(distro.id) + "-" + id_safe(distro.version_id), distro.id,
      "OPERATING_SYSTEM");
  if (!distro.version_id.empty()) os["versionInfo"] = distro.version_id;
  if (!distro.pretty_name.empty()) os["description"] = distro.pretty_name;
  return os;
}

json relationship(const std::string& from, const char* type, const std::string& to) {
  return {{"spdxElementId", from}, {"relationshipType", type}, {"relatedSpdxElement", to}};
}

}  // namespace

std::string encode_spdx(const model::Sbom& sbom, const ToolInfo& tool) {
  LicenseRefs licenses;
  json packages = json::array({root_package(sbom.source)});
  json relationships =
      json::array({relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-DocumentRoot")});
  if (sbom.distro) {
    json os = distro_package(*sbom.distro);
    relationships.push_back(relationship("SPDXRef-DocumentRoot", "CONTAINS", os["SPDXID"]));
    packages.push_back(std::move(os));
  }
  std::map<std::string, std::string> spdx_ids;
  for (const model::Package& package : sbom.packages) {
    json spdx = package_of(package, licenses);
    spdx_ids[package.id] = spdx["SPDXID"];
    relationships.push_back(relationship("SPDXRef-DocumentRoot", "CONTAINS", spdx["SPDXID"]));
    packages.push_back(std::move(spdx));
  }
  for (const model::Relationship& link : sbom.relationships)
    relationships.push_back(
        relationship(spdx_ids.at(link.from),
                     link.type == model::RelationshipType::kDependsOn ? "DEPENDS_ON" : "CONTAINS",
                     spdx_ids.at(link.to)));

  std::string name = source_display_name(sbom.source);
  json document = {
      {"spdxVersion", "SPDX-2.3"},
      {"dataLicense", "CC0-1.0"},
      {"SPDXID", "SPDXRef-DOCUMENT"},
      {"name", name},
      {"creationInfo",
       {{"created", util::format_rfc3339(util::now())},
        {"creators",
         json::array({"Organization: Hallmark", "Tool: " + tool.name + "-" + tool.version})}}},
      {"packages", packages},
      {"relationships", relationships},
  };
  json extracted = licenses.extracted();
  if (!extracted.empty()) document["hasExtractedLicensingInfos"] = extracted;
  // The namespace is unique per document content, as the spec asks, yet reproducible.
  document["documentNamespace"] =
      "https://hallmark.dev/spdx/" + id_safe(name) + "-" + derived_uuid(document.dump());
  return document.dump(2) + "\n";
}

}  // namespace hallmark::format
