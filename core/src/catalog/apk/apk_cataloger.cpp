// Alpine (and Wolfi, Chainguard) packages.
#include "hallmark/catalog/apk.hpp"
#include "hallmark/model/license.hpp"
#include "hallmark/util/strings.hpp"

#include "../os_package.hpp"

namespace hallmark::catalog::apk {
namespace {

constexpr std::string_view kDatabase = "lib/apk/db/installed";

// Newer packages write an SPDX expression ("MIT AND BSD-3-Clause"); older ones a list of names
// separated by spaces ("MIT BSD GPL2+").
std::vector<model::License> licenses_of(std::string_view field) {
  std::vector<model::License> licenses;
  field = util::trim(field);
  if (field.empty()) return licenses;
  if (std::optional<std::string> expression = model::parse_spdx_expression(field)) {
    licenses.push_back({std::string(field), expression});
    return licenses;
  }
  for (std::string_view name : util::split(field, ' '))
    if (!name.empty()) licenses.push_back({std::string(name), model::normalize_license(name)});
  return licenses;
}

class ApkCataloger : public Cataloger {
 public:
  std::string_view name() const override { return "apk-db-cataloger"; }
  std::vector<source::CaptureRule> rules() const override {
    return {whole_file(std::string(kDatabase))};
  }

  void catalog(const Context& context, Result& result) const override {
    std::optional<FileResolver::File> file = context.files.read(kDatabase);
    if (!file) return;
    std::vector<Entry> entries = parse_installed(*file->content, "/" + file->path);

    ProvidesIndex provides;
    std::vector<model::Package> packages;
    for (Entry& entry : entries) {
      model::Package package;
      package.type = "apk";
      package.found_by = std::string(name());
      package.name = entry.package;
      package.version = entry.version;
      package.arch = entry.arch;
      package.source_name = entry.origin;
      package.supplier = entry.maintainer;
      package.description = entry.description;
      package.licenses = licenses_of(entry.license);
      package.files = entry.files;
      package.locations.insert(context.files.location(file->path));
      if (entry.installed_size > 0)
        package.properties.emplace_back("installedSize", std::to_string(entry.installed_size));
      std::string upstream = entry.origin != entry.package ? entry.origin : "";
      package.purl =
          os_purl({"apk", entry.package, entry.version, entry.arch, upstream, ""}, context.distro);
      finish_os_package(package, context.distro ? context.distro->id : "");

      provides.add(entry.package, package.id);
      for (const std::string& provided : entry.provides)
        provides.add(constraint_name(provided), package.id);
      packages.push_back(std::move(package));
    }
    for (size_t i = 0; i < entries.size(); ++i) {
      for (const std::string& dependency : entries[i].depends) {
        if (dependency.starts_with("!")) continue;  // a conflict, not a dependency
        if (const std::vector<std::string>* ids = provides.find(constraint_name(dependency)))
          for (const std::string& id : *ids)
            result.relationships.push_back(
                {packages[i].id, id, model::RelationshipType::kDependsOn});
      }
    }
    for (model::Package& package : packages)
      result.packages.push_back(std::move(package));
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_cataloger() {
  return std::make_unique<ApkCataloger>();
}

}  // namespace hallmark::catalog::apk
