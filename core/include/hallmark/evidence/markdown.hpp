// Markdown for reports pasted into pull requests and tickets (the trend report, the evidence
// bundle's report.md). GitHub-flavoured Markdown renders inline HTML and links, and what reports
// show (image names, check reasons) is untrusted: every text goes through escape(), which leaves
// nothing a renderer would read as markup.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hallmark::evidence::markdown {

// Text as one literal line of a paragraph or a table cell: & < > as HTML entities (no inline
// HTML), inline markup (\ ` * _ [ ] | ~) backslash-escaped everywhere, block markup (# + - = !
// and "1. ") only at the start, line breaks and control characters as spaces.
std::string escape(std::string_view text);

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // plain text, escaped when rendered
  std::vector<bool> numeric;                   // per column: right-aligned
  std::string empty_text = "none";             // a line of its own instead of an empty table
};

// The table, ending with a blank line.
std::string table(const Table& table);

}  // namespace hallmark::evidence::markdown
