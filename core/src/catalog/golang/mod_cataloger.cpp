// The modules a Go project requires: its go.mod, with the replacements and exclusions the go
// command would apply, and the content hashes of go.sum beside it. A project description, not
// what is installed: folders and archives only.
#include <set>

#include "hallmark/catalog/golang.hpp"
#include "hallmark/util/error.hpp"

#include "module.hpp"

namespace hallmark::catalog::golang {
namespace {

constexpr std::string_view kCataloger = "go-module-file-cataloger";

std::string sibling(std::string_view path, std::string_view name) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos
             ? std::string(name)
             : std::string(path.substr(0, slash + 1)) + std::string(name);
}

// The replacement the go command applies to `require`: one for exactly its version wins over
// one for every version of the module.
const GoModReplace* replacement_of(const GoMod& mod, const GoModRequire& require) {
  const GoModReplace* any_version = nullptr;
  for (const GoModReplace& replace : mod.replaces) {
    if (replace.old_path != require.path) continue;
    if (replace.old_version == require.version) return &replace;
    if (replace.old_version.empty()) any_version = &replace;
  }
  return any_version;
}

bool excluded(const GoMod& mod, const GoModRequire& require) {
  for (const auto& [path, version] : mod.excludes)
    if (path == require.path && version == require.version) return true;
  return false;
}

class ModCataloger : public Cataloger {
 public:
  std::string_view name() const override { return kCataloger; }
  std::vector<source::CaptureRule> rules() const override {
    return {whole_file("**/go.mod"), whole_file("**/go.sum")};
  }
  bool for_images() const override { return false; }

  void catalog(const Context& context, Result& result) const override {
    for (const std::string& path : context.files.glob("**/go.mod")) {
      std::optional<FileResolver::File> file = context.files.read(path);
      if (!file) continue;
      GoMod mod;
      try {
        mod = parse_go_mod(*file->content);
      } catch (const Error& error) {
        warn_malformed(file->path, error.message());
        continue;
      }
      std::map<std::string, std::string, std::less<>> hashes;
      std::optional<FileResolver::File> sums = context.files.read(sibling(file->path, "go.sum"));
      if (sums) hashes = parse_go_sum(*sums->content);
      add_requirements(context, *file, mod, hashes, sums, result);
    }
  }

 private:
  static void add_requirements(const Context& context, const FileResolver::File& file,
                               const GoMod& mod,
                               const std::map<std::string, std::string, std::less<>>& hashes,
                               const std::optional<FileResolver::File>& sums, Result& result) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const GoModRequire& require : mod.requires_) {
      if (excluded(mod, require)) continue;
      const GoModReplace* replace = replacement_of(mod, require);
      std::string path = replace ? replace->new_path : require.path;
      std::string version = replace ? replace->new_version : require.version;
      if (!seen.emplace(path, version).second) continue;
      model::Package package =
          module_package(path, version, kCataloger, context.files.location(file.path));
      if (auto hash = hashes.find(path + " " + version); hash != hashes.end()) {
        package.properties.emplace_back("h1Digest", hash->second);
        package.locations.insert(context.files.location(sums->path, false));
      }
      if (require.indirect) package.properties.emplace_back("indirect", "true");
      if (replace)
        package.properties.emplace_back("replaces", require.path + "@" + require.version);
      model::assign_id(package);
      result.packages.push_back(std::move(package));
    }
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_mod_cataloger() {
  return std::make_unique<ModCataloger>();
}

}  // namespace hallmark::catalog::golang
