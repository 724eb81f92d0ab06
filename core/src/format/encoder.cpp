#include "hallmark/format/encoder.hpp"

#include "hallmark/util/error.hpp"

namespace hallmark::format {

OutputSpec parse_output_spec(std::string_view text) {
  OutputSpec spec;
  size_t equals = text.find('=');
  if (equals != std::string_view::npos) {
    spec.file = text.substr(equals + 1);
    if (spec.file.empty()) throw_usage_error("-o " + std::string(text) + ": no file after '='");
    text = text.substr(0, equals);
  }
  size_t at = text.find('@');
  std::string_view name = text.substr(0, at);
  std::string_view version = at == std::string_view::npos ? "" : text.substr(at + 1);
  if (name == "cyclonedx-json") {
    spec.format = Format::kCycloneDxJson;
    spec.version = version.empty() ? "1.6" : std::string(version);
    if (spec.version != "1.5" && spec.version != "1.6" && spec.version != "1.7")
      throw_usage_error("cyclonedx-json@" + spec.version +
                        ": versions 1.5, 1.6 and 1.7 are written");
  } else if (name == "spdx-json") {
    spec.format = Format::kSpdxJson;
    spec.version = version.empty() ? "2.3" : std::string(version);
    if (spec.version != "2.3")
      throw_usage_error("spdx-json@" + spec.version + ": version 2.3 is written");
  } else if (name == "table") {
    spec.format = Format::kTable;
    if (!version.empty()) throw_usage_error("table has no versions");
  } else {
    throw_usage_error("unknown output format \"" + std::string(name) +
                      "\" (cyclonedx-json, spdx-json, table)");
  }
  return spec;
}

std::string encode(const model::Sbom& sbom, const OutputSpec& spec, const ToolInfo& tool) {
  switch (spec.format) {
    case Format::kCycloneDxJson:
      return encode_cyclonedx(sbom, spec.version, tool);
    case Format::kSpdxJson:
      return encode_spdx(sbom, tool);
    case Format::kTable:
      return encode_table(sbom);
  }
  return "";
}

}  // namespace hallmark::format
