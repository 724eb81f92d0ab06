// Ruby gems: those installed (the specifications/*.gemspec stubs RubyGems writes), and those a
// project's Gemfile.lock pins.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/catalog/declared.hpp"

namespace hallmark::catalog::ruby {

inline constexpr Ecosystem kEcosystem{"gem", "gem"};

// A gemspec is Ruby source; as syft does, it is read line by line for `X.field = value`
// assignments of string literals (and arrays of them), never run. Reads name, version, licenses
// (or license), authors (or author, as the supplier), summary (the description) and homepage (a
// property), with Ruby's string escapes (\uXXXX included) and ".freeze". A homepage naming the
// gem's name or version by interpolation ("#{s.name}") gets their values; one with any other
// interpolation is dropped. Empty without a name and a version.
std::vector<DeclaredPackage> parse_gemspec(std::string_view text);

// Gemfile.lock: the specs ("name (version)", indented four spaces) of the GEM, GIT, PATH and
// PLUGIN SOURCE sections, with their dependencies (the lines indented six spaces below them).
std::vector<DeclaredPackage> parse_gemfile_lock(std::string_view text);

std::unique_ptr<Cataloger> make_gemspec_cataloger();       // every input
std::unique_ptr<Cataloger> make_gemfile_lock_cataloger();  // folders and archives only

}  // namespace hallmark::catalog::ruby
