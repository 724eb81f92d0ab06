// Walking the entries of archives with libarchive, validating every name on the way.
#pragma once

#include <string>

#include "hallmark/source/entry.hpp"
#include "hallmark/source/stream.hpp"

namespace hallmark::source {

// The entries of an (already decompressed) tar stream: an image layer. Hostile entries (absolute
// names, "..", symlinks or hard links out of the root, names that are not UTF-8) and truncated
// or corrupt tar data fail with kBadInput naming `subject`.
void read_tar_stream(util::ByteStream& stream, const std::string& subject,
                     const EntryVisitor& visit);

// The entries of an archive file in any format and compression libarchive reads (tar, tar.gz,
// tar.zst, tar.xz, zip, ...), with the same checks.
void read_archive_file(const std::string& path, const EntryVisitor& visit);

}  // namespace hallmark::source
