// The PHP catalogers: Composer's installed.json everywhere, composer.lock in folders and
// archives.
#include "hallmark/catalog/php.hpp"

namespace hallmark::catalog::php {

std::unique_ptr<Cataloger> make_installed_cataloger() {
  return make_declared_cataloger("php-composer-installed-cataloger", kEcosystem,
                                 {{"**/vendor/composer/installed.json", parse_installed_json}},
                                 /*for_images=*/true);
}

std::unique_ptr<Cataloger> make_lock_cataloger() {
  return make_declared_cataloger("php-composer-lock-cataloger", kEcosystem,
                                 {{"**/composer.lock", parse_composer_lock}},
                                 /*for_images=*/false);
}

}  // namespace hallmark::catalog::php
