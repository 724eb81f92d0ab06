#include "toml_document.hpp"

#include "hallmark/catalog/python.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::python {

toml::table parse_toml(std::string_view text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& error) {
    throw_bad_input("", "not valid TOML (line " + std::to_string(error.source().begin.line) + ": " +
                            util::printable(error.description()) + ")");
  }
}

std::string toml_string(const toml::table& table, std::string_view key) {
  return std::string(table[key].value_or(std::string_view()));
}

const toml::array* package_tables(const toml::table& lock) {
  const toml::node* packages = lock.get("package");
  if (packages == nullptr) return nullptr;
  if (!packages->is_array()) throw_bad_input("", "\"package\" is not an array of tables");
  return packages->as_array();
}

std::vector<DependencyRef> dependency_refs(const toml::array* entries) {
  std::vector<DependencyRef> refs;
  if (entries == nullptr) return refs;
  for (const toml::node& entry : *entries) {
    const toml::table* table = entry.as_table();
    if (table == nullptr) continue;
    std::string name = normalize_name(toml_string(*table, "name"));
    if (!name.empty()) refs.push_back({std::move(name), toml_string(*table, "version")});
  }
  return refs;
}

}  // namespace hallmark::catalog::python
