// cargo-auditable's data: the ".dep-v0" section holds a zlib stream of JSON in the format of
// the auditable-serde crate (cargo-auditable.schema.json).
#include <isa-l/igzip_lib.h>
#include <nlohmann/json.hpp>

#include "hallmark/catalog/rust.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::catalog::rust {
namespace {

// The format nests four deep (document, package list, package, dependency list); a little
// slack, and a hostile document cannot make the parser build deep trees.
constexpr int kMaxDepth = 8;
constexpr size_t kChunk = 64 << 10;

std::string required_string(const nlohmann::json& package, const char* key, size_t index) {
  auto field = package.find(key);
  if (field == package.end() || !field->is_string())
    throw_bad_input("", "package " + std::to_string(index) + " has no string '" + key + "'");
  return field->get<std::string>();
}

}  // namespace

std::string inflate_audit_data(std::string_view compressed, size_t limit) {
  if (compressed.size() > UINT32_MAX) throw_bad_input("", ".dep-v0 section too large");
  inflate_state state;
  isal_inflate_init(&state);
  state.crc_flag = ISAL_ZLIB;  // parse the zlib header and check the Adler-32 at the end
  state.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(compressed.data()));
  state.avail_in = static_cast<uint32_t>(compressed.size());
  std::string out;
  while (state.block_state != ISAL_BLOCK_FINISH) {
    if (out.size() > limit)
      throw_bad_input("", ".dep-v0 data inflates to more than " + std::to_string(limit) + " bytes");
    size_t before = out.size();
    out.resize(before + kChunk);
    state.next_out = reinterpret_cast<uint8_t*>(out.data() + before);
    state.avail_out = static_cast<uint32_t>(kChunk);
    int status = isal_inflate(&state);
    out.resize(out.size() - state.avail_out);
    if (status < 0)
      throw_bad_input("", "corrupt .dep-v0 zlib data (error " + std::to_string(status) + ")");
    if (state.block_state != ISAL_BLOCK_FINISH && state.avail_in == 0 && out.size() == before)
      throw_bad_input("", "truncated .dep-v0 zlib data");
  }
  if (out.size() > limit)
    throw_bad_input("", ".dep-v0 data inflates to more than " + std::to_string(limit) + " bytes");
  return out;
}

std::vector<AuditedCrate> parse_audit_data(std::string_view json) {
  nlohmann::json document;
  try {
    document =
        nlohmann::json::parse(json, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > kMaxDepth) throw_bad_input("", "JSON nested deeper than the format");
          return true;
        });
  } catch (const nlohmann::json::exception& error) {
    throw_bad_input("", std::string("not JSON: ") + error.what());
  }
  if (!document.is_object() || !document.contains("packages") || !document["packages"].is_array())
    throw_bad_input("", "no \"packages\" list");
  const nlohmann::json& packages = document["packages"];
  std::vector<AuditedCrate> crates;
  crates.reserve(packages.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    const nlohmann::json& package = packages[i];
    if (!package.is_object())
      throw_bad_input("", "package " + std::to_string(i) + " is not an object");
    AuditedCrate crate;
    crate.name = required_string(package, "name", i);
    crate.version = required_string(package, "version", i);
    crate.source = required_string(package, "source", i);
    if (auto kind = package.find("kind"); kind != package.end()) {
      if (*kind == "build")
        crate.kind = DependencyKind::kBuild;
      else if (*kind != "runtime")
        throw_bad_input("", "package " + std::to_string(i) + ": unknown kind");
    }
    if (auto root = package.find("root"); root != package.end()) {
      if (!root->is_boolean()) throw_bad_input("", "package " + std::to_string(i) + ": bad 'root'");
      crate.root = root->get<bool>();
    }
    if (auto dependencies = package.find("dependencies"); dependencies != package.end()) {
      if (!dependencies->is_array())
        throw_bad_input("", "package " + std::to_string(i) + ": 'dependencies' is not a list");
      for (const nlohmann::json& index : *dependencies) {
        if (!index.is_number_unsigned() || index.get<uint64_t>() >= packages.size())
          throw_bad_input("", "package " + std::to_string(i) + ": dependency index out of range");
        crate.dependencies.push_back(index.get<size_t>());
      }
    }
    crates.push_back(std::move(crate));
  }
  return crates;
}

}  // namespace hallmark::catalog::rust
