// Hex and base64, the text forms of digests, keys and signatures. base64 is OpenSSL's codec.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hallmark::util {

std::string hex_encode(std::string_view bytes);
// Lower- or upper-case hex; nullopt when the text is not hex of whole bytes.
std::optional<std::string> hex_decode(std::string_view text);

std::string base64_encode(std::string_view bytes);
// Standard base64 with padding; line breaks are allowed. nullopt when the text is not base64.
std::optional<std::string> base64_decode(std::string_view text);
// Standard or URL-safe base64, padded or not, line breaks ignored: what DSSE verifiers and
// protobuf JSON readers must accept.
std::optional<std::string> base64_decode_any(std::string_view text);

}  // namespace hallmark::util
