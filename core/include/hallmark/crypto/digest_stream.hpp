// Checking a stream's bytes against the digest (and size) a descriptor gives, as they pass.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/util/byte_stream.hpp"

namespace hallmark::crypto {

// The bytes of `upstream` unchanged; at the end, fails (kBadInput, naming `subject`) when they
// do not hash to `expected` or, when `expected_size` is known, are not that many.
std::unique_ptr<util::ByteStream> verify_digest(std::unique_ptr<util::ByteStream> upstream,
                                                Digest expected, std::string subject,
                                                uint64_t expected_size = UINT64_MAX);

}  // namespace hallmark::crypto
