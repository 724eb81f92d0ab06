// TOML lock files (poetry.lock, uv.lock) read with toml++.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "hallmark/catalog/declared.hpp"

namespace hallmark::catalog::python {

// The document `text` holds; kBadInput (without a subject) naming the line it cannot read.
toml::table parse_toml(std::string_view text);

// The string at `key` of a table; "" when absent or not a string.
std::string toml_string(const toml::table& table, std::string_view key);

// The [[package]] tables of a lock; nullptr when it has none. kBadInput (without a subject) when
// "package" is something else.
const toml::array* package_tables(const toml::table& lock);

// Dependencies written as an array of tables with "name" (and, where the lock pins one among
// several, "version"), as uv writes them; names normalised.
std::vector<DependencyRef> dependency_refs(const toml::array* entries);

}  // namespace hallmark::catalog::python
