// SUSE's NDB package database, Packages.db (rpm lib/backend/ndb/rpmpkg.c). Little-endian
// throughout:
//   - a 32-byte file header: "RpmP", version 0, generation, number of slot pages, next index
//   - that many 4096-byte slot pages from offset 0 (the file header takes the first two slots):
//     16-byte slots "Slot", package index, block offset, block count; block offset 0 = free slot
//   - blobs in 16-byte blocks after the slot pages: a head ("BlbS", package index, timestamp,
//     length), the header image, zero padding, and a tail (adler32, length again, "BlbE"); the
//     slot's block count covers head, image and tail exactly.
// rpm never writes blobs that overlap one another or the slot pages (its writer stops on a file
// that has them); this reader refuses them, which also keeps the bytes it copies out within the
// file's size however many slots point at the same blob.
#include <algorithm>

#include "formats.hpp"

namespace hallmark::catalog::rpm::detail {
namespace {

constexpr uint32_t magic(char a, char b, char c, char d) {
  return static_cast<uint32_t>(a) | static_cast<uint32_t>(b) << 8 | static_cast<uint32_t>(c) << 16 |
         static_cast<uint32_t>(d) << 24;
}

constexpr uint32_t kFileMagic = magic('R', 'p', 'm', 'P');
constexpr uint32_t kSlotMagic = magic('S', 'l', 'o', 't');
constexpr uint32_t kBlobHeadMagic = magic('B', 'l', 'b', 'S');
constexpr uint32_t kBlobTailMagic = magic('B', 'l', 'b', 'E');
constexpr uint64_t kFileHeaderSize = 32;
constexpr uint64_t kSlotPageSize = 4096;
constexpr uint64_t kSlotSize = 16;
constexpr uint64_t kBlockSize = 16;
constexpr uint64_t kBlobHeadSize = 16;
constexpr uint64_t kBlobTailSize = 12;

struct Slot {
  uint64_t number;  // counting the file header's two as 0 and 1, as rpm does
  uint32_t package_index;
  uint64_t block_offset;
  uint64_t block_count;
};

}  // namespace

std::vector<std::string> read_ndb_blobs(std::string_view bytes, const std::string& where) {
  Input in(bytes, where);
  if (!in.contains(0, kFileHeaderSize)) in.fail("NDB file header is truncated");
  if (in.u32(0, Endian::kLittle) != kFileMagic) in.fail("not an NDB database (no RpmP magic)");
  if (uint32_t version = in.u32(4, Endian::kLittle); version != 0)
    in.fail("NDB version " + std::to_string(version) + " is not supported (want 0)");
  uint64_t slot_pages = in.u32(12, Endian::kLittle);
  if (slot_pages == 0) in.fail("NDB file header gives no slot pages");
  if (!in.contains(0, slot_pages * kSlotPageSize))
    in.fail("NDB file header gives " + std::to_string(slot_pages) + " slot pages of 4096 bytes, " +
            "but the file has only " + std::to_string(in.size()) + " bytes");
  const uint64_t first_blob_block = slot_pages * kSlotPageSize / kBlockSize;
  const uint64_t file_blocks = in.size() / kBlockSize;

  std::vector<Slot> slots;
  for (uint64_t number = kFileHeaderSize / kSlotSize;
       number < slot_pages * kSlotPageSize / kSlotSize; ++number) {
    uint64_t at = number * kSlotSize;
    std::string what = "NDB slot " + std::to_string(number);
    if (in.u32(at, Endian::kLittle) != kSlotMagic) in.fail(what + ": bad slot magic");
    Slot slot{number, in.u32(at + 4, Endian::kLittle), in.u32(at + 8, Endian::kLittle),
              in.u32(at + 12, Endian::kLittle)};
    if (slot.block_offset == 0) continue;  // free
    if (slot.package_index == 0 || slot.block_count == 0)
      in.fail(what + ": used slot without a package index or blocks");
    if (slot.block_offset < first_blob_block)
      in.fail(what + ": blob at block " + std::to_string(slot.block_offset) +
              " lies inside the slot pages");
    if (slot.block_offset + slot.block_count > file_blocks)
      in.fail(what + ": blob (blocks " + std::to_string(slot.block_offset) + " + " +
              std::to_string(slot.block_count) + ") points past the end of the file");
    slots.push_back(slot);
  }

  std::vector<Slot> by_offset = slots;
  std::sort(by_offset.begin(), by_offset.end(),
            [](const Slot& a, const Slot& b) { return a.block_offset < b.block_offset; });
  for (size_t i = 1; i < by_offset.size(); ++i)
    if (by_offset[i - 1].block_offset + by_offset[i - 1].block_count > by_offset[i].block_offset)
      in.fail("NDB slots " + std::to_string(by_offset[i - 1].number) + " and " +
              std::to_string(by_offset[i].number) + " claim overlapping blobs");

  std::vector<std::string> blobs;
  blobs.reserve(slots.size());
  for (const Slot& slot : slots) {
    std::string what = "NDB blob of package " + std::to_string(slot.package_index);
    uint64_t start = slot.block_offset * kBlockSize;
    uint64_t span = slot.block_count * kBlockSize;
    if (span < kBlobHeadSize + kBlobTailSize) in.fail(what + ": too few blocks for a blob");
    if (in.u32(start, Endian::kLittle) != kBlobHeadMagic) in.fail(what + ": bad blob magic");
    if (in.u32(start + 4, Endian::kLittle) != slot.package_index)
      in.fail(what + ": the blob belongs to package " +
              std::to_string(in.u32(start + 4, Endian::kLittle)));
    uint64_t length = in.u32(start + 12, Endian::kLittle);
    uint64_t needed = (kBlobHeadSize + length + kBlobTailSize + kBlockSize - 1) / kBlockSize;
    if (needed != slot.block_count)
      in.fail(what + ": blob of " + std::to_string(length) + " bytes does not fill its " +
              std::to_string(slot.block_count) + " blocks");
    uint64_t tail = start + span - kBlobTailSize;
    if (in.u32(tail + 4, Endian::kLittle) != length ||
        in.u32(tail + 8, Endian::kLittle) != kBlobTailMagic)
      in.fail(what + ": blob tail does not match its head");
    // rpm does not check the adler32 when it reads a blob for use; neither do we.
    blobs.emplace_back(in.slice(start + kBlobHeadSize, length));
  }
  return blobs;
}

}  // namespace hallmark::catalog::rpm::detail
