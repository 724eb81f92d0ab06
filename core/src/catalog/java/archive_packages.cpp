// From an archive summary to packages, by the rules of syft's java archive parser
// (archive_parser.go, parse_java_manifest.go, package_url.go), with the deviations noted where
// they are made.
#include <array>

#include "hallmark/catalog/java.hpp"
#include "hallmark/model/license.hpp"
#include "hallmark/model/purl.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "java_files.hpp"

namespace hallmark::catalog::java {
namespace {

constexpr std::string_view kFoundBy = "java-archive-cataloger";

// Manifest attributes that may hold a group id, by priority (syft's cpe generator lists).
constexpr std::array<std::string_view, 8> kPrimaryGroupFields = {"Group-Id",
                                                                 "Bundle-SymbolicName",
                                                                 "Extension-Name",
                                                                 "Specification-Vendor",
                                                                 "Implementation-Vendor",
                                                                 "Implementation-Vendor-Id",
                                                                 "Implementation-Title",
                                                                 "Bundle-Activator"};
// syft also takes Main-Class, but a class name is no group id: every Spring Boot fat jar would
// be in the group "org.springframework.boot.loader.JarLauncher".
constexpr std::array<std::string_view, 2> kSecondaryGroupFields = {"Automatic-Module-Name",
                                                                   "Package"};
constexpr std::array<std::string_view, 5> kNameFields = {"Name", "Bundle-Name", "Short-Name",
                                                         "Extension-Name", "Implementation-Title"};
constexpr std::array<std::string_view, 4> kVersionFields = {
    "Implementation-Version", "Specification-Version", "Plugin-Version", "Bundle-Version"};
constexpr std::array<std::string_view, 2> kLicenseFields = {"Bundle-License",
                                                            "Plugin-License-Name"};
constexpr std::array<std::string_view, 3> kVendorFields = {"Implementation-Vendor", "Bundle-Vendor",
                                                           "Specification-Vendor"};
constexpr std::array<std::string_view, 5> kJenkinsPluginGroups = {
    "io.jenkins.plugins", "org.jenkins.plugins", "org.jenkins-ci.plugins", "io.jenkins-ci.plugins",
    "com.cloudbees.jenkins.plugins"};

// "org.bar;uses:=org.foo" -> "org.bar": OSGi directives and comments are not part of the id.
std::string clean_group_id(std::string_view value) {
  value = value.substr(0, value.find(';'));
  value = value.substr(0, value.find('#'));
  return std::string(util::trim(value));
}

// syft tests the bare prefixes ("com", "org", ...), which takes "commons-lang3" or "organic" for
// a group id; a reversed domain name has its dot.
bool starts_with_domain(std::string_view value) {
  for (std::string_view domain : {"com.", "org.", "net.", "io.", "be."})
    if (value.starts_with(domain)) return true;
  return false;
}

// The first attribute of `fields` (in their order of priority; syft sorts the candidates
// alphabetically first, against its own comment) whose value looks like a group id.
template <size_t N>
std::string group_from_fields(const Manifest& manifest,
                              const std::array<std::string_view, N>& fields) {
  for (std::string_view field : fields) {
    if (std::string_view value = manifest.main_value(field); starts_with_domain(value))
      return clean_group_id(value);
    for (const ManifestSection& section : manifest.sections)
      for (const auto& [name, value] : section)
        if (name == field && starts_with_domain(value)) return clean_group_id(value);
  }
  return "";
}

// The group id of a package: its pom.properties (or an artifactId that is really a group id),
// else its manifest. syft also has a table of well-known artifact ids; that is not kept here.
std::string group_id(const PomProperties* pom, const Manifest* manifest) {
  if (pom != nullptr) {
    if (!pom->group_id.empty()) return clean_group_id(pom->group_id);
    if (pom->artifact_id.find('.') != std::string::npos) return clean_group_id(pom->artifact_id);
  }
  if (manifest == nullptr) return "";
  std::string group = group_from_fields(*manifest, kPrimaryGroupFields);
  return group.empty() ? group_from_fields(*manifest, kSecondaryGroupFields) : group;
}

// pkg:maven/GROUP/NAME@VERSION; maven purls need a namespace, and syft uses the name when no
// group id is known.
std::string maven_purl(const std::string& group, const std::string& name,
                       const std::string& version) {
  model::Purl purl;
  purl.type = "maven";
  purl.namespace_ = group.empty() ? name : group;
  purl.name = name;
  purl.version = version;
  try {
    return purl.to_string();
  } catch (const Error&) {
    return "";
  }
}

std::string pom_package_type(const PomProperties& pom) {
  for (std::string_view prefix : kJenkinsPluginGroups)
    if (pom.group_id.starts_with(prefix)) return "jenkins-plugin";
  return pom.group_id.find(".jenkins.plugin") != std::string::npos ? "jenkins-plugin"
                                                                   : "java-archive";
}

bool complete(const PomProperties& pom) {
  return !pom.artifact_id.empty() && !pom.version.empty();
}

template <size_t N>
std::string first_value(const Manifest* manifest, const std::array<std::string_view, N>& fields,
                        bool main_only) {
  if (manifest == nullptr) return "";
  for (std::string_view field : fields) {
    std::string_view value = main_only ? manifest->main_value(field) : manifest->value(field);
    if (!value.empty()) return std::string(value);
  }
  return "";
}

// Bundle-License is an OSGi header: "Apache-2.0;link=...", a URL, or a name. The SPDX form is
// looked for in the whole value, then in its first clause without parameters or quotes.
model::License license_of(std::string_view value) {
  std::optional<std::string> spdx = model::normalize_license(value);
  if (!spdx) {
    std::string_view clause = util::trim(value.substr(0, value.find(';')));
    if (clause.size() >= 2 && clause.front() == '"' && clause.back() == '"')
      clause = clause.substr(1, clause.size() - 2);
    spdx = model::normalize_license(clause);
  }
  return {std::string(value), spdx};
}

struct Identity {
  std::string name;
  std::string version;
  std::string type;
  const PomProperties* pom = nullptr;
  std::string pom_path;

