// What the encoders share: content-derived identifiers, the description of the scanned source,
// and the reading of package licenses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/model/sbom.hpp"

namespace hallmark::format {

// A UUID (RFC 4122 layout, version 5 bits) derived from `content`: the same document always
// gets the same serial number, and different documents different ones.
std::string derived_uuid(std::string_view content);

// The name of the scanned thing: "example.com/app:1.0", or a path.
std::string source_display_name(const model::SourceInfo& source);
// The version a document gives the scanned thing: its digest, else its tag.
std::string source_version(const model::SourceInfo& source);
// pkg:oci purl of an image with a known manifest digest; empty otherwise.
std::string image_purl(const model::SourceInfo& source);

// A package's licenses as one SPDX expression when every one of them has an SPDX form
// ("GPL-2.0-only AND LGPL-2.1-only"); nullopt when some license is known only by name.
std::optional<std::string> combined_spdx_expression(const model::Package& package);

// Supplier as SPDX writes it: "Person: Name (email)" / "Organization: Name"; empty if unknown.
std::string spdx_supplier(std::string_view supplier);

}  // namespace hallmark::format
