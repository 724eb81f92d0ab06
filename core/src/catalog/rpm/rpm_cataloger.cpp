// Red Hat family packages (RHEL, Fedora, CentOS, Amazon Linux, SUSE, Mariner, ...), from the rpm
// database in any of its three formats, or from CBL-Mariner's distroless container manifest.
#include "hallmark/catalog/rpm/rpm_cataloger.hpp"

#include <set>

#include "hallmark/catalog/rpm/rpmdb.hpp"
#include "hallmark/model/license.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "../os_package.hpp"

namespace hallmark::catalog::rpm {
namespace {

// Older releases keep the database in var/lib/rpm, newer ones in usr/lib/sysimage/rpm (with
// var/lib/rpm a symlink to it): both are read, each real file once.
constexpr std::string_view kDatabases[] = {
    "var/lib/rpm/rpmdb.sqlite",
    "var/lib/rpm/Packages.db",
    "var/lib/rpm/Packages",
    "usr/lib/sysimage/rpm/rpmdb.sqlite",
    "usr/lib/sysimage/rpm/Packages.db",
    "usr/lib/sysimage/rpm/Packages",
};
constexpr std::string_view kMarinerManifest = "var/lib/rpmmanifest/container-manifest-2";

std::string full_version(const std::optional<int>& epoch, std::string_view version,
                         std::string_view release) {
  std::string text = epoch ? std::to_string(*epoch) + ":" : "";
  text += version;
  if (!release.empty()) text += "-" + std::string(release);
  return text;
}

struct Found {
  model::Package package;
  std::vector<std::string> requirements;
  std::vector<std::string> provides;
};

class RpmCataloger : public Cataloger {
 public:
  std::string_view name() const override { return "rpm-db-cataloger"; }

  std::vector<source::CaptureRule> rules() const override {
    std::vector<source::CaptureRule> rules;
    for (std::string_view database : kDatabases)
      rules.push_back(whole_file(std::string(database)));
    rules.push_back(whole_file(std::string(kMarinerManifest)));
    return rules;
  }

  void catalog(const Context& context, Result& result) const override {
    std::set<std::string> seen;
    std::vector<Found> found;
    for (std::string_view path : kDatabases) {
      std::optional<FileResolver::File> file = context.files.read(path);
      if (!file || !seen.insert(file->path).second) continue;
      for (Header& header : read_packages(*file->content, "/" + file->path))
        found.push_back(from_header(context, file->path, std::move(header)));
    }
    if (found.empty()) {
      if (std::optional<FileResolver::File> file = context.files.read(kMarinerManifest))
        for (Found& item : parse_manifest(context, *file))
          found.push_back(std::move(item));
    }

    // Requires name capabilities and files; both resolve through what packages provide and own.
    ProvidesIndex provides;
    for (const Found& item : found) {
      provides.add(item.package.name, item.package.id);
      for (const std::string& capability : item.provides)
        provides.add(capability, item.package.id);
      for (const std::string& file : item.package.files)
        provides.add(file, item.package.id);
    }
    for (const Found& item : found)
      for (const std::string& requirement : item.requirements)
        if (const std::vector<std::string>* ids = provides.find(requirement))
          for (const std::string& id : *ids)
            result.relationships.push_back(
                {item.package.id, id, model::RelationshipType::kDependsOn});
    for (Found& item : found)
      result.packages.push_back(std::move(item.package));
  }

 private:
  Found from_header(const Context& context, const std::string& database, Header header) const {
    Found item;
    model::Package& package = item.package;
    package.type = "rpm";
    package.found_by = std::string(name());
    package.name = header.name;
    package.version = full_version(header.epoch, header.version, header.release);
    package.arch = header.arch;
    package.source_name = header.source_rpm;
    package.supplier = header.vendor;
    package.description = header.summary;
    if (!header.license.empty())
      package.licenses.push_back({header.license, model::normalize_license(header.license)});
    for (FileEntry& file : header.files)
      package.files.push_back(std::move(file.path));
    package.locations.insert(context.files.location(database));
    if (header.size > 0)
      package.properties.emplace_back("installedSize", std::to_string(header.size));
    if (!header.modularity_label.empty())
      package.properties.emplace_back("modularityLabel", header.modularity_label);
    std::string epoch = header.epoch ? std::to_string(*header.epoch) : "";
    std::string version_release = full_version(std::nullopt, header.version, header.release);
    package.purl =
        os_purl({"rpm", header.name, version_release, header.arch, header.source_rpm, epoch},
                context.distro);
    finish_os_package(package, header.vendor);
    item.requirements = std::move(header.requirements);
    item.provides = std::move(header.provides);
    return item;
  }

  // Tab-separated: name, version-release, install time, build time, vendor, epoch or "(none)",
  // size, arch, epoch again, source rpm.
  std::vector<Found> parse_manifest(const Context& context, const FileResolver::File& file) const {
    std::vector<Found> found;
    size_t line_number = 0;
    for (std::string_view line : util::lines(*file.content)) {
      ++line_number;
      if (util::trim(line).empty()) continue;
      std::vector<std::string_view> fields = util::split(line, '\t');
      if (fields.size() < 10)
        throw_bad_input("/" + file.path, "line " + std::to_string(line_number) + ": " +
                                             std::to_string(fields.size()) +
                                             " tab-separated fields, want 10");
      Header header;
      header.name = fields[0];
      std::string_view version_release = fields[1];
      size_t dash = version_release.rfind('-');
      header.version = version_release.substr(0, dash);
      if (dash != std::string_view::npos) header.release = version_release.substr(dash + 1);
      header.vendor = fields[4];
      if (fields[5] != "(none)" && !fields[5].empty())
        header.epoch = std::stoi(std::string(fields[5]));
      header.arch = fields[7];
      header.source_rpm = fields[9];
      found.push_back(from_header(context, file.path, std::move(header)));
    }
    return found;
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_cataloger() {
  return std::make_unique<RpmCataloger>();
}

}  // namespace hallmark::catalog::rpm
