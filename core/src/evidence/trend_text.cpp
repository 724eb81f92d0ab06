// The figures of the human renderings (HTML and Markdown) written the same way in both.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "hallmark/evidence/trend_report.hpp"

namespace hallmark::evidence {

std::string duration_text(std::optional<double> seconds) {
  if (!seconds) return "n/a";
  long long left = std::llround(std::max(*seconds, 0.0));
  if (left == 0) return "0s";
  std::string out;
  for (auto [unit, size] : {std::pair{"d", 86400LL}, {"h", 3600LL}, {"m", 60LL}, {"s", 1LL}}) {
    if (left < size) continue;
    if (!out.empty()) out += ' ';
    out += std::to_string(left / size) + unit;
    left %= size;
  }
  return out;
}

std::string duration_with_seconds(std::optional<double> seconds) {
  if (!seconds) return "n/a";
  char exact[48];
  std::snprintf(exact, sizeof exact, " (%.0f s)", *seconds);
  return duration_text(seconds) + exact;
}

std::string rate_text(std::optional<double> rate) {
  if (!rate) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", *rate * 100);
  return text;
}

std::string rule_text(const std::string& rule) {
  return rule.empty() ? "(no rule)" : rule;
}

}  // namespace hallmark::evidence
