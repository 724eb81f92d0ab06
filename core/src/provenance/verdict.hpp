// The verdict of a command that passed: the builder to report, and a one-line summary.
#pragma once

#include <string>

#include "hallmark/provenance/slsa_provenance.hpp"
#include "hallmark/provenance/verifier.hpp"

namespace hallmark::provenance {

// "WHAT: built by BUILDER from SOURCE" (the source and ref the provenance resolved).
Verified passed(std::string builder_id, const Provenance& provenance, const std::string& what);

}  // namespace hallmark::provenance
