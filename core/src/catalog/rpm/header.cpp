// One rpm header image, as the package databases store it (rpm lib/header.c, hdrblobInit and
// hdrblobVerifyInfo). All numbers are big-endian, whatever the database's own byte order:
//   il (uint32)  number of index entries     dl (uint32)  length of the data store
//   il x 16 bytes: tag, type, offset (into the data store), count
//   dl bytes: the data store
// The first entry is usually a region tag (61 HEADERIMAGE, 62 HEADERSIGNATURES, 63
// HEADERIMMUTABLE): its offset points at a 16-byte trailer in the data store whose negated
// offset is the size of the region's index (ril entries). Entries past the region are "dribble"
// entries rpm added after the package was built; where one repeats a tag of the region it wins.
// rpm itself refuses a header whose entries (after the region tag) are not laid out in
// increasing, non-overlapping order; so do we, which also bounds the work to the blob's size.
#include <array>
#include <unordered_map>

#include "hallmark/catalog/rpm/rpmdb.hpp"

#include "formats.hpp"

namespace hallmark::catalog::rpm {
namespace {

using detail::Endian;
using detail::Input;

enum Type : uint32_t {
  kNull = 0,
  kChar = 1,
  kInt8 = 2,
  kInt16 = 3,
  kInt32 = 4,
  kInt64 = 5,
  kString = 6,
  kBin = 7,
  kStringArray = 8,
  kI18nString = 9,
};
constexpr uint32_t kMaxType = kI18nString;
// Bytes per element of the fixed-size types; 0 for the NUL-terminated string types.
constexpr std::array<uint64_t, kMaxType + 1> kTypeSize = {0, 1, 1, 2, 4, 8, 0, 1, 0, 0};

enum Tag : uint32_t {
  kHeaderImage = 61,
  kHeaderSignatures = 62,
  kHeaderImmutable = 63,
  kI18nTable = 100,
  kSigMd5 = 261,
  kName = 1000,
  kVersion = 1001,
  kRelease = 1002,
  kEpoch = 1003,
  kSummary = 1004,
  kSize = 1009,
  kVendor = 1011,
  kLicense = 1014,
  kArch = 1022,
  kOldFileNames = 1027,
  kFileSizes = 1028,
  kFileModes = 1030,
  kFileDigests = 1035,
  kSourceRpm = 1044,
  kProvideName = 1047,
  kRequireName = 1049,
  kDirIndexes = 1116,
  kBaseNames = 1117,
  kDirNames = 1118,
  kLongFileSizes = 5008,
  kLongSize = 5009,
  kFileDigestAlgo = 5011,
  kModularityLabel = 5096,
};

constexpr uint64_t kEntrySize = 16;
constexpr uint32_t kMaxIndexEntries = 0xffff;  // rpm's hdrchkTags limit
// A file list shares its directory names; spelled out in full, real packages stay well under
// a few times the header's size. More than this is a hostile header asking for memory.
constexpr uint64_t kMaxPathBytesPerHeaderByte = 16;

struct Entry {
  uint32_t tag = 0;
  uint32_t type = 0;
  uint32_t offset = 0;  // into the data store
  uint32_t count = 0;
  uint64_t length = 0;  // bytes the entry's data takes
};

// PGP hash algorithm ids (RFC 4880 9.4), as FILEDIGESTALGO stores them.
std::string digest_algorithm_name(uint32_t id) {
  switch (id) {
    case 1:
      return "md5";
    case 2:
      return "sha1";
    case 3:
      return "ripemd160";
    case 5:
      return "md2";
    case 6:
      return "tiger192";
    case 7:
      return "haval-5-160";
    case 8:
      return "sha256";
    case 9:
      return "sha384";
    case 10:
      return "sha512";
    case 11:
      return "sha224";
    default:
      return "unknown-digest-algorithm";
  }
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

class HeaderImage {
 public:
  HeaderImage(std::string_view blob, const std::string& where) : blob_(blob, where) {
    if (!blob_.contains(0, 8)) blob_.fail("header blob of " + size_text() + " is too short");
    uint32_t il = blob_.u32(0, Endian::kBig);
    uint32_t dl = blob_.u32(4, Endian::kBig);
    if (il == 0) blob_.fail("header has no index entries");
    if (il > kMaxIndexEntries)
      blob_.fail("header claims " + std::to_string(il) + " index entries, more than rpm allows");
    if (dl > detail::kMaxHeaderBytes)
      blob_.fail("header claims a data store of " + std::to_string(dl) + " bytes, more than " +
                 "rpm allows");
    uint64_t data_start = 8 + kEntrySize * il;
    if (!blob_.contains(data_start, dl))
      blob_.fail("header claims " + std::to_string(il) + " index entries and " +
                 std::to_string(dl) + " bytes of data, but the blob has only " + size_text());
    data_ = Input(blob_.slice(data_start, dl), where);

    std::vector<Entry> entries;
    entries.reserve(il);
    for (uint32_t i = 0; i < il; ++i) {
      uint64_t at = 8 + kEntrySize * i;
      entries.push_back({blob_.u32(at, Endian::kBig), blob_.u32(at + 4, Endian::kBig),
                         blob_.u32(at + 8, Endian::kBig), blob_.u32(at + 12, Endian::kBig), 0});
    }
    size_t first_data_entry = check_region(entries);
    uint64_t end_of_previous = 0;
    for (size_t i = first_data_entry; i < entries.size(); ++i) {
      Entry& entry = entries[i];
      check_entry(i, entry, end_of_previous);
      end_of_previous = entry.offset + entry.length;
      by_tag_[entry.tag] = entry;  // a dribble entry, later in the index, wins
    }
  }

  bool has(uint32_t tag) const { return by_tag_.contains(tag); }

  // The first string of a STRING, I18NSTRING (its default locale) or STRING_ARRAY entry.
  std::string string(uint32_t tag, const char* name) const {
    const Entry* entry = find(tag);
    if (!entry) return {};
    expect_string(*entry, name);
    std::string_view data = data_.slice(entry->offset, entry->length);
    return std::string(data.substr(0, data.find('\0')));
  }

  // The strings of a string entry, as views into the blob.
  std::vector<std::string_view> string_views(uint32_t tag, const char* name) const {
    const Entry* entry = find(tag);
    if (!entry) return {};
    expect_string(*entry, name);
    std::vector<std::string_view> values;
    values.reserve(entry->count);
    std::string_view data = data_.slice(entry->offset, entry->length);
    for (uint32_t i = 0; i < entry->count; ++i) {
      size_t nul = data.find('\0');  // present: check_entry counted them
      values.push_back(data.substr(0, nul));
      data.remove_prefix(nul + 1);
    }
    return values;
  }

  std::vector<std::string> strings(uint32_t tag, const char* name) const {
    std::vector<std::string_view> views = string_views(tag, name);
    return {views.begin(), views.end()};
  }

  // The values of an INT16, INT32 or INT64 entry (as wanted), widened.
  std::vector<uint64_t> integers(uint32_t tag, uint32_t type, const char* name) const {
    const Entry* entry = find(tag);
    if (!entry) return {};
    expect(*entry, type, name);
    std::vector<uint64_t> values;
    values.reserve(entry->count);
    uint64_t width = kTypeSize[type];
    for (uint64_t i = 0; i < entry->count; ++i) {
      uint64_t at = entry->offset + i * width;
      values.push_back(type == kInt16   ? data_.u16(at, Endian::kBig)
                       : type == kInt32 ? data_.u32(at, Endian::kBig)
                                        : data_.u64(at, Endian::kBig));
    }
    return values;
  }

  std::optional<uint64_t> integer(uint32_t tag, uint32_t type, const char* name) const {
    const Entry* entry = find(tag);
    if (!entry) return std::nullopt;
    expect(*entry, type, name);
    if (type == kInt32) return data_.u32(entry->offset, Endian::kBig);
    return data_.u64(entry->offset, Endian::kBig);
  }

  std::string binary(uint32_t tag, const char* name) const {
    const Entry* entry = find(tag);
    if (!entry) return {};
    expect(*entry, kBin, name);
    return std::string(data_.slice(entry->offset, entry->length));
  }

  uint64_t data_size() const { return data_.size(); }
  [[noreturn]] void fail(const std::string& message) const { blob_.fail(message); }

 private:
  // Checks the region tag and its trailer, when the header has one; returns the index of the
  // first entry that carries data.
  size_t check_region(const std::vector<Entry>& entries) const {
    const Entry& first = entries.front();
    if (first.tag != kHeaderImage && first.tag != kHeaderSignatures &&
        first.tag != kHeaderImmutable)
      return 0;  // a legacy (v3) header without a region: every entry is data
    std::string region = "region tag " + std::to_string(first.tag);
    if (first.type != kBin || first.count != kEntrySize)
      fail(region + " has type " + std::to_string(first.type) + " and count " +
           std::to_string(first.count) + ", want a 16-byte binary trailer");
    if (!data_.contains(first.offset, kEntrySize))
      fail(region + ": trailer at offset " + std::to_string(first.offset) +
           " is past the end of the data store (" + std::to_string(data_.size()) + " bytes)");
    uint32_t trailer_tag = data_.u32(first.offset, Endian::kBig);
    uint32_t trailer_type = data_.u32(first.offset + 4, Endian::kBig);
    auto trailer_offset = static_cast<int32_t>(data_.u32(first.offset + 8, Endian::kBig));
    uint32_t trailer_count = data_.u32(first.offset + 12, Endian::kBig);
    if (trailer_tag != first.tag || trailer_type != kBin || trailer_count != kEntrySize)
      fail(region + ": trailer (tag " + std::to_string(trailer_tag) + ", type " +
           std::to_string(trailer_type) + ", count " + std::to_string(trailer_count) +
           ") does not match the region tag");
    // The trailer's offset is minus the size of the region's index, region tag included.
    int64_t index_bytes = -static_cast<int64_t>(trailer_offset);
    if (index_bytes <= 0 || index_bytes % static_cast<int64_t>(kEntrySize) != 0 ||
        index_bytes / static_cast<int64_t>(kEntrySize) > static_cast<int64_t>(entries.size()))
      fail(region + ": trailer gives a region of " + std::to_string(index_bytes) +
           " index bytes, not a whole number of the header's " + std::to_string(entries.size()) +
           " entries");
    return 1;
  }

  void check_entry(size_t index, Entry& entry, uint64_t end_of_previous) const {
    std::string what =
        "index entry " + std::to_string(index) + " (tag " + std::to_string(entry.tag) + ")";
    if (entry.tag < kI18nTable) fail(what + ": tag below 100 outside the region tag");
    if (entry.type == kNull || entry.type > kMaxType)
      fail(what + ": unknown data type " + std::to_string(entry.type));
    if (entry.count == 0) fail(what + ": count is 0");
    if (entry.offset >= data_.size())
      fail(what + ": offset " + std::to_string(entry.offset) + " points past the data store (" +
           std::to_string(data_.size()) + " bytes)");
    if (entry.offset < end_of_previous)
      fail(what + ": offset " + std::to_string(entry.offset) +
           " overlaps the data of the entry before it");
    uint64_t room = data_.size() - entry.offset;
    if (uint64_t width = kTypeSize[entry.type]; width != 0) {
      entry.length = width * entry.count;
      if (entry.length > room)
        fail(what + ": " + std::to_string(entry.count) + " values of " + std::to_string(width) +
             " bytes run past the end of the data store");
      return;
    }
    if (entry.type == kString && entry.count != 1)
      fail(what + ": a STRING entry with count " + std::to_string(entry.count));
    std::string_view rest = data_.slice(entry.offset, room);
    uint64_t length = 0;
    for (uint32_t i = 0; i < entry.count; ++i) {
      size_t nul = rest.find('\0', length);
      if (nul == std::string_view::npos)
        fail(what + ": string " + std::to_string(i) + " of " + std::to_string(entry.count) +
             " runs past the end of the data store");
      length = nul + 1;
    }
    entry.length = length;
  }

  const Entry* find(uint32_t tag) const {
    auto it = by_tag_.find(tag);
    return it == by_tag_.end() ? nullptr : &it->second;
  }

  void expect(const Entry& entry, uint32_t type, const char* name) const {
    if (entry.type != type)
      fail(std::string("tag ") + name + " has data type " + std::to_string(entry.type) + ", want " +
           std::to_string(type));
  }

  void expect_string(const Entry& entry, const char* name) const {
    if (entry.type != kString && entry.type != kI18nString && entry.type != kStringArray)
      fail(std::string("tag ") + name + " has data type " + std::to_string(entry.type) +
           ", want a string");
  }

  std::string size_text() const { return std::to_string(blob_.size()) + " bytes"; }

  Input blob_;
  Input data_{std::string_view(), blob_.where()};
  std::unordered_map<uint32_t, Entry> by_tag_;
};

// rpm prints absent strings as "(none)"; some builds stored that text. go-rpmdb (and so syft)
// report these three as empty.
std::string none_as_empty(std::string value) {
  return value == "(none)" ? std::string() : value;
}

std::vector<FileEntry> read_files(const HeaderImage& image) {
  std::vector<std::string> paths;
  if (image.has(kBaseNames)) {
    // Paths are compressed: each base name names its directory by index into DIRNAMES (which
    // end in '/').
    std::vector<std::string_view> base_names = image.string_views(kBaseNames, "BASENAMES");
    std::vector<std::string_view> dir_names = image.string_views(kDirNames, "DIRNAMES");
    std::vector<uint64_t> dir_indexes = image.integers(kDirIndexes, kInt32, "DIRINDEXES");
    if (dir_indexes.size() != base_names.size())
      image.fail("file list has " + std::to_string(base_names.size()) + " base names but " +
                 std::to_string(dir_indexes.size()) + " directory indexes");
    uint64_t total = 0;
    for (size_t i = 0; i < base_names.size(); ++i) {
      if (dir_indexes[i] >= dir_names.size())
        image.fail("file " + std::to_string(i) + " (" + std::string(base_names[i]) +
                   ") names directory " + std::to_string(dir_indexes[i]) + " of " +
                   std::to_string(dir_names.size()));
      total += dir_names[dir_indexes[i]].size() + base_names[i].size();
    }
    if (total > kMaxPathBytesPerHeaderByte * image.data_size() + 4096)
      image.fail("file paths would take " + std::to_string(total) + " bytes, out of all " +
                 "proportion to the header's " + std::to_string(image.data_size()));
    paths.reserve(base_names.size());
    for (size_t i = 0; i < base_names.size(); ++i) {
      std::string& path = paths.emplace_back(dir_names[dir_indexes[i]]);
      path += base_names[i];
    }
  } else if (image.has(kOldFileNames)) {
    paths = image.strings(kOldFileNames, "OLDFILENAMES");  // headers of rpm < 4.0
  }

  std::vector<std::string_view> digests = image.string_views(kFileDigests, "FILEDIGESTS");
  std::vector<uint64_t> modes = image.integers(kFileModes, kInt16, "FILEMODES");
  std::vector<uint64_t> sizes = image.has(kLongFileSizes)
                                    ? image.integers(kLongFileSizes, kInt64, "LONGFILESIZES")
                                    : image.integers(kFileSizes, kInt32, "FILESIZES");
  std::vector<FileEntry> files;
  files.reserve(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    FileEntry& file = files.emplace_back();
    file.path = std::move(paths[i]);
    if (i < digests.size()) file.digest = digests[i];
    if (i < modes.size()) file.mode = static_cast<uint32_t>(modes[i]);
    if (i < sizes.size()) file.size = sizes[i];
  }
  return files;
}

}  // namespace

Header parse_header(std::string_view blob, const std::string& where) {
  HeaderImage image(blob, where);
  Header header;
  header.name = image.string(kName, "NAME");
  header.version = image.string(kVersion, "VERSION");
  header.release = image.string(kRelease, "RELEASE");
  header.arch = image.string(kArch, "ARCH");
  header.source_rpm = none_as_empty(image.string(kSourceRpm, "SOURCERPM"));
  header.license = none_as_empty(image.string(kLicense, "LICENSE"));
  header.vendor = none_as_empty(image.string(kVendor, "VENDOR"));
  header.summary = image.string(kSummary, "SUMMARY");
  header.modularity_label = image.string(kModularityLabel, "MODULARITYLABEL");
  header.sigmd5 = to_hex(image.binary(kSigMd5, "SIGMD5"));
  if (std::optional<uint64_t> epoch = image.integer(kEpoch, kInt32, "EPOCH"))
    header.epoch = static_cast<int>(static_cast<int32_t>(*epoch));
  // SIZE is 32 bits; rpm writes LONGSIZE instead for packages of 4 GiB and more.
  if (std::optional<uint64_t> size = image.integer(kLongSize, kInt64, "LONGSIZE"))
    header.size = *size;
  else if (std::optional<uint64_t> size32 = image.integer(kSize, kInt32, "SIZE"))
    header.size = *size32;
  header.provides = image.strings(kProvideName, "PROVIDENAME");
  header.requirements = image.strings(kRequireName, "REQUIRENAME");
  std::optional<uint64_t> algo = image.integer(kFileDigestAlgo, kInt32, "FILEDIGESTALGO");
  header.digest_algorithm = digest_algorithm_name(algo ? static_cast<uint32_t>(*algo) : 1);
  header.files = read_files(image);
  return header;
}

}  // namespace hallmark::catalog::rpm
