// Installed Python packages: a wheel's *.dist-info/METADATA, an egg's *.egg-info/PKG-INFO or a
// PKG-INFO style file named *.egg-info, with the files the package owns (RECORD, or an egg's
// installed-files.txt) and where it came from (direct_url.json).
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "hallmark/catalog/python.hpp"
#include "hallmark/source/path.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/glob.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::python {
namespace {

constexpr std::string_view kName = "python-installed-package-cataloger";
constexpr std::string_view kRecordKind = "python-record";

// Where syft looks for the metadata: any folder whose name ends in "dist-info" or "egg-info".
constexpr std::array<std::string_view, 5> kMetadataGlobs = {
    "**/*dist-info/METADATA", "**/*DIST-INFO/METADATA", "**/*egg-info/PKG-INFO",
    "**/*EGG-INFO/PKG-INFO", "**/*.egg-info"};
constexpr std::array<std::string_view, 4> kInfoFolders = {"**/*dist-info", "**/*DIST-INFO",
                                                          "**/*egg-info", "**/*EGG-INFO"};
constexpr std::string_view kEggFileGlob = "**/*.egg-info";

std::string metadata_kind(std::string_view glob) {
  return std::string(kName) + ":" + std::string(glob);
}

std::string join(std::string_view folder, std::string_view name) {
  return folder.empty() ? std::string(name) : std::string(folder) + "/" + std::string(name);
}

class InstalledCataloger : public Cataloger {
 public:
  std::string_view name() const override { return kName; }

  std::vector<source::CaptureRule> rules() const override {
    std::vector<source::CaptureRule> rules;
    for (std::string_view glob : kMetadataGlobs)
      rules.push_back(declared_rule(std::string(glob), metadata_kind(glob), parse_metadata));
    for (std::string_view folder : kInfoFolders) {
      source::CaptureRule record;
      record.kind = kRecordKind;
      record.glob = std::string(folder) + "/RECORD";
      // Only the paths: the hashes and sizes are most of a RECORD.
      record.reduce = [](std::string_view, std::string_view content) {
        std::string paths;
        for (const std::string& path : parse_record(content))
          paths += path + "\n";
        return std::optional<std::string>(std::move(paths));
      };
      rules.push_back(std::move(record));
      rules.push_back(whole_file(std::string(folder) + "/installed-files.txt"));
      rules.push_back(whole_file(std::string(folder) + "/direct_url.json"));
    }
    return rules;
  }

  void catalog(const Context& context, Result& result) const override {
    struct Installed {
      std::string site;  // the site-packages folder
      std::vector<DependencyRef> dependencies;
      model::Package package;
    };
    std::vector<Installed> found;
    // A package is installed once in a site-packages folder; Debian ships some with both a
    // dist-info and an egg-info folder, which are then evidence of one package.
    std::map<std::tuple<std::string, std::string, std::string>, size_t> index;
    std::set<std::string> seen;
    for (std::string_view glob : kMetadataGlobs) {
      for (DeclaredFile& file : read_declared(context.files, glob, metadata_kind(glob))) {
        if (file.packages.empty() || !seen.insert(file.path).second) continue;
        DeclaredPackage& declared = file.packages.front();
        // A PKG-INFO style file is its own folder; other metadata sits in one, inside the
        // site-packages folder.
        bool egg_file = util::glob_match(kEggFileGlob, file.path);
        std::string folder = egg_file ? file.path : std::string(source::parent_path(file.path));
        std::string site(source::parent_path(folder));
        std::optional<model::Location> origin;
        if (!egg_file) origin = add_origin(context, folder, declared);
        model::Package package = to_package(declared, kEcosystem, kName, context, file.path);
        if (origin) package.locations.insert(*origin);
        if (!egg_file) add_owned_files(context, folder, site, package);
        auto [known, added] =
            index.try_emplace({site, package.name, package.version}, found.size());
        if (added) {
          found.push_back({site, std::move(declared.dependencies), std::move(package)});
          continue;
        }
        Installed& same = found[known->second];
        same.package.locations.merge(package.locations);
        same.package.files.insert(same.package.files.end(), package.files.begin(),
                                  package.files.end());
        same.dependencies.insert(same.dependencies.end(), declared.dependencies.begin(),
                                 declared.dependencies.end());
      }
    }
    // Packages depend on what the same site-packages folder holds.
    std::map<std::string, DependencyLinker> sites;
    for (Installed& installed : found) {
      model::assign_id(installed.package);  // its evidence may have grown
      sites.try_emplace(installed.site, kEcosystem).first->second.add(installed.package);
    }
    for (Installed& installed : found) {
      sites.at(installed.site).link(installed.package.id, installed.dependencies, result);
      result.packages.push_back(std::move(installed.package));
    }
  }

 private:
  // direct_url.json: a package installed from a VCS names it in its purl (vcs_url). Returns
  // the file's evidence when it was read.
  static std::optional<model::Location> add_origin(const Context& context,
                                                   const std::string& folder,
                                                   DeclaredPackage& declared) {
    std::optional<FileResolver::File> file = context.files.read(join(folder, "direct_url.json"));
    if (!file) return std::nullopt;
    try {
      if (std::string vcs_url = vcs_url_of(*file->content); !vcs_url.empty())
        declared.purl_qualifiers["vcs_url"] = vcs_url;
    } catch (const Error& error) {
      warn_malformed(file->path, error.message());
      return std::nullopt;
    }
    return context.files.location(file->path, false);
  }

  // RECORD lists the files relative to the site-packages folder; an egg's installed-files.txt
  // relative to its own folder.
  static void add_owned_files(const Context& context, const std::string& folder,
                              const std::string& site, model::Package& package) {
    std::string_view base;
    std::optional<FileResolver::File> file =
        context.files.read(join(folder, "RECORD"), kRecordKind);
    if (file) {
      base = site;
    } else if ((file = context.files.read(join(folder, "installed-files.txt")))) {
      base = folder;
    } else {
      return;
    }
    for (std::string_view line : util::lines(*file->content))
      if (!util::trim(line).empty()) package.files.push_back(absolute_path(base, util::trim(line)));
    package.locations.insert(context.files.location(file->path, false));
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_installed_cataloger() {
  return std::make_unique<InstalledCataloger>();
}

}  // namespace hallmark::catalog::python
