// The packages a JavaScript project's lock file pins: package-lock.json (and
// npm-shrinkwrap.json), yarn.lock and pnpm-lock.yaml. Lock files inside node_modules belong to
// installed packages, not to the project, and are left alone.
#include <algorithm>

#include "hallmark/source/path.hpp"
#include "hallmark/util/error.hpp"

#include "common.hpp"

namespace hallmark::catalog::javascript {
namespace {

constexpr std::string_view kProjectKind = "npm-project";
constexpr std::string_view kLockNames[] = {"package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
                                           "pnpm-lock.yaml"};

std::string anywhere(std::string_view name) {
  return "**/" + std::string(name);
}

class LockCataloger : public Cataloger {
 public:
  std::string_view name() const override { return "javascript-lock-cataloger"; }
  bool for_images() const override { return false; }

  std::vector<source::CaptureRule> rules() const override {
    std::vector<source::CaptureRule> rules;
    for (std::string_view name : kLockNames)
      rules.push_back(whole_file(anywhere(name)));
    // The project's package.json beside a yarn.lock: yarn marks no development dependencies.
    source::CaptureRule project;
    project.kind = kProjectKind;
    project.glob = anywhere("package.json");
    project.reduce = [](std::string_view path,
                        std::string_view content) -> std::optional<std::string> {
      if (source::base_name(path) != "package.json" || in_node_modules(path)) return std::nullopt;
      return to_reduced(parse_project_manifest(content));
    };
    rules.push_back(std::move(project));
    return rules;
  }

  void catalog(const Context& context, Result& result) const override {
    std::vector<std::string> paths;
    for (std::string_view name : kLockNames)
      for (std::string& path : context.files.glob(anywhere(name)))
        // The base name is checked too: "**/" also takes a file whose name merely ends so.
        if (source::base_name(path) == name && !in_node_modules(path))
          paths.push_back(std::move(path));
    std::sort(paths.begin(), paths.end());
    for (const std::string& path : paths) {
      std::optional<FileResolver::File> file = context.files.read(path);
      if (!file) continue;
      Lock lock;
      try {
        lock = parse(context.files, path, *file->content);
      } catch (const Error& error) {
        warn_malformed(path, error.message());
        continue;
      }
      add(context, path, lock, result);
    }
  }

 private:
  static Lock parse(const FileResolver& files, std::string_view path, std::string_view text) {
    std::string_view name = source::base_name(path);
    if (name == "pnpm-lock.yaml") return parse_pnpm_lock(text);
    if (name != "yarn.lock") return parse_package_lock(text);
    std::string folder(source::parent_path(path));
    std::optional<FileResolver::File> manifest =
        files.read((folder.empty() ? "" : folder + "/") + "package.json", kProjectKind);
    if (!manifest) return parse_yarn_lock(text, nullptr);
    ProjectManifest project = parse_project_manifest(*manifest->content);
    return parse_yarn_lock(text, &project);
  }

  void add(const Context& context, const std::string& path, const Lock& lock,
           Result& result) const {
    std::vector<std::string> ids(lock.packages.size());
    for (size_t i = 0; i < lock.packages.size(); ++i) {
      const LockedPackage& locked = lock.packages[i];
      if (locked.dev && !context.options.include_dev) continue;
      result.packages.push_back(make_package({
          .name = locked.name,
          .version = locked.version,
          .licenses = locked.licenses,
          .found_by = name(),
          .location = context.files.location(path),
          .properties = {{"resolved", locked.resolved}, {"integrity", locked.integrity}},
      }));
      ids[i] = result.packages.back().id;
    }
    for (size_t i = 0; i < lock.packages.size(); ++i) {
      if (ids[i].empty()) continue;
      for (size_t dependency : lock.packages[i].dependencies)
        if (!ids[dependency].empty())
          result.relationships.push_back(
              {ids[i], ids[dependency], model::RelationshipType::kDependsOn});
    }
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_lock_cataloger() {
  return std::make_unique<LockCataloger>();
}

}  // namespace hallmark::catalog::javascript
