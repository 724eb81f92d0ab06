#include "module.hpp"

#include <cctype>

#include "hallmark/catalog/golang.hpp"
#include "hallmark/model/purl.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::catalog::golang {

bool is_folder_path(std::string_view path) {
  return path == "." || path == ".." || path.starts_with("./") || path.starts_with("../") ||
         path.starts_with("/") || path.starts_with(".\\") || path.starts_with("..\\") ||
         path.starts_with("\\") ||
         (path.size() >= 2 && path[1] == ':' && std::isalpha(static_cast<unsigned char>(path[0])));
}

std::string purl(std::string_view module_path, std::string_view version) {
  if (module_path.empty() || is_folder_path(module_path)) return "";
  model::Purl purl;
  purl.type = "golang";
  size_t slash = module_path.rfind('/');
  if (slash != std::string_view::npos) purl.namespace_ = module_path.substr(0, slash);
  purl.name = module_path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  purl.version = version;
  try {
    return purl.to_string();
  } catch (const Error&) {
    // The golang type requires a namespace, so a one-part path ("stdlib", "hello") has no purl.
    return "";
  }
}

model::Package module_package(std::string_view path, std::string_view version,
                              std::string_view cataloger, model::Location location) {
  model::Package package;
  package.type = "go-module";
  package.name = path;
  package.version = version;
  package.purl = purl(path, version);
  package.found_by = cataloger;
  package.locations.insert(std::move(location));
  return package;
}

}  // namespace hallmark::catalog::golang