  // Takes the archive's own pom.properties: a better source of name and version than the
  // manifest or the file name, and maybe of the type.
  void adopt(const std::string& path, const PomProperties& own) {
    name = own.artifact_id;
    version = own.version;
    pom = &own;
    pom_path = path;
    if (pom_package_type(own) == "jenkins-plugin") type = "jenkins-plugin";
  }
};

class Packager {
 public:
  Packager(Result& result, model::Location file) : result_(result), file_(std::move(file)) {}

  // The packages of `summary`, found at `location_path`; `owner` is the id of the package of
  // the archive holding this one ("" for a file of the image).
  void add(const ArchiveSummary& summary, const std::string& location_path,
           std::string_view file_name, const std::string& owner) {
    const Manifest* manifest = summary.manifest ? &*summary.manifest : nullptr;
    Identity main = main_identity(summary, manifest, file_name);
    std::string main_group = group_id(main.pom, manifest);

    std::vector<std::pair<const PomProperties*, const std::string*>> others;
    for (const auto& [path, pom] : summary.poms) {
      if (!complete(pom) || &pom == main.pom) continue;
      // syft also compares group ids and versions, but a pom.properties whose artifactId is the
      // archive's name describes the archive whatever they are.
      if (main.name.empty() || pom.artifact_id != main.name) {
        others.emplace_back(&pom, &path);
      } else if (main.pom == nullptr) {
        main.adopt(path, pom);
        main_group = group_id(main.pom, manifest);
      }
    }

    std::string main_id;
    if (!main.name.empty()) {
      model::Package package = new_package(main, location_path);
      package.purl = maven_purl(main_group, main.name, main.version);
      for (std::string_view field : kLicenseFields)
        if (std::string value = first_value(manifest, std::array{field}, false); !value.empty())
          package.licenses.push_back(license_of(value));
      package.supplier = first_value(manifest, kVendorFields, true);
      package.properties.emplace_back("sha1", summary.sha1);
      main_id = finish(std::move(package), owner);
    }
    const std::string& holder = main_id.empty() ? owner : main_id;
    for (const auto& [pom, path] : others) {
      // A dependency shaded into this archive: known by its pom.properties only.
      Identity shaded{pom->artifact_id, pom->version, pom_package_type(*pom), pom, *path};
      model::Package package = new_package(shaded, location_path);
      package.purl = maven_purl(group_id(pom, nullptr), pom->artifact_id, pom->version);
      finish(std::move(package), holder);
    }
    for (const ArchiveSummary& nested : summary.nested)
      add(nested, location_path + ":" + nested.path, nested.path, holder);
  }

 private:
  // Name and version from the archive's pom.properties when it holds exactly one, else from the
  // file name and then the manifest, as syft's selectName and selectVersion order them. syft
  // takes the one pom.properties only when its artifactId starts with the name in the file name;
  // but files are renamed far more often than a jar shades exactly one other project: Debian
  // installs maven-core as maven3-core.jar, Dockerfiles copy target/demo-1.0.jar to app.jar.
  // With several, the archive's own is found by its artifactId (in add()).
  static Identity main_identity(const ArchiveSummary& summary, const Manifest* manifest,
                                std::string_view file_name) {
    ArchiveFilename from_name = parse_archive_filename(file_name);
    Identity identity;
    identity.type = archive_package_type(file_name);
    std::vector<const std::pair<std::string, PomProperties>*> poms;
    for (const auto& entry : summary.poms)
      if (complete(entry.second)) poms.push_back(&entry);
    if (poms.size() == 1) {
      identity.adopt(poms.front()->first, poms.front()->second);
      return identity;
    }
    identity.name =
        from_name.name.empty() ? first_value(manifest, kNameFields, true) : from_name.name;
    identity.version = from_name.version.empty() ? first_value(manifest, kVersionFields, false)
                                                 : from_name.version;
    return identity;
  }

  model::Package new_package(const Identity& identity, const std::string& location_path) const {
    model::Package package;
    package.type = identity.type;
    package.found_by = kFoundBy;
    package.name = identity.name;
    package.version = identity.version;
    model::Location location = file_;
    location.path = location_path;
    package.locations.insert(location);
    if (!identity.pom_path.empty())
      package.properties.emplace_back("pomProperties", identity.pom_path);
    return package;
  }

  std::string finish(model::Package package, const std::string& owner) {
    model::assign_id(package);
    std::string id = package.id;
    if (!owner.empty())
      result_.relationships.push_back({owner, id, model::RelationshipType::kContains});
    result_.packages.push_back(std::move(package));
    return id;
  }

  Result& result_;
  model::Location file_;
};

}  // namespace

void add_archive_packages(const ArchiveSummary& summary, std::string_view path,
                          const Context& context, Result& result) {
  model::Location file = context.files.location(path);
  Packager(result, file).add(summary, file.path, path, "");
}

}  // namespace hallmark::catalog::java
