// The SBOM of a source: one streaming pass over its layers keeping the files catalogers asked
// for, then the catalogers over the squashed file system (or over every layer's view), then the
// ownership of language packages by OS packages.
#pragma once

#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/model/sbom.hpp"
#include "hallmark/source/source.hpp"

namespace hallmark::catalog {

enum class Scope {
  kSquashed,   // what the final image holds: whiteouts applied
  kAllLayers,  // every package any layer installed, each with the layer it was found in
};

struct ScanOptions {
  Scope scope = Scope::kSquashed;
  CatalogOptions catalog;
};

model::Sbom scan(const source::Source& source, const ScanOptions& options = {});

// A package found inside the files an OS package owns (a dist-info shipped in a deb) is one
// package, which the OS package CONTAINS.
void link_owned_packages(model::Sbom& sbom);

}  // namespace hallmark::catalog
