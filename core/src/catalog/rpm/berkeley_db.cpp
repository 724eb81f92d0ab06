// The Berkeley DB hash database rpm < 4.16 kept as Packages: key = the 4-byte header number,
// value = the header image. Read the way rpm's own bdb_ro backend reads it, without libdb.
//
// The file is an array of pages of one size (512..65536, a power of two). Every number in it is
// in the byte order of the machine that wrote it; the magic number tells which.
//   page 0, hash metadata: 12 magic 0x061561, 16 version, 20 page size, 24 encryption
//           algorithm, 25 page type (8), 32 last page number, 72 highest bucket in use,
//           96 spares[32]: bucket B lives on page B + spares[bits(B)], bits(0) = 0
//   every other page starts with a 26-byte header: 8 its own page number, 16 next page in the
//           chain, 20 number of items, 22 "high free offset" (on overflow pages, the number of
//           data bytes), 25 page type
//   hash pages (type 13, or 2 as older libdb wrote) hold an array of 2-byte item offsets at 26,
//           key and value alternating; items are packed from the page's end down, so an item
//           runs to the start of the previous one (the first, to the page's end). An item's
//           first byte is its kind: 1 = data inline, 3 = "off page": 12 bytes, with the first
//           overflow page at 4 and the total length at 8
//   overflow pages (type 7) chain the bytes of one large item through "next page"
// A bucket's pages chain through "next page" too. Every page is reached at most once: a second
// visit means a cycle (or two chains sharing pages) and the file is refused, which bounds both
// the work and the bytes copied out by the file's size.
#include "formats.hpp"

namespace hallmark::catalog::rpm::detail {
namespace {

constexpr uint32_t kHashMagic = 0x061561;
constexpr uint32_t kHashMagicSwapped = 0x61150600;
constexpr uint64_t kPageHeaderSize = 26;
constexpr uint64_t kMetadataSize = 224;  // through spares[31]
constexpr uint8_t kPageHashMetadata = 8;
constexpr uint8_t kPageHash = 13;
constexpr uint8_t kPageHashUnsorted = 2;
constexpr uint8_t kPageOverflow = 7;
constexpr uint8_t kItemKeyData = 1;
constexpr uint8_t kItemOffPage = 3;
constexpr uint64_t kOffPageItemSize = 12;

class BerkeleyDb {
 public:
  BerkeleyDb(std::string_view bytes, const std::string& where) : in_(bytes, where) {
    if (!in_.contains(0, kMetadataSize)) in_.fail("Berkeley DB metadata page is truncated");
    uint32_t magic = in_.u32(12, Endian::kLittle);
    if (magic == kHashMagic)
      endian_ = Endian::kLittle;
    else if (magic == kHashMagicSwapped)
      endian_ = Endian::kBig;
    else
      in_.fail("not a Berkeley DB hash database");
    // rpm's reader supports hash versions 8 (libdb 4.x) to 10.
    if (uint32_t version = u32(16); version < 8 || version > 10)
      in_.fail("Berkeley DB hash version " + std::to_string(version) + " is not supported");
    page_size_ = u32(20);
    if (page_size_ < 512 || page_size_ > 65536 || (page_size_ & (page_size_ - 1)) != 0)
      in_.fail("Berkeley DB page size " + std::to_string(page_size_) + " is not a power of two " +
               "from 512 to 65536");
    if (in_.u8(24) != 0) in_.fail("encrypted Berkeley DB databases are not supported");
    if (in_.u8(25) != kPageHashMetadata) in_.fail("Berkeley DB page 0 is not a hash metadata page");
    last_page_ = u32(32);
    if (!in_.contains(0, (last_page_ + 1) * page_size_))
      in_.fail("Berkeley DB is truncated: its metadata gives " + std::to_string(last_page_ + 1) +
               " pages of " + std::to_string(page_size_) + " bytes, the file has " +
               std::to_string(in_.size()) + " bytes");
    max_bucket_ = u32(72);
    // Each bucket has a page of its own, so there are fewer buckets than pages.
    if (max_bucket_ >= last_page_)
      in_.fail("Berkeley DB metadata gives bucket " + std::to_string(max_bucket_) + " but only " +
               std::to_string(last_page_) + " pages after it");
    visited_.assign(last_page_ + 1, false);
  }

  std::vector<std::string> blobs() {
    std::vector<std::string> blobs;
    for (uint64_t bucket = 0; bucket <= max_bucket_; ++bucket) {
      for (uint64_t page = bucket_page(bucket); page != 0; page = u32(page_offset(page) + 16)) {
        visit(page, "bucket " + std::to_string(bucket));
        uint8_t type = in_.u8(page_offset(page) + 25);
        if (type != kPageHash && type != kPageHashUnsorted)
          fail(page, "page of bucket " + std::to_string(bucket) + " has type " +
                         std::to_string(type) + ", not a hash page");
        read_hash_page(page, blobs);
      }
    }
    return blobs;
  }

 private:
  uint32_t u32(uint64_t offset) const { return in_.u32(offset, endian_); }
  uint16_t u16(uint64_t offset) const { return in_.u16(offset, endian_); }
  uint64_t page_offset(uint64_t page) const { return page * page_size_; }

