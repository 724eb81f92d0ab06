// Installed JavaScript packages: the package.json of each folder of a node_modules
// (node_modules/NAME, node_modules/@SCOPE/NAME), nested node_modules and pnpm's
// node_modules/.pnpm store included. Only the few fields recorded are kept of each file.
#include <algorithm>
#include <optional>

#include "hallmark/source/path.hpp"
#include "hallmark/util/error.hpp"

#include "common.hpp"

namespace hallmark::catalog::javascript {
namespace {

constexpr std::string_view kKind = "npm-package";
constexpr std::string_view kGlobs[] = {"**/node_modules/*/package.json",
                                       "**/node_modules/@*/*/package.json"};

// The name Node finds the package whose package.json is at `path` by ("@scope/name" for
// node_modules/@scope/name); nullopt for a path that is no package's (node_modules/.bin, or a
// folder a glob's "**" took for node_modules).
std::optional<std::string> module_name(std::string_view path) {
  std::string_view folder = source::parent_path(path);
  std::string_view name = source::base_name(folder);
  std::string_view above = source::parent_path(folder);
  if (name.empty() || name.starts_with('.')) return std::nullopt;
  if (source::base_name(above) == "node_modules") return std::string(name);
  if (source::base_name(above).starts_with('@') &&
      source::base_name(source::parent_path(above)) == "node_modules")
    return std::string(source::base_name(above)) + "/" + std::string(name);
  return std::nullopt;
}

class PackageCataloger : public Cataloger {
 public:
  std::string_view name() const override { return "javascript-package-cataloger"; }

  std::vector<source::CaptureRule> rules() const override {
    std::vector<source::CaptureRule> rules;
    for (std::string_view glob : kGlobs) {
      source::CaptureRule rule;
      rule.kind = kKind;
      rule.glob = glob;
      rule.reduce = [](std::string_view path,
                       std::string_view content) -> std::optional<std::string> {
        if (!module_name(path)) return std::nullopt;
        return to_reduced(parse_manifest(content));
      };
      rules.push_back(std::move(rule));
    }
    return rules;
  }

  void catalog(const Context& context, Result& result) const override {
    std::vector<std::string> paths;
    for (std::string_view glob : kGlobs)
      for (std::string& path : context.files.glob(glob, kKind))
        paths.push_back(std::move(path));
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());

    struct Installed {
      std::string folder;
      std::vector<std::string> dependencies;
      size_t package;  // in result.packages
    };
    std::vector<Installed> installed;
    std::map<std::string, size_t, std::less<>> by_path;  // package.json -> installed
    std::map<std::string, std::vector<size_t>, std::less<>> by_name;
    for (const std::string& path : paths) {
      std::optional<std::string> folder_name = module_name(path);
      std::optional<FileResolver::File> file = context.files.read(path, kKind);
      if (!folder_name || !file) continue;
      Manifest manifest = parse_manifest(*file->content);  // made by to_reduced()
      std::string name = manifest.name.empty() ? *folder_name : manifest.name;
      result.packages.push_back(make_package({
          .name = name,
          .version = manifest.version,
          .licenses = manifest.licenses,
          .found_by = this->name(),
          .location = context.files.location(path),
          .properties = {{"author", manifest.author},
                         {"homepage", manifest.homepage},
                         {"repository", manifest.repository},
                         {"private", manifest.is_private ? "true" : ""}},
      }));
      by_path[path] = installed.size();
      by_name[name].push_back(installed.size());
      installed.push_back({std::string(source::parent_path(path)), std::move(manifest.dependencies),
                           result.packages.size() - 1});
    }

    for (const Installed& dependent : installed) {
      for (const std::string& dependency : dependent.dependencies) {
        std::optional<size_t> found = resolve(context.files, dependent.folder, dependency, by_path);
        // Off Node's path (a dependency installed by other means), a name only one installed
        // package has still says which it is.
        if (!found) {
          auto named = by_name.find(dependency);
          if (named != by_name.end() && named->second.size() == 1) found = named->second.front();
        }
        if (found)
          result.relationships.push_back({result.packages[dependent.package].id,
                                          result.packages[installed[*found].package].id,
                                          model::RelationshipType::kDependsOn});
      }
    }
  }

 private:
  // What require(name) loads from code in `folder`: the nearest node_modules that has it,
  // symlinks followed (pnpm links each dependency beside its dependent).
  static std::optional<size_t> resolve(const FileResolver& files, std::string_view folder,
                                       std::string_view name,
                                       const std::map<std::string, size_t, std::less<>>& by_path) {
    for (const std::string& candidate : module_folders(folder, name)) {
      std::optional<FileResolver::File> file = files.read(candidate + "/package.json", kKind);
      if (!file) continue;
      auto found = by_path.find(file->path);
      if (found != by_path.end()) return found->second;
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_package_cataloger() {
  return std::make_unique<PackageCataloger>();
}

}  // namespace hallmark::catalog::javascript
