// Pipfile.lock (pipenv): JSON, the "default" packages and the "develop" ones.
#include <set>

#include "hallmark/catalog/python.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::catalog::python {

std::vector<DeclaredPackage> parse_pipfile_lock(std::string_view text) {
  nlohmann::json lock = parse_json_object(text);
  std::vector<DeclaredPackage> packages;
  std::set<std::string> names;  // a package of both sections is no development package
  for (const char* section : {"default", "develop"}) {
    auto entries = lock.find(section);
    if (entries == lock.end()) continue;
    if (!entries->is_object()) throw_bad_input("", "\"" + std::string(section) + "\" is no object");
    for (const auto& [name, entry] : entries->items()) {
      DeclaredPackage package;
      package.name = normalize_name(name);
      if (package.name.empty() || !names.insert(package.name).second) continue;
      std::string version = string_at(entry, "version");  // "==6.8.0"; none for VCS entries
      package.version = version.starts_with("==") ? version.substr(2) : version;
      package.dev = section == std::string_view("develop");
      packages.push_back(std::move(package));
    }
  }
  return packages;
}

}  // namespace hallmark::catalog::python
