// Cargo.lock: every package of the lock and the dependencies between them.
#include "hallmark/catalog/rust.hpp"
#include "hallmark/util/error.hpp"

#include "crate_package.hpp"

namespace hallmark::catalog::rust {
namespace {

constexpr std::string_view kCataloger = "rust-cargo-lock-cataloger";

class CargoLockCataloger : public Cataloger {
 public:
  std::string_view name() const override { return kCataloger; }
  std::vector<source::CaptureRule> rules() const override { return {whole_file("**/Cargo.lock")}; }

  void catalog(const Context& context, Result& result) const override {
    for (const std::string& path : context.files.glob("**/Cargo.lock")) {
      std::optional<FileResolver::File> file = context.files.read(path);
      if (!file) continue;
      CargoLock lock;
      try {
        lock = parse_cargo_lock(*file->content);
      } catch (const Error& error) {
        warn_malformed(file->path, error.message());
        continue;
      }
      std::vector<model::Package> packages;
      for (const Crate& crate : lock.packages) {
        model::Package package = crate_package(crate.name, crate.version, crate.source,
                                               purl(crate.name, crate.version, crate.source),
                                               kCataloger, context.files.location(file->path));
        if (!crate.checksum.empty()) package.properties.emplace_back("checksum", crate.checksum);
        model::assign_id(package);
        packages.push_back(std::move(package));
      }
      for (size_t i = 0; i < lock.packages.size(); ++i)
        for (const std::string& entry : lock.packages[i].dependencies)
          if (std::optional<size_t> dependency = resolve_dependency(lock.packages, entry))
            result.relationships.push_back(
                {packages[i].id, packages[*dependency].id, model::RelationshipType::kDependsOn});
      for (model::Package& package : packages)
        result.packages.push_back(std::move(package));
    }
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_cargo_lock_cataloger() {
  return std::make_unique<CargoLockCataloger>();
}

}  // namespace hallmark::catalog::rust
