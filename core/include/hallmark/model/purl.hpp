// Package URLs (purl, ECMA-427): the identifier of a package that every SBOM format and
// vulnerability database shares. Building and parsing follow the specification's how-to-build and
// how-to-parse, and the rules of each type's definition (purl-spec types/*.json): lower-cased
// deb/apk/pypi/... names, required or prohibited namespaces, required qualifiers, pypi's "_" as
// "-", and so on.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace hallmark::model {

struct Purl {
  std::string type;
  std::string namespace_;  // decoded segments joined with '/': "debian", "github.com/gorilla"
  std::string name;
  std::string version;
  std::map<std::string, std::string> qualifiers;  // decoded; an empty value means "absent"
  std::string subpath;                            // decoded segments joined with '/'

  // How parse() treats input that is not canonical.
  enum class Parsing {
    // ECMA-427 conformance: what the purl-spec suite's "required" cases reject is rejected.
    kStrict,
    // Also repairs the faults the suite's "recommended" cases show in purls found in the wild:
    // upper-case qualifier keys are lower-cased, and an unencoded npm scope at the start of the
    // path ("pkg:npm/@babel/core") is read as a namespace rather than as a version.
    kRemediate,
  };

  // The canonical purl string: the type's normalisation applied, components percent-encoded,
  // qualifiers sorted, empty ones dropped. Throws hallmark::Error (bad input) when the components
  // do not make a valid purl (no type or name, a namespace the type forbids, a bad qualifier
  // key, ...).
  std::string to_string() const;

  // The components as to_string() encodes them (normalised, validated); throws like to_string().
  Purl canonical() const;

  // The components of a purl string, normalised as canonical() does. Throws hallmark::Error (bad
  // input) "invalid purl 'TEXT': REASON".
  static Purl parse(std::string_view text, Parsing parsing = Parsing::kStrict);

  bool operator==(const Purl&) const = default;
};

}  // namespace hallmark::model
