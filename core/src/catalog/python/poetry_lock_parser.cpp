// poetry.lock: TOML, one [[package]] table a package, with its [package.dependencies].
#include "hallmark/catalog/python.hpp"

#include "toml_document.hpp"

namespace hallmark::catalog::python {
namespace {

// Poetry 1 wrote `category = "dev"`; Poetry 2 writes the groups that need a package, and those
// without "main" are development groups. Lock files of Poetry 1.5 to 1.8 say neither.
bool is_dev(const toml::table& package) {
  if (toml_string(package, "category") == "dev") return true;
  const toml::array* groups = package["groups"].as_array();
  if (groups == nullptr || groups->empty()) return false;
  for (const toml::node& group : *groups)
    if (group.value_or(std::string_view()) == "main") return false;
  return true;
}

}  // namespace

std::vector<DeclaredPackage> parse_poetry_lock(std::string_view text) {
  toml::table lock = parse_toml(text);
  std::vector<DeclaredPackage> packages;
  const toml::array* entries = package_tables(lock);
  if (entries == nullptr) return packages;
  for (const toml::node& entry : *entries) {
    const toml::table* table = entry.as_table();
    if (table == nullptr) continue;
    DeclaredPackage package;
    package.name = normalize_name(toml_string(*table, "name"));
    if (package.name.empty()) continue;
    package.version = toml_string(*table, "version");
    package.description = toml_string(*table, "description");
    package.dev = is_dev(*table);
    // name = "constraint", a table, or an array of tables for different markers: the name is
    // what counts.
    if (const toml::table* dependencies = (*table)["dependencies"].as_table())
      for (const auto& [name, constraint] : *dependencies)
        package.dependencies.push_back({normalize_name(name.str()), ""});
    packages.push_back(std::move(package));
  }
  return packages;
}

}  // namespace hallmark::catalog::python
