// SBOM encoders: CycloneDX JSON (1.5, 1.6, 1.7), SPDX 2.3 JSON and a table for people. Encoders
// know the model, never the catalogers. Output is deterministic: everything sorted, ids and
// serial numbers derived from content, time from SOURCE_DATE_EPOCH when set.
#pragma once

#include <string>
#include <string_view>

#include "hallmark/model/sbom.hpp"

namespace hallmark::format {

enum class Format { kCycloneDxJson, kSpdxJson, kTable };

// One `-o` of the command line: "cyclonedx-json", "cyclonedx-json@1.5=sbom.json",
// "spdx-json=out.spdx.json", "table".
struct OutputSpec {
  Format format = Format::kTable;
  std::string version;  // the format version ("1.6", "2.3"), defaulted by parse
  std::string file;     // empty for stdout
};

// Throws kUsage for an unknown format or version.
OutputSpec parse_output_spec(std::string_view text);

struct ToolInfo {
  std::string name = "hallmark-sbom";
  std::string version = HALLMARK_VERSION;
};

std::string encode(const model::Sbom& sbom, const OutputSpec& spec, const ToolInfo& tool = {});

std::string encode_cyclonedx(const model::Sbom& sbom, std::string_view spec_version,
                             const ToolInfo& tool);
std::string encode_spdx(const model::Sbom& sbom, const ToolInfo& tool);
std::string encode_table(const model::Sbom& sbom);

}  // namespace hallmark::format