  [[noreturn]] void fail(uint64_t page, const std::string& message) const {
    in_.fail("Berkeley DB page " + std::to_string(page) + ": " + message);
  }

  uint64_t bucket_page(uint64_t bucket) const {
    uint64_t bits = 0;
    for (uint64_t b = bucket; b != 0; b >>= 1)
      ++bits;
    // bits < 32 for any file held in memory: max_bucket_ < last_page_ < file size / 512.
    uint64_t page = bucket + u32(96 + 4 * bits);
    if (page == 0 || page > last_page_)
      in_.fail("Berkeley DB bucket " + std::to_string(bucket) + " maps to page " +
               std::to_string(page) + ", past the last page " + std::to_string(last_page_));
    return page;
  }

  // Marks a page as read, refusing pages outside the file, revisits, and pages that do not
  // carry their own number (as libdb writes every page it uses).
  void visit(uint64_t page, const std::string& chain) {
    if (page == 0 || page > last_page_)
      in_.fail("Berkeley DB " + chain + ": chain points to page " + std::to_string(page) +
               ", past the last page " + std::to_string(last_page_));
    if (visited_[page])
      fail(page, chain + " reaches this page a second time (a cycle in the page chains)");
    visited_[page] = true;
    if (u32(page_offset(page) + 8) != page)
      fail(page, "page header names page " + std::to_string(u32(page_offset(page) + 8)));
  }

  void read_hash_page(uint64_t page, std::vector<std::string>& blobs) {
    uint64_t base = page_offset(page);
    uint64_t items = u16(base + 20);
    uint64_t index_end = kPageHeaderSize + 2 * items;
    if (index_end > page_size_) fail(page, std::to_string(items) + " items do not fit in the page");
    // Items come in key/value pairs; an odd last one is ignored, as rpm does.
    for (uint64_t i = 0; i + 1 < items; i += 2) {
      uint64_t key_at = u16(base + kPageHeaderSize + 2 * i);
      uint64_t value_at = u16(base + kPageHeaderSize + 2 * i + 2);
      uint64_t key_end = i == 0 ? page_size_ : u16(base + kPageHeaderSize + 2 * i - 2);
      std::string what = "item " + std::to_string(i);
      if (key_at < index_end || value_at < index_end || key_end > page_size_ ||
          !(value_at < key_at && key_at < key_end))
        fail(page, what + ": item offsets are out of order or outside the page");
      std::string key = item(page, key_at, key_end - key_at, what);
      // rpm keeps its next header number under key 0; it is no header.
      if (key.size() == 4 && key.find_first_not_of('\0') == std::string::npos) continue;
      blobs.push_back(item(page, value_at, key_at - value_at, "item " + std::to_string(i + 1)));
    }
  }

  std::string item(uint64_t page, uint64_t at, uint64_t length, const std::string& what) {
    uint64_t base = page_offset(page);
    uint8_t kind = in_.u8(base + at);
    if (kind == kItemKeyData) return std::string(in_.slice(base + at + 1, length - 1));
    if (kind != kItemOffPage)
      fail(page, what + " is of kind " + std::to_string(kind) + ", not inline or off-page data");
    if (length != kOffPageItemSize)
      fail(page, what + ": off-page reference of " + std::to_string(length) + " bytes, want 12");
    return overflow(u32(base + at + 4), u32(base + at + 8), page, what);
  }

  std::string overflow(uint64_t first, uint64_t length, uint64_t from_page,
                       const std::string& what) {
    std::string chain = "page " + std::to_string(from_page) + " " + what + " overflow chain";
    if (length == 0 || length > kMaxHeaderBytes || length > in_.size())
      in_.fail("Berkeley DB " + chain + ": item length " + std::to_string(length) +
               " is impossible");
    std::string data;
    data.reserve(length);
    for (uint64_t page = first; data.size() < length; page = u32(page_offset(page) + 16)) {
      if (page == 0)
        in_.fail("Berkeley DB " + chain + " ends " + std::to_string(length - data.size()) +
                 " bytes short of the item's length");
      visit(page, chain);
      uint64_t base = page_offset(page);
      if (in_.u8(base + 25) != kPageOverflow) fail(page, chain + ": not an overflow page");
      uint64_t bytes = u16(base + 22);
      if (kPageHeaderSize + bytes > page_size_ || bytes > length - data.size())
        fail(page, chain + ": " + std::to_string(bytes) + " data bytes do not fit");
      data += in_.slice(base + kPageHeaderSize, bytes);
    }
    return data;
  }

  Input in_;
  Endian endian_ = Endian::kLittle;
  uint64_t page_size_ = 0;
  uint64_t last_page_ = 0;
  uint64_t max_bucket_ = 0;
  std::vector<bool> visited_;
};

}  // namespace

std::vector<std::string> read_berkeley_blobs(std::string_view bytes, const std::string& where) {
  return BerkeleyDb(bytes, where).blobs();
}

}  // namespace hallmark::catalog::rpm::detail
