// The .NET catalogers: deps.json everywhere, packages.lock.json in folders and archives.
#include "hallmark/catalog/dotnet.hpp"

namespace hallmark::catalog::dotnet {

std::unique_ptr<Cataloger> make_deps_cataloger() {
  return make_declared_cataloger("dotnet-deps-cataloger", kEcosystem,
                                 {{"**/*.deps.json", parse_deps_json}}, /*for_images=*/true);
}

std::unique_ptr<Cataloger> make_packages_lock_cataloger() {
  return make_declared_cataloger("dotnet-packages-lock-cataloger", kEcosystem,
                                 {{"**/packages.lock.json", parse_packages_lock}},
                                 /*for_images=*/false);
}

}  // namespace hallmark::catalog::dotnet
