// PHP packages Composer installed (vendor/composer/installed.json) or locked (composer.lock).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/catalog/declared.hpp"

namespace hallmark::catalog::php {

// Composer names are "vendor/name", compared without regard to case.
inline constexpr Ecosystem kEcosystem{"php-composer", "composer", /*namespaced_name=*/true,
                                      /*case_insensitive_names=*/true};

// vendor/composer/installed.json: Composer 1's array of packages, or Composer 2's object with
// "packages". Every package is installed, development ones too.
std::vector<DeclaredPackage> parse_installed_json(std::string_view text);

// composer.lock: "packages" and, as development packages, "packages-dev".
std::vector<DeclaredPackage> parse_composer_lock(std::string_view text);

std::unique_ptr<Cataloger> make_installed_cataloger();  // every input
std::unique_ptr<Cataloger> make_lock_cataloger();       // folders and archives only

}  // namespace hallmark::catalog::php
