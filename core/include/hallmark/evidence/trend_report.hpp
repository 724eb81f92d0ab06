// The trend metrics (trend.hpp) laid out three ways: JSON for machines (every figure the other
// two show, and the lists behind them), a self-contained HTML page with inline SVG charts, and
// Markdown tables for pull requests and tickets. All three are deterministic: the same Trend and
// `generated` time give the same bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hallmark/evidence/trend.hpp"

namespace hallmark::evidence {

// `generated` is the report's time (RFC 3339), from util::now() so SOURCE_DATE_EPOCH fixes it.
nlohmann::json trend_json(const Trend& trend, const std::string& generated);
std::string trend_html(const Trend& trend, const std::string& generated);
std::string trend_markdown(const Trend& trend, const std::string& generated);

// How the human renderings write figures: "1d 2h 3m 4s" (whole seconds, zero units left out,
// "0s" for nothing), "40.0%" (one decimal), "n/a" for a missing value.
std::string duration_text(std::optional<double> seconds);
// "1h 30m (5400 s)": readable, and the exact figure of the JSON report beside it.
std::string duration_with_seconds(std::optional<double> seconds);
std::string rate_text(std::optional<double> rate);
// At most this many skipped log lines are listed (all are counted).
inline constexpr size_t kSkippedShown = 100;
// "(no rule)" for the empty rule name of default-mode verdicts.
std::string rule_text(const std::string& rule);

}  // namespace hallmark::evidence
