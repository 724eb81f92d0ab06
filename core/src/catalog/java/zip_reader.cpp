// The reducer's work: one Java archive, opened from memory with libarchive, read down to what the
// cataloger needs, nested archives included, within the limits that keep a zip bomb harmless.
// Members are decompressed only when they are needed (a manifest, a pom.properties, a nested
// archive); the seekable zip reader skips every other one without inflating it.
#include <array>
#include <memory>

#include <archive.h>
#include <archive_entry.h>

#include "hallmark/catalog/java.hpp"
#include "hallmark/crypto/digest.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "java_files.hpp"

namespace hallmark::catalog::java {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// The members of an archive the cataloger reads; the rest are skipped without inflating them.
enum class MemberKind { kManifest, kPomProperties, kArchive, kOther };

MemberKind member_kind(std::string_view name) {
  if (util::to_lower(name) == "meta-inf/manifest.mf") return MemberKind::kManifest;
  if (name.starts_with("META-INF/maven/") && name.ends_with("/pom.properties"))
    return MemberKind::kPomProperties;
  if (is_java_archive_name(name)) return MemberKind::kArchive;
  return MemberKind::kOther;
}

// The manifest attributes the cataloger reads (names, versions, group ids, vendors, licenses);
// the rest (Export-Package lists, per-class digests of signed jars) is dropped.
constexpr std::array kKeptAttributes = {
    "Name",
    "Bundle-Name",
    "Short-Name",
    "Extension-Name",
    "Implementation-Title",
    "Implementation-Version",
    "Implementation-Vendor",
    "Implementation-Vendor-Id",
    "Specification-Title",
    "Specification-Version",
    "Specification-Vendor",
    "Plugin-Version",
    "Bundle-Version",
    "Bundle-SymbolicName",
    "Bundle-Vendor",
    "Bundle-License",
    "Plugin-License-Name",
    "Automatic-Module-Name",
    "Group-Id",
    "Bundle-Activator",
    "Package",
};
constexpr size_t kMaxAttributeValue = 4096;

ManifestSection kept_attributes(const ManifestSection& section) {
  ManifestSection kept;
  bool meaningful = false;
  for (const auto& [name, value] : section) {
    for (std::string_view wanted : kKeptAttributes) {
      if (name != wanted) continue;
      kept.emplace_back(name, value.substr(0, kMaxAttributeValue));
      meaningful = meaningful || name != "Name";
    }
  }
  if (!meaningful) kept.clear();  // a section naming a class and its digest only
  return kept;
}

Manifest compact(const Manifest& manifest) {
  Manifest kept;
  kept.main = kept_attributes(manifest.main);
  for (const ManifestSection& section : manifest.sections)
    if (ManifestSection attributes = kept_attributes(section); !attributes.empty())
      kept.sections.push_back(std::move(attributes));
  return kept;
}

std::string problem_of(archive* reader) {
  const char* text = archive_error_string(reader);
  return text != nullptr ? text : "unreadable zip data";
}

std::string size_text(uint64_t bytes) {
  constexpr uint64_t kMiB = 1 << 20;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

class ZipReader {
 public:
  // A hostile archive may have a problem in every member: the first ones are listed.
  static constexpr size_t kMaxWarnings = 100;

  ZipReader(const ArchiveLimits& limits, std::vector<std::string>& warnings)
      : limits_(limits), warnings_(warnings) {}

  size_t unlisted() const { return unlisted_; }

  // Summarizes the archive `content`, `depth` archives below the file; `where` names it in
  // warnings ("" for the file itself, else "BOOT-INF/lib/x.jar:" and so on).
  ArchiveSummary summarize(std::string_view content, size_t depth, const std::string& where) {
    ArchiveSummary summary;
    summary.sha1 = crypto::digest_hex(crypto::DigestAlgorithm::kSha1, content);
    ArchivePtr reader(archive_read_new(), &archive_read_free);
    if (!reader) throw Error(ErrorKind::kIo, "", "libarchive: out of memory");
    archive_read_support_format_zip(reader.get());
    if (archive_read_open_memory(reader.get(), content.data(), content.size()) < ARCHIVE_WARN) {
      summary.readable = false;
      warn(where, "not a zip archive (" + problem_of(reader.get()) + ")");
      return summary;
    }
    archive_entry* entry;
    while (!exhausted_) {
      int status = archive_read_next_header(reader.get(), &entry);
      if (status == ARCHIVE_EOF) break;
      if (status < ARCHIVE_WARN) {
        warn(where, "damaged zip archive (" + problem_of(reader.get()) + "); read up to there");
        break;
      }
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      const char* raw_name = archive_entry_pathname_utf8(entry);
      if (raw_name == nullptr) raw_name = archive_entry_pathname(entry);
      if (raw_name == nullptr) continue;
      std::string name = raw_name;
      MemberKind kind = member_kind(name);
      if (kind == MemberKind::kOther) continue;
      read_member(reader.get(), entry, kind, name, depth, where, summary);
    }
    return summary;
  }

 private:
  // Packages one file may yield: a bound on the summary's size however many members claim to
  // be pom.properties or nested archives.
  static constexpr size_t kMaxKeptPerFile = 10000;

  void warn(const std::string& where, const std::string& problem) {
    if (warnings_.size() < kMaxWarnings)
      warnings_.push_back(where.empty() ? problem : where + " " + problem);
    else
      ++unlisted_;
  }

  void read_member(archive* reader, archive_entry* entry, MemberKind kind, const std::string& name,
                   size_t depth, const std::string& where, ArchiveSummary& summary) {
    std::string member = where + name + ":";
    if (kind == MemberKind::kArchive && depth + 1 > limits_.max_depth) {
      warn(member,
           "nested more than " + std::to_string(limits_.max_depth) + " archives deep; not read");
      return;
    }
    if (kept_ >= kMaxKeptPerFile) {
      warn(member, "more than " + std::to_string(kMaxKeptPerFile) +
                       " packages in one file; the rest not read");
      exhausted_ = true;
      return;
    }
    uint64_t cap = kind == MemberKind::kArchive ? limits_.max_expanded : limits_.max_metadata_file;
    std::optional<std::string> data = read_data(reader, entry, member, cap);
    if (!data) return;
    try {
      switch (kind) {
        case MemberKind::kManifest:
          if (!summary.manifest) summary.manifest = compact(parse_manifest(*data));
          break;
        case MemberKind::kPomProperties:
          summary.poms.emplace_back(name, parse_pom_properties(*data));
          ++kept_;
          break;
        case MemberKind::kArchive: {
          ArchiveSummary nested = summarize(*data, depth + 1, member);
          if (!nested.readable) return;
          nested.path = name;
          summary.nested.push_back(std::move(nested));
          ++kept_;
          break;
        }
        case MemberKind::kOther:
          break;
      }
    } catch (const Error& error) {
      warn(member, error.message());
    }
  }

  // The member's bytes, or nullopt (with a warning) when they cannot be read or would pass
  // `cap` or the budget of the whole file.
  std::optional<std::string> read_data(archive* reader, archive_entry* entry,
                                       const std::string& member, uint64_t cap) {
    uint64_t left = limits_.max_expanded - expanded_;
    if (archive_entry_size_is_set(entry)) {
      auto declared = static_cast<uint64_t>(archive_entry_size(entry));
      if (declared > cap || declared > left) {
        warn(member, "expands to " + std::to_string(declared) + " bytes, more than " +
                         (cap < left ? size_text(cap) + " for such a file" : budget_text()) +
                         "; not read");
        return std::nullopt;
      }
    }
    std::string data;
    std::array<char, 64 * 1024> block;
    while (true) {
      la_ssize_t got = archive_read_data(reader, block.data(), block.size());
      if (got == 0) break;
      if (got < 0) {
        warn(member, "unreadable (" + problem_of(reader) + ")");
        return std::nullopt;
      }
      expanded_ += static_cast<uint64_t>(got);
      if (expanded_ > limits_.max_expanded) {
        // The declared size lied: a zip bomb. Nothing more of this file is read.
        warn(member, "expands to more than " + budget_text() + "; the rest not read");
        exhausted_ = true;
        return std::nullopt;
      }
      data.append(block.data(), static_cast<size_t>(got));
      if (data.size() > cap) {
        warn(member, "expands to more than " + size_text(cap) + " for such a file; not read");
        return std::nullopt;
      }
    }
    return data;
  }

  std::string budget_text() const {
    return size_text(limits_.max_expanded) + ", the most read of one file and the archives in it";
  }

  const ArchiveLimits& limits_;
  std::vector<std::string>& warnings_;
  uint64_t expanded_ = 0;  // bytes decompressed so far, for the whole file
  size_t kept_ = 0;        // pom.properties and nested archives kept so far
  size_t unlisted_ = 0;    // warnings past kMaxWarnings
  bool exhausted_ = false;
};

}  // namespace

ArchiveSummary summarize_archive(std::string_view content, const ArchiveLimits& limits) {
  std::vector<std::string> warnings;
  ZipReader reader(limits, warnings);
  ArchiveSummary summary = reader.summarize(content, 0, "");
  if (reader.unlisted() > 0)
    warnings.push_back(std::to_string(reader.unlisted()) + " more problems not listed");
  summary.warnings = std::move(warnings);
  return summary;
}

}  // namespace hallmark::catalog::java
