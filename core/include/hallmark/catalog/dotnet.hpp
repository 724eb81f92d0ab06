// .NET (NuGet) packages: those an application's *.deps.json says it runs with, and those a
// project's packages.lock.json pins.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/catalog/declared.hpp"

namespace hallmark::catalog::dotnet {

// NuGet ids are compared without regard to case.
inline constexpr Ecosystem kEcosystem{"dotnet", "nuget", /*namespaced_name=*/false,
                                      /*case_insensitive_names=*/true};

// *.deps.json: the "libraries" ("Name/Version"), less the application's own projects
// ("project") and the framework's reference assemblies ("referenceassembly"), which are no
// NuGet packages; dependencies from the runtime target's entries (every target's when the
// runtime target is not named).
std::vector<DeclaredPackage> parse_deps_json(std::string_view text);

// packages.lock.json: every target framework's resolved packages (project references left out),
// once per name and version, with their dependencies as resolved in the same framework.
std::vector<DeclaredPackage> parse_packages_lock(std::string_view text);

std::unique_ptr<Cataloger> make_deps_cataloger();           // every input
std::unique_ptr<Cataloger> make_packages_lock_cataloger();  // folders and archives only

}  // namespace hallmark::catalog::dotnet
