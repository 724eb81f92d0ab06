// Debian and Ubuntu packages (and distroless images, which keep one status file per package in
// var/lib/dpkg/status.d/ and no full database).
#include <algorithm>

#include "hallmark/catalog/dpkg.hpp"
#include "hallmark/model/license.hpp"
#include "hallmark/source/path.hpp"
#include "hallmark/util/strings.hpp"

#include "../os_package.hpp"

namespace hallmark::catalog::dpkg {
namespace {

constexpr std::string_view kStatus = "var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "var/lib/dpkg/status.d/";
constexpr std::string_view kInfoDir = "var/lib/dpkg/info/";

// status.d holds, beside each package's paragraph file, its maintainer scripts and md5sums.
bool is_control_file(std::string_view name) {
  static constexpr std::string_view kSuffixes[] = {
      ".md5sums", ".preinst",  ".postinst", ".prerm",   ".postrm",    ".conffiles",
      ".list",    ".triggers", ".shlibs",   ".symbols", ".templates", ".config"};
  return std::any_of(std::begin(kSuffixes), std::end(kSuffixes),
                     [&](std::string_view suffix) { return name.ends_with(suffix); });
}

struct Found {
  Entry entry;
  std::string database;  // the status file's path
};

class DpkgCataloger : public Cataloger {
 public:
  std::string_view name() const override { return "dpkg-db-cataloger"; }

  std::vector<source::CaptureRule> rules() const override {
    return {whole_file(std::string(kStatus)), whole_file(std::string(kStatusDir) + "*"),
            whole_file(std::string(kInfoDir) + "*.list"), whole_file("usr/share/doc/*/copyright")};
  }

  void catalog(const Context& context, Result& result) const override {
    std::vector<Found> found;
    auto parse = [&](const std::string& path) {
      std::optional<FileResolver::File> file = context.files.read(path);
      if (!file) return;
      for (Entry& entry : parse_status(*file->content, "/" + file->path))
        found.push_back({std::move(entry), file->path});
    };
    parse(std::string(kStatus));
    for (const std::string& path : context.files.glob(std::string(kStatusDir) + "*"))
      if (!is_control_file(source::base_name(path))) parse(path);

    ProvidesIndex provides;
    std::vector<model::Package> packages;
    for (const Found& item : found) {
      model::Package package = make_package(context, item);
      provides.add(item.entry.package, package.id);
      for (const std::string& name : relationship_names(item.entry.provides))
        provides.add(name, package.id);
      packages.push_back(std::move(package));
    }
    // Depends and Pre-Depends, every installed alternative and every provider of a virtual
    // package counted (an SBOM records what is there, not what dpkg would pick).
    for (size_t i = 0; i < found.size(); ++i) {
      const Entry& entry = found[i].entry;
      for (const std::string* field : {&entry.depends, &entry.pre_depends})
        for (const std::string& name : relationship_names(*field))
          if (const std::vector<std::string>* ids = provides.find(name))
            for (const std::string& id : *ids)
              result.relationships.push_back(
                  {packages[i].id, id, model::RelationshipType::kDependsOn});
    }
    for (model::Package& package : packages)
      result.packages.push_back(std::move(package));
  }

 private:
  model::Package make_package(const Context& context, const Found& item) const {
    const Entry& entry = item.entry;
    model::Package package;
    package.type = "deb";
    package.found_by = std::string(name());
    package.name = entry.package;
    package.version = entry.version;
    package.arch = entry.architecture;
    package.source_name = entry.source;
    package.source_version = entry.source_version;
    package.supplier = entry.maintainer;
    package.description = entry.description;
    package.locations.insert(context.files.location(item.database));
    if (entry.installed_size > 0)
      package.properties.emplace_back("installedSize", std::to_string(entry.installed_size));

    std::vector<std::string> licenses;
    if (!entry.license.empty()) licenses.push_back(entry.license);
    std::string copyright = "usr/share/doc/" + entry.package + "/copyright";
    if (std::optional<FileResolver::File> file = context.files.read(copyright)) {
      for (std::string& license : parse_copyright_licenses(*file->content))
        licenses.push_back(std::move(license));
      package.locations.insert(context.files.location(file->path, false));
    }
    for (std::string& license : licenses) {
      std::optional<std::string> spdx = model::normalize_license(license);
      package.licenses.push_back({std::move(license), std::move(spdx)});
    }
    read_owned_files(context, item, package);

    std::string upstream;
    if (!entry.source.empty() && entry.source != entry.package) upstream = entry.source;
    if (!entry.source_version.empty() && entry.source_version != entry.version)
      upstream = (upstream.empty() ? entry.package : upstream) + "@" + entry.source_version;
    package.purl = os_purl({"deb", entry.package, entry.version, entry.architecture, upstream, ""},
                           context.distro);
    finish_os_package(package, context.distro ? context.distro->id : "");
    return package;
  }

  // The files a package owns: info/NAME.list (or NAME:ARCH.list for multi-arch packages) in a
  // full database, status.d/NAME.md5sums in a distroless one.
  static void read_owned_files(const Context& context, const Found& item, model::Package& package) {
    const Entry& entry = item.entry;
    std::vector<std::string> candidates = {
        std::string(kInfoDir) + entry.package + ".list",
        std::string(kInfoDir) + entry.package + ":" + entry.architecture + ".list",
    };
    for (const std::string& path : candidates) {
      std::optional<FileResolver::File> file = context.files.read(path);
      if (!file) continue;
      for (std::string_view line : util::lines(*file->content)) {
        line = util::trim(line);
        if (!line.empty() && line != "/." && line.front() == '/') package.files.emplace_back(line);
      }
      package.locations.insert(context.files.location(file->path, false));
      return;
    }
    std::string md5sums = std::string(kStatusDir) + entry.package + ".md5sums";
    if (std::optional<FileResolver::File> file = context.files.read(md5sums)) {
      for (std::string_view line : util::lines(*file->content)) {
        // "<md5>  <path relative to the root>"
        size_t space = line.find("  ");
        if (space != std::string_view::npos)
          package.files.push_back("/" + std::string(util::trim(line.substr(space + 2))));
      }
      package.locations.insert(context.files.location(file->path, false));
    }
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_cataloger() {
  return std::make_unique<DpkgCataloger>();
}

}  // namespace hallmark::catalog::dpkg
