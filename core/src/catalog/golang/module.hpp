// What the two Go catalogers share: module paths and the go-module packages made of them.
#pragma once

#include <string_view>

#include "hallmark/model/package.hpp"

namespace hallmark::catalog::golang {

// modfile.IsDirectoryPath: a replacement by a folder ("../local", "/src/x") rather than by a
// module.
bool is_folder_path(std::string_view path);

// A go-module package named by its module path, found by `cataloger` in the file `location`
// names; its id is left to the caller, which adds properties first.
model::Package module_package(std::string_view path, std::string_view version,
                              std::string_view cataloger, model::Location location);

}  // namespace hallmark::catalog::golang
