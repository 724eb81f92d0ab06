// Python packages: those installed (a *.dist-info/METADATA or *.egg-info/PKG-INFO, or a PKG-INFO
// style file named *.egg-info, with the RECORD or installed-files.txt beside it), and those a
// project declares (pinned requirements*.txt lines, poetry.lock, Pipfile.lock, uv.lock).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/catalog/declared.hpp"

namespace hallmark::catalog::python {

inline constexpr Ecosystem kEcosystem{"python", "pypi"};

// The name as PEP 503 compares names: lower case, each run of '-', '_' and '.' one '-'.
std::string normalize_name(std::string_view name);

// The package the core metadata of an installed package declares (METADATA, PKG-INFO), from its
// header fields (RFC 822 style, continuation lines indented) up to the first empty line; the long
// description is never read. Lines that are no field are skipped, as pip does. Empty when the
// metadata names no package, or names Python itself (Python 2's own egg-info).
//   name: normalised; supplier: Author, else Author-email; description: Summary;
//   licenses as syft picks them: License-Expression, else License, else the license
//   classifiers ("License :: OSI Approved :: MIT License" -> "MIT License"). A License field of
//   several lines is a whole license text, and "UNKNOWN" is none: the classifiers name it then.
//   dependencies: the Requires-Dist names, extras included (as syft: an optional dependency
//   that is installed is used).
std::vector<DeclaredPackage> parse_metadata(std::string_view text);

// "soupsieve (>1.2)" or "html5lib ; extra == 'html5lib'" or "requests[socks]>=2" -> the
// normalised name; "" when the text starts with no name.
std::string requirement_name(std::string_view requirement);

// The paths of a RECORD (its first CSV column, quoted or not), as written: relative to the
// site-packages folder.
std::vector<std::string> parse_record(std::string_view text);

// "vcs+url@commit" for the purl's vcs_url qualifier from a direct_url.json with "vcs_info";
// "" when it has none. kBadInput (without a subject) when it is not a JSON object.
std::string vcs_url_of(std::string_view direct_url_json);

// `relative` (a path of a RECORD, "../../../bin/x") taken from `folder` (a real path without a
// leading '/'), as an absolute path; ".." never climbs above the root.
std::string absolute_path(std::string_view folder, std::string_view relative);

// The parsers of declared packages; they throw kBadInput (without a subject) for a file they
// cannot read. Names are normalised; dependencies name normalised names.
//
// requirements.txt: the requirements pinned to one version (== or ===, no wildcard); unpinned
// ones, options (-r, -e, --hash, ...), URLs and markers are left out.
std::vector<DeclaredPackage> parse_requirements(std::string_view text);
// Pipfile.lock: "default" and, as development packages, "develop".
std::vector<DeclaredPackage> parse_pipfile_lock(std::string_view text);
// poetry.lock: [[package]] with its dependencies; development packages by `category = "dev"`
// (Poetry 1) or groups without "main" (Poetry 2).
std::vector<DeclaredPackage> parse_poetry_lock(std::string_view text);
// uv.lock: [[package]] with dependencies, optional and development dependencies; the packages
// only the projects' (virtual or editable sources) development dependencies lead to are
// development packages.
std::vector<DeclaredPackage> parse_uv_lock(std::string_view text);

// Installed packages (every input). A package's primary evidence is its metadata file, the path
// an OS package's file list names when it ships the package (so scan's link_owned_packages
// reports it as owned); its RECORD's files are package.files. The same name and version found
// twice in one site-packages folder (Debian ships some with both a dist-info and an egg-info) is
// one package. Dependencies (Requires-Dist) resolve within the same site-packages folder.
std::unique_ptr<Cataloger> make_installed_cataloger();
// Declared packages (folders and archives only).
std::unique_ptr<Cataloger> make_declared_cataloger();

}  // namespace hallmark::catalog::python
