// The SBOM of a source: one streaming pass over its layers keeping the files catalogers asked
// for, then the catalogers over the squashed file system (or over every layer's view).
#pragma once

#include "hallmark/model/sbom.hpp"
#include "hallmark/source/source.hpp"

namespace hallmark::catalog {

enum class Scope {
  kSquashed,   // what the final image holds: whiteouts applied
  kAllLayers,  // every package any layer installed, each with the layer it was found in
};

struct ScanOptions {
  Scope scope = Scope::kSquashed;
};

model::Sbom scan(const source::Source& source, const ScanOptions& options = {});

}  // namespace hallmark::catalog
