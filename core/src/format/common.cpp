#include "common.hpp"

#include <algorithm>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/model/license.hpp"
#include "hallmark/model/purl.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::format {

std::string derived_uuid(std::string_view content) {
  std::string hash = crypto::digest(crypto::DigestAlgorithm::kSha256, content).substr(0, 16);
  hash[6] = static_cast<char>((hash[6] & 0x0f) | 0x50);  // version 5: name-based
  hash[8] = static_cast<char>((hash[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex = util::hex_encode(hash);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string source_display_name(const model::SourceInfo& source) {
  if (source.kind == model::SourceKind::kImage && !source.tag.empty())
    return source.name + ":" + source.tag;
  return source.name;
}

std::string source_version(const model::SourceInfo& source) {
  if (!source.digest.empty()) return source.digest;
  if (!source.config_digest.empty()) return source.config_digest;
  return source.tag;
}

std::string image_purl(const model::SourceInfo& source) {
  if (source.kind != model::SourceKind::kImage || source.digest.empty()) return "";
  model::Purl purl;
  purl.type = "oci";
  size_t slash = source.name.rfind('/');
  purl.name = slash == std::string::npos ? source.name : source.name.substr(slash + 1);
  purl.version = source.digest;
  // A name with a registry host keeps it as the repository the image lives in.
  if (slash != std::string::npos && source.name.find('.') < slash)
    purl.qualifiers["repository_url"] = source.name;
  if (!source.architecture.empty()) purl.qualifiers["arch"] = source.architecture;
  if (!source.tag.empty()) purl.qualifiers["tag"] = source.tag;
  return purl.to_string();
}

std::optional<std::string> combined_spdx_expression(const model::Package& package) {
  std::vector<std::string> parts;
  for (const model::License& license : package.licenses) {
    if (!license.spdx) return std::nullopt;
    std::string part = *license.spdx;
    bool compound = part.find(' ') != std::string::npos;
    part = compound && package.licenses.size() > 1 ? "(" + part + ")" : part;
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
  }
  if (parts.empty()) return std::nullopt;
  std::string expression;
  for (const std::string& part : parts)
    expression += (expression.empty() ? "" : " AND ") + part;
  return expression;
}

std::string spdx_supplier(std::string_view supplier) {
  supplier = util::trim(supplier);
  if (supplier.empty()) return "";
  // "Name <email>" is a person, as Debian and Alpine maintainers write themselves; "Vendor
  // <https://...>" (as SUSE writes its vendor) an organization.
  size_t open = supplier.find('<');
  size_t close = supplier.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
    std::string name(util::trim(supplier.substr(0, open)));
    std::string_view contact = supplier.substr(open + 1, close - open - 1);
    if (contact.find('@') != std::string_view::npos &&
        contact.find("://") == std::string_view::npos)
      return "Person: " + name + " (" + std::string(contact) + ")";
    return "Organization: " + name;
  }
  return "Organization: " + std::string(supplier);
}

}  // namespace hallmark::format
