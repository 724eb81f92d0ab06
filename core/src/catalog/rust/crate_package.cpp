#include "crate_package.hpp"

namespace hallmark::catalog::rust {

model::Package crate_package(std::string_view name, std::string_view version,
                             std::string_view source, std::string purl, std::string_view cataloger,
                             model::Location location) {
  model::Package package;
  package.type = "rust-crate";
  package.name = name;
  package.version = version;
  package.purl = std::move(purl);
  package.found_by = cataloger;
  package.locations.insert(std::move(location));
  if (!source.empty()) package.properties.emplace_back("source", source);
  return package;
}

}  // namespace hallmark::catalog::rust
