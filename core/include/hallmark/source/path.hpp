// Paths inside an image or archive. Entry names come from untrusted archives: they are normalized
// once, and names that climb out of the root are refused before anything else sees them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hallmark::source {

// "./usr//lib/./x/" -> "usr/lib/x"; the root itself is "". nullopt, with `problem` set, for an
// absolute name, a ".." part, a NUL or bytes that are not UTF-8.
std::optional<std::string> normalize_entry_path(std::string_view raw, std::string& problem);

// Whether a relative symlink at `link_path` whose target is `target` points above the root.
// Absolute targets are read inside the root (as a container runtime does) and never escape.
bool symlink_escapes_root(std::string_view link_path, std::string_view target);

// The parent folder of a normalized path ("" for a top-level entry).
std::string_view parent_path(std::string_view path);
// The last part of a normalized path.
std::string_view base_name(std::string_view path);

}  // namespace hallmark::source
