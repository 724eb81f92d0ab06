// Licenses: SPDX license ids and expressions, and the step from a license as a distribution
// writes it (Debian DEP-5 short names, Fedora/RHEL legacy rpm names, Alpine's) to the SPDX
// expression for it. The id lists are the SPDX license list CycloneDX validates license.id
// against (spdx_license_ids.inc, generated from CycloneDX's spdx.schema.json).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hallmark::model {

// The SPDX license list version the ids come from, e.g. "3.28.0".
std::string_view spdx_license_list_version();

// True when `id` is on the SPDX license list, spelled exactly as the list spells it ("MIT", not
// "mit"); deprecated ids ("GPL-2.0+") count. Exception ids are not license ids.
bool is_spdx_license_id(std::string_view id);
bool is_spdx_exception_id(std::string_view id);

// The list's spelling of a license (or exception) id matched without regard to case, as SPDX
// matches ids: "apache-2.0" -> "Apache-2.0".
std::optional<std::string> canonical_spdx_id(std::string_view id);
std::optional<std::string> canonical_spdx_exception_id(std::string_view id);

// Validates an SPDX license expression (SPDX 2.3 Annex D: license ids, "+", "WITH exception",
// AND binding tighter than OR, parentheses, LicenseRef-x and DocumentRef-x:LicenseRef-y) and
// returns its canonical form: ids as the list spells them, upper-case operators (all-lower-case
// ones are accepted), single spaces, and parentheses exactly where a nested AND/OR group has an
// operator other than its parent's: "mit or (Apache-2.0 and bsd-3-clause)" ->
// "MIT OR (Apache-2.0 AND BSD-3-Clause)". nullopt when invalid.
std::optional<std::string> parse_spdx_expression(std::string_view expression);

// The SPDX expression for a license as written in package data, when the data allows one:
// a valid SPDX expression (deprecated GNU ids brought up to date: "GPL-2.0+" ->
// "GPL-2.0-or-later"), or distro spellings combined with and/or ("GPLv2+ and LGPLv2+",
// "GPL-2+ or Artistic-1.0, and BSD-3-clause"). nullopt when any part is unknown or ambiguous
// ("BSD", "GPL" without a version, "Public Domain"): the caller then keeps the name as written.
std::optional<std::string> normalize_license(std::string_view as_written);

}  // namespace hallmark::model
