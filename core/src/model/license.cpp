#include "hallmark/model/license.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "hallmark/util/strings.hpp"

namespace hallmark::model {
namespace {

#include "spdx_license_ids.inc"

constexpr char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool less_ignoring_case(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return lower(x) < lower(y); });
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

static_assert(std::is_sorted(std::begin(kSpdxLicenseIds), std::end(kSpdxLicenseIds),
                             less_ignoring_case));
static_assert(std::is_sorted(std::begin(kSpdxExceptionIds), std::end(kSpdxExceptionIds),
                             less_ignoring_case));

std::optional<std::string_view> find_ignoring_case(std::span<const std::string_view> ids,
                                                   std::string_view id) {
  auto found = std::lower_bound(ids.begin(), ids.end(), id, less_ignoring_case);
  if (found == ids.end() || !equal_ignoring_case(*found, id)) return std::nullopt;
  return *found;
}

// A name -> SPDX expression table: sorted by `from`, so lookups are binary searches.
struct Mapping {
  std::string_view from;
  std::string_view to;
};

constexpr bool mapping_less(const Mapping& a, const Mapping& b) {
  return a.from < b.from;
}

template <size_t N>
std::optional<std::string_view> look_up(const std::array<Mapping, N>& table,
                                        std::string_view from) {
  auto found = std::lower_bound(table.begin(), table.end(), Mapping{from, ""}, mapping_less);
  if (found == table.end() || found->from != from) return std::nullopt;
  return found->to;
}

// Deprecated SPDX ids of the GNU licenses, and the ids that replaced them (SPDX license list
// 3.0 split each into -only and -or-later; "GPL-2.0+" is handled as "GPL-2.0" with "+").
constexpr std::array kDeprecatedIds = {
    Mapping{"AGPL-1.0", "AGPL-1.0-only"}, Mapping{"AGPL-3.0", "AGPL-3.0-only"},
    Mapping{"GFDL-1.1", "GFDL-1.1-only"}, Mapping{"GFDL-1.2", "GFDL-1.2-only"},
    Mapping{"GFDL-1.3", "GFDL-1.3-only"}, Mapping{"GPL-1.0", "GPL-1.0-only"},
    Mapping{"GPL-2.0", "GPL-2.0-only"},   Mapping{"GPL-3.0", "GPL-3.0-only"},
    Mapping{"LGPL-2.0", "LGPL-2.0-only"}, Mapping{"LGPL-2.1", "LGPL-2.1-only"},
    Mapping{"LGPL-3.0", "LGPL-3.0-only"},
};
static_assert(std::is_sorted(kDeprecatedIds.begin(), kDeprecatedIds.end(), mapping_less));

// License names distributions write that are not SPDX ids and that no generic rule below
// derives, keyed in lower case. Version-number spellings ("GPLv2", "LGPL2.1", "GPL-2", "MPL 2.0",
// "BSD 3-Clause") and "+" ("GPLv2+", "GPL-2+") come from the rules in map_name(), not from here.
// Names left out on purpose, because the data does not say which license they mean: "BSD",
// "GPL", "LGPL", "GFDL", "MPL", "Apache", "CDDL", "OFL" (no version or variant), "Public Domain"
// and "public-domain" (no SPDX id), "OpenLDAP" (which OLDAP version), "GPLv2+ with exceptions"
// (which exception).
constexpr std::array kAliases = {
    // Debian common-licenses/Artistic is Perl's Artistic License.
    Mapping{"artistic", "Artistic-1.0-Perl"},
    // Fedora legacy names (fedora-license-data "legacy-abbreviation").
    Mapping{"asl 1.0", "Apache-1.0"},
    Mapping{"asl 1.1", "Apache-1.1"},
    Mapping{"asl 2.0", "Apache-2.0"},
    Mapping{"boost", "BSL-1.0"},
    Mapping{"bsd with advertising", "BSD-4-Clause"},
    Mapping{"cc0", "CC0-1.0"},
    Mapping{"cpl", "CPL-1.0"},
    // DEP-5: Expat is the MIT license as SPDX names it.
    Mapping{"expat", "MIT"},
    // DEP-5 GFDL-NIV: GFDL with no invariant sections.
    Mapping{"gfdl-niv-1.1", "GFDL-1.1-no-invariants-only"},
    Mapping{"gfdl-niv-1.2", "GFDL-1.2-no-invariants-only"},
    Mapping{"gfdl-niv-1.3", "GFDL-1.3-no-invariants-only"},
    // Fedora: "GPL+" is any version of the GPL, i.e. 1.0 or later.
    Mapping{"gpl+", "GPL-1.0-or-later"},
    // Only one version of the Inner Net license exists.
    Mapping{"inner-net", "Inner-Net-2.0"},
    // DEP-5 "Perl": the terms of Perl itself.
    Mapping{"perl", "Artistic-1.0-Perl OR GPL-1.0-or-later"},
    Mapping{"psf", "PSF-2.0"},
    Mapping{"python", "Python-2.0"},
    Mapping{"python-cnri", "CNRI-Python"},
    Mapping{"qpl", "QPL-1.0"},
    // DEP-5 Zope names.
    Mapping{"zope-1.1", "ZPL-1.1"},
    Mapping{"zope-2.0", "ZPL-2.0"},
    Mapping{"zope-2.1", "ZPL-2.1"},
};
static_assert(std::is_sorted(kAliases.begin(), kAliases.end(), mapping_less));

// ---- expressions -------------------------------------------------------------------------

struct Expression {
  enum class Kind { kLicense, kAnd, kOr };
  Kind kind = Kind::kLicense;
  std::string id;         // kLicense: a license id as the list spells it, or a LicenseRef
  bool or_later = false;  // kLicense: "+"
  std::string exception;  // kLicense: the WITH exception id, or empty
  std::vector<Expression> operands;  // kAnd, kOr: two or more, none of the same kind

