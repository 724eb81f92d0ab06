// What the two Rust catalogers share: rust-crate packages.
#pragma once

#include <string_view>

#include "hallmark/model/package.hpp"

namespace hallmark::catalog::rust {

// A rust-crate package found by `cataloger` in the file `location` names, with its purl and its
// source as a property; its id is left to the caller, which may add properties first.
model::Package crate_package(std::string_view name, std::string_view version,
                             std::string_view source, std::string purl, std::string_view cataloger,
                             model::Location location);

}  // namespace hallmark::catalog::rust
