// The Linux distribution of the scanned root, from os-release (freedesktop.org os-release(5)).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/model/sbom.hpp"

namespace hallmark::catalog {

// The files distro detection reads.
std::vector<source::CaptureRule> distro_rules();

// etc/os-release, else usr/lib/os-release; nullopt when neither exists or names no ID.
std::optional<model::Distro> detect_distro(const FileResolver& files);

// The fields of one os-release file. Lines that are not KEY=value are ignored, as the format's
// readers must.
model::Distro parse_os_release(std::string_view text);

}  // namespace hallmark::catalog
