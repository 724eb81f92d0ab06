// Small string helpers the parsers share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hallmark::util {

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
// Splits on `separator`; empty pieces are kept.
std::vector<std::string_view> split(std::string_view text, char separator);
// Lines without their "\n" or "\r\n"; a last line without a newline is kept.
std::vector<std::string_view> lines(std::string_view text);
bool is_valid_utf8(std::string_view text);
// `text` made safe to print in a one-line message: control characters and bytes that are not
// UTF-8 become \xNN, so a hostile name can neither break the line nor drive the terminal.
std::string printable(std::string_view text);

}  // namespace hallmark::util
