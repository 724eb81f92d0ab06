#include "os_package.hpp"

#include <algorithm>

#include "hallmark/model/cpe.hpp"
#include "hallmark/model/purl.hpp"

namespace hallmark::catalog {

std::string os_purl(const OsPurlFields& fields, const std::optional<model::Distro>& distro) {
  if (!distro || distro->id.empty() || fields.name.empty()) return "";
  model::Purl purl;
  purl.type = fields.type;
  purl.namespace_ = distro->id;
  purl.name = fields.name;
  purl.version = fields.version;
  if (!fields.arch.empty()) purl.qualifiers["arch"] = fields.arch;
  purl.qualifiers["distro"] =
      distro->version_id.empty() ? distro->id : distro->id + "-" + distro->version_id;
  if (!fields.epoch.empty()) purl.qualifiers["epoch"] = fields.epoch;
  if (!fields.upstream.empty()) purl.qualifiers["upstream"] = fields.upstream;
  return purl.to_string();
}

void finish_os_package(model::Package& package, std::string_view vendor_hint) {
  std::string cpe = model::os_package_cpe(package.type, package.name, package.version, vendor_hint);
  if (!cpe.empty()) package.cpes.push_back(std::move(cpe));
  model::assign_id(package);
}

void ProvidesIndex::add(std::string_view name, const std::string& package_id) {
  auto& ids = providers_[std::string(name)];
  if (std::find(ids.begin(), ids.end(), package_id) == ids.end()) ids.push_back(package_id);
}

const std::vector<std::string>* ProvidesIndex::find(std::string_view name) const {
  auto found = providers_.find(name);
  return found == providers_.end() ? nullptr : &found->second;
}

}  // namespace hallmark::catalog
