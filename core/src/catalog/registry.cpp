// The registry of catalogers: adding an ecosystem is one folder and one line here.
#include "hallmark/catalog/apk.hpp"
#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/catalog/dotnet.hpp"
#include "hallmark/catalog/dpkg.hpp"
#include "hallmark/catalog/golang.hpp"
#include "hallmark/catalog/java.hpp"
#include "hallmark/catalog/javascript.hpp"
#include "hallmark/catalog/php.hpp"
#include "hallmark/catalog/python.hpp"
#include "hallmark/catalog/rpm/rpm_cataloger.hpp"
#include "hallmark/catalog/ruby.hpp"
#include "hallmark/catalog/rust.hpp"

namespace hallmark::catalog {

std::vector<std::unique_ptr<Cataloger>> default_catalogers() {
  std::vector<std::unique_ptr<Cataloger>> catalogers;
  catalogers.push_back(dpkg::make_cataloger());
  catalogers.push_back(apk::make_cataloger());
  catalogers.push_back(rpm::make_cataloger());
  catalogers.push_back(javascript::make_package_cataloger());
  catalogers.push_back(javascript::make_lock_cataloger());
  catalogers.push_back(golang::make_binary_cataloger());
  catalogers.push_back(golang::make_mod_cataloger());
  catalogers.push_back(rust::make_cargo_lock_cataloger());
  catalogers.push_back(rust::make_audit_binary_cataloger());
  catalogers.push_back(java::make_archive_cataloger());
  catalogers.push_back(python::make_installed_cataloger());
  catalogers.push_back(python::make_declared_cataloger());
  catalogers.push_back(ruby::make_gemspec_cataloger());
  catalogers.push_back(ruby::make_gemfile_lock_cataloger());
  catalogers.push_back(php::make_installed_cataloger());
  catalogers.push_back(php::make_lock_cataloger());
  catalogers.push_back(dotnet::make_deps_cataloger());
  catalogers.push_back(dotnet::make_packages_lock_cataloger());
  return catalogers;
}

}  // namespace hallmark::catalog