  bool is_plain_license() const { return kind == Kind::kLicense && !or_later && exception.empty(); }
};

// A AND B, flattened so that A AND (B AND C) and (A AND B) AND C are the same expression.
Expression combine(Expression::Kind kind, Expression left, Expression right) {
  Expression combined;
  combined.kind = kind;
  for (Expression* side : {&left, &right}) {
    if (side->kind == kind) {
      std::move(side->operands.begin(), side->operands.end(),
                std::back_inserter(combined.operands));
    } else {
      combined.operands.push_back(std::move(*side));
    }
  }
  return combined;
}

void render(const Expression& expression, std::string& out, bool nested) {
  if (expression.kind == Expression::Kind::kLicense) {
    out += expression.id;
    if (expression.or_later) out += '+';
    if (!expression.exception.empty()) out += " WITH " + expression.exception;
    return;
  }
  if (nested) out += '(';
  for (size_t i = 0; i < expression.operands.size(); ++i) {
    if (i > 0) out += expression.kind == Expression::Kind::kAnd ? " AND " : " OR ";
    render(expression.operands[i], out, true);
  }
  if (nested) out += ')';
}

std::string render(const Expression& expression) {
  std::string out;
  render(expression, out, false);
  return out;
}

// SPDX idstring: 1*(ALPHA / DIGIT / "-" / ".").
bool is_idstring(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

// "LicenseRef-x" or "DocumentRef-x:LicenseRef-y" with the prefixes spelled as SPDX spells them.
std::optional<std::string> canonical_license_ref(std::string_view word) {
  constexpr std::string_view kDocumentRef = "DocumentRef-";
  constexpr std::string_view kLicenseRef = "LicenseRef-";
  std::string canonical;
  if (word.size() > kDocumentRef.size() &&
      equal_ignoring_case(word.substr(0, kDocumentRef.size()), kDocumentRef)) {
    size_t colon = word.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view document = word.substr(kDocumentRef.size(), colon - kDocumentRef.size());
    if (!is_idstring(document)) return std::nullopt;
    canonical = std::string(kDocumentRef) + std::string(document) + ":";
    word = word.substr(colon + 1);
  }
  if (word.size() <= kLicenseRef.size() ||
      !equal_ignoring_case(word.substr(0, kLicenseRef.size()), kLicenseRef))
    return std::nullopt;
  std::string_view ref = word.substr(kLicenseRef.size());
  if (!is_idstring(ref)) return std::nullopt;
  return canonical + std::string(kLicenseRef) + std::string(ref);
}

// SPDX simple-expression: license-id ["+"] / license-ref, one word.
std::optional<Expression> simple_expression(std::string_view word) {
  Expression license;
  if (std::optional<std::string> ref = canonical_license_ref(word)) {
    license.id = *ref;
    return license;
  }
  if (!word.empty() && word.back() == '+') {
    license.or_later = true;
    word.remove_suffix(1);
  }
  if (!is_idstring(word)) return std::nullopt;
  std::optional<std::string_view> id = find_ignoring_case(kSpdxLicenseIds, word);
  if (!id) return std::nullopt;
  license.id = *id;
  return license;
}

std::optional<Expression> parse_strict(std::string_view text);

// Distro spellings of one license name ("GPLv2", "ASL 2.0", "BSD 3-Clause", "GPL-2"), tried in
// turn: the name itself; spaces as hyphens; and a trailing version number split off the name
// ("GPLv2", "LGPL2.1", "GPL-2", "MPL 2") and written as SPDX writes versions ("GPL-2.0").
std::vector<std::string> spellings_of(std::string_view name) {
  std::vector<std::string> spellings = {std::string(name)};
  std::string hyphenated(name);
  std::replace(hyphenated.begin(), hyphenated.end(), ' ', '-');
  if (hyphenated != name) spellings.push_back(hyphenated);
  for (size_t i = 0, count = spellings.size(); i < count; ++i) {
    const std::string copy = spellings[i];  // push_back below may reallocate spellings
    std::string_view spelling = copy;
    size_t version_start = spelling.size();
    while (version_start > 0 &&
           ((spelling[version_start - 1] >= '0' && spelling[version_start - 1] <= '9') ||
            spelling[version_start - 1] == '.'))
      --version_start;
    // The version starts with a digit and is not the whole name.
    while (version_start < spelling.size() && spelling[version_start] == '.')
      ++version_start;
    if (version_start == 0 || version_start == spelling.size()) continue;
    std::string_view version = spelling.substr(version_start);
    std::string_view base = spelling.substr(0, version_start);
    if (base.back() == '-' || base.back() == ' ') {
      base.remove_suffix(1);
    } else if ((base.back() == 'v' || base.back() == 'V') && base.size() > 1) {
      base.remove_suffix(1);  // "GPLv2"
    }
    if (base.empty() || base.back() == '-' || base.back() == '.') continue;
    std::string spdx_style = std::string(base) + "-" + std::string(version);
    spellings.push_back(spdx_style);
    if (version.find('.') == std::string_view::npos) spellings.push_back(spdx_style + ".0");
  }
  return spellings;
}

// One license name as distros write it, without operators: an SPDX id or LicenseRef in any
// case, a known alias, or one of their version spellings.
std::optional<Expression> map_spellings(std::string_view name) {
  for (const std::string& spelling : spellings_of(name)) {
    if (std::optional<Expression> license = simple_expression(spelling)) return license;
    if (std::optional<std::string_view> alias = look_up(kAliases, util::to_lower(spelling)))
      return parse_strict(*alias);
  }
  return std::nullopt;
}

// The same, or else such a name with a trailing "+" ("GPLv2+": version 2 or later).
std::optional<Expression> map_name(std::string_view name) {
  if (std::optional<Expression> license = map_spellings(name)) return license;
  if (name.size() > 1 && name.back() == '+') {
    std::optional<Expression> base = map_spellings(util::trim(name.substr(0, name.size() - 1)));
    if (base && base->is_plain_license()) {
      base->or_later = true;
      return base;
    }
  }
  return std::nullopt;
}

std::optional<std::string> exception_of(std::string_view name, bool loose) {
  if (!loose) return canonical_spdx_exception_id(name);
  for (const std::string& spelling : spellings_of(name))
    if (std::optional<std::string> id = canonical_spdx_exception_id(spelling)) return id;
  return std::nullopt;
}

// Recursive descent over SPDX 2.3 Annex D:
//   expression := and-expr {OR and-expr}
//   and-expr   := with-expr {AND with-expr}
//   with-expr  := simple [WITH exception] | "(" expression ")"
// Loose mode reads what distributions write: operators in any case, a license name of several
// words ("ASL 2.0") mapped through map_name(), and DEP-5's comma, which binds loosest of all
// ("A or B, and C" is "(A OR B) AND C").
class Parser {
 public:
  Parser(std::string_view text, bool loose) : loose_(loose) { tokenize(text); }

  std::optional<Expression> parse() {
    std::optional<Expression> expression = loose_ ? parse_comma_list() : parse_or();
    if (!expression || position_ != tokens_.size()) return std::nullopt;
    return expression;
  }

 private:
  enum class Op { kNone, kAnd, kOr, kWith };
  // Nesting deeper than this is not a license anyone wrote; refusing it keeps the recursion (and
  // the stack) bounded on hostile input.
  static constexpr int kMaxDepth = 32;

  bool is_delimiter(char c) const {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' ||
           (loose_ && c == ',');
  }

  void tokenize(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      if (!is_delimiter(text[i])) {
        size_t end = i;
        while (end < text.size() && !is_delimiter(text[end]))
          ++end;
        tokens_.push_back(text.substr(i, end - i));
        i = end;
      } else {
        if (text[i] == '(' || text[i] == ')' || text[i] == ',')
          tokens_.push_back(text.substr(i, 1));
        ++i;
      }
    }
  }

  std::string_view peek() const { return position_ < tokens_.size() ? tokens_[position_] : ""; }
  bool at_end() const { return position_ >= tokens_.size(); }

  Op op_of(std::string_view token) const {
    constexpr std::pair<std::string_view, Op> kOps[] = {
        {"AND", Op::kAnd}, {"OR", Op::kOr}, {"WITH", Op::kWith}};
    for (const auto& [spelling, op] : kOps) {
      if (token == spelling || token == util::to_lower(spelling)) return op;
      if (loose_ && equal_ignoring_case(token, spelling)) return op;
    }
    return Op::kNone;
  }

  bool is_word(std::string_view token) const {
    return !token.empty() && token != "(" && token != ")" && token != "," &&
           op_of(token) == Op::kNone;
  }

  std::optional<Expression> parse_comma_list() {
    std::optional<Expression> left = parse_or();
    while (left && peek() == ",") {
      ++position_;
      Op op = op_of(peek());
      if (op != Op::kAnd && op != Op::kOr) return std::nullopt;
      ++position_;
      std::optional<Expression> right = parse_or();
      if (!right) return std::nullopt;
      left = combine(op == Op::kAnd ? Expression::Kind::kAnd : Expression::Kind::kOr,
                     std::move(*left), std::move(*right));
    }
    return left;
  }

  std::optional<Expression> parse_or() {
    std::optional<Expression> left = parse_and();
    while (left && op_of(peek()) == Op::kOr) {
      ++position_;
      std::optional<Expression> right = parse_and();
      if (!right) return std::nullopt;
      left = combine(Expression::Kind::kOr, std::move(*left), std::move(*right));
    }
    return left;
  }

  std::optional<Expression> parse_and() {
    std::optional<Expression> left = parse_with();
    while (left && op_of(peek()) == Op::kAnd) {
      ++position_;
      std::optional<Expression> right = parse_with();
      if (!right) return std::nullopt;
      left = combine(Expression::Kind::kAnd, std::move(*left), std::move(*right));
    }
    return left;
  }

  std::optional<Expression> parse_with() {
    if (peek() == "(") {
      if (++depth_ > kMaxDepth) return std::nullopt;
      ++position_;
      std::optional<Expression> inner = loose_ ? parse_comma_list() : parse_or();
      if (!inner || peek() != ")") return std::nullopt;
      ++position_;
      --depth_;
      return inner;  // "(...) WITH x" is not in the grammar: the caller sees WITH and fails
    }
    std::optional<Expression> license = parse_license();
    if (!license || op_of(peek()) != Op::kWith) return license;
    ++position_;
    // An exception applies to one license: "Perl" (two licenses) cannot take one.
    if (license->kind != Expression::Kind::kLicense || !license->exception.empty())
      return std::nullopt;
    std::optional<std::string> exception = exception_of(take_words(), loose_);
    if (!exception) return std::nullopt;
    license->exception = *exception;
    return license;
  }

  // One word, or in loose mode the words up to the next operator, parenthesis or comma.
  std::string take_words() {
    std::string words;
    while (is_word(peek())) {
      if (!words.empty()) words += ' ';
      words += peek();
      ++position_;
      if (!loose_) break;
    }
    return words;
  }

  std::optional<Expression> parse_license() {
    std::string words = take_words();
    if (words.empty()) return std::nullopt;
    return loose_ ? map_name(words) : simple_expression(words);
  }

  bool loose_;
  std::vector<std::string_view> tokens_;
  size_t position_ = 0;
  int depth_ = 0;
};

std::optional<Expression> parse_strict(std::string_view text) {
  return Parser(text, false).parse();
}

// Deprecated GNU ids become their replacements, and "+" on an "-only" id its "-or-later" id.
void modernize(Expression& expression) {
  for (Expression& operand : expression.operands)
    modernize(operand);
  if (expression.kind != Expression::Kind::kLicense) return;
  if (std::optional<std::string_view> current = look_up(kDeprecatedIds, expression.id))
    expression.id = *current;
  constexpr std::string_view kOnly = "-only";
  if (expression.or_later && expression.id.ends_with(kOnly)) {
    std::string or_later =
        expression.id.substr(0, expression.id.size() - kOnly.size()) + "-or-later";
    if (is_spdx_license_id(or_later)) {
      expression.id = or_later;
      expression.or_later = false;
    }
  }
}

}  // namespace

