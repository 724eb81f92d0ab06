// Composer's package records, as installed.json and composer.lock write them alike.
#include "hallmark/catalog/php.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::catalog::php {
namespace {

using nlohmann::json;

// One package record: name, version, "license" (an array of names, or one name), authors,
// description, and what it requires. Platform requirements ("php", "ext-json") name no package.
std::optional<DeclaredPackage> package_of(const json& record, bool dev) {
  DeclaredPackage package;
  package.name = string_at(record, "name");
  if (package.name.empty()) return std::nullopt;
  package.version = string_at(record, "version");
  package.description = string_at(record, "description");
  package.dev = dev;
  if (auto license = record.find("license"); license != record.end()) {
    if (license->is_string()) package.licenses.push_back(license->get<std::string>());
    if (license->is_array())
      for (const json& name : *license)
        if (name.is_string()) package.licenses.push_back(name.get<std::string>());
  }
  if (auto authors = record.find("authors"); authors != record.end() && authors->is_array())
    for (const json& author : *authors)
      if (std::string name = string_at(author, "name"); !name.empty())
        package.supplier += (package.supplier.empty() ? "" : ", ") + name;
  if (auto requires_ = record.find("require"); requires_ != record.end() && requires_->is_object())
    for (const auto& [name, constraint] : requires_->items())
      if (name.find('/') != std::string::npos) package.dependencies.push_back({name, ""});
  return package;
}

void add_records(const json& records, bool dev, std::vector<DeclaredPackage>& packages) {
  if (!records.is_array()) throw_bad_input("", "the package list is not an array");
  for (const json& record : records)
    if (record.is_object())
      if (std::optional<DeclaredPackage> package = package_of(record, dev))
        packages.push_back(std::move(*package));
}

}  // namespace

std::vector<DeclaredPackage> parse_installed_json(std::string_view text) {
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) throw_bad_input("", "not valid JSON");
  std::vector<DeclaredPackage> packages;
  if (document.is_object()) {
    auto records = document.find("packages");
    if (records == document.end()) throw_bad_input("", "no \"packages\"");
    add_records(*records, false, packages);
  } else {
    add_records(document, false, packages);
  }
  return packages;
}

std::vector<DeclaredPackage> parse_composer_lock(std::string_view text) {
  json lock = parse_json_object(text);
  std::vector<DeclaredPackage> packages;
  if (auto records = lock.find("packages"); records != lock.end())
    add_records(*records, false, packages);
  if (auto records = lock.find("packages-dev"); records != lock.end() && !records->is_null())
    add_records(*records, true, packages);
  return packages;
}

}  // namespace hallmark::catalog::php