std::string_view spdx_license_list_version() {
  return kSpdxLicenseListVersion;
}

bool is_spdx_license_id(std::string_view id) {
  return find_ignoring_case(kSpdxLicenseIds, id) == id;
}

bool is_spdx_exception_id(std::string_view id) {
  return find_ignoring_case(kSpdxExceptionIds, id) == id;
}

std::optional<std::string> canonical_spdx_id(std::string_view id) {
  std::optional<std::string_view> found = find_ignoring_case(kSpdxLicenseIds, id);
  return found ? std::optional<std::string>(*found) : std::nullopt;
}

std::optional<std::string> canonical_spdx_exception_id(std::string_view id) {
  std::optional<std::string_view> found = find_ignoring_case(kSpdxExceptionIds, id);
  return found ? std::optional<std::string>(*found) : std::nullopt;
}

std::optional<std::string> parse_spdx_expression(std::string_view expression) {
  std::optional<Expression> parsed = parse_strict(expression);
  return parsed ? std::optional<std::string>(render(*parsed)) : std::nullopt;
}

std::optional<std::string> normalize_license(std::string_view as_written) {
  std::string_view text = util::trim(as_written);
  if (text.empty()) return std::nullopt;
  std::optional<Expression> parsed = parse_strict(text);
  // The whole text may be one name that holds an operator word ("BSD with advertising").
  if (!parsed) parsed = map_name(text);
  if (!parsed) parsed = Parser(text, true).parse();
  if (!parsed) return std::nullopt;
  modernize(*parsed);
  return render(*parsed);
}

}  // namespace hallmark::model
