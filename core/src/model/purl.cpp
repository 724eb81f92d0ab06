#include "hallmark/model/purl.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::model {
namespace {

// A problem found while normalising; empty when there is none. Kept as a value (not thrown) so
// that parse() and to_string() can each name the purl in their own words.
using Problem = std::optional<std::string>;

enum class Requirement { kOptional, kRequired, kProhibited };
enum class Case { kSensitive, kLower, kUpper };

// What a purl-spec type definition (types/*.json) adds to the core rules. Types the table does
// not know follow the core rules only, as the specification asks.
struct TypeRule {
  std::string_view type;
  Requirement namespace_requirement;
  Case namespace_case;
  Case name_case;
  Case version_case;
  std::string_view required_qualifier;
};

constexpr Requirement kOpt = Requirement::kOptional;
constexpr Requirement kReq = Requirement::kRequired;
constexpr Requirement kNo = Requirement::kProhibited;
constexpr Case kKeep = Case::kSensitive;
constexpr Case kLow = Case::kLower;

// Sorted by type. "case_sensitive": false in a definition means the canonical form is lower case;
// cpan's definition asks for an upper-case namespace (a CPAN author id).
constexpr std::array kTypeRules = {
    TypeRule{"alpm", kReq, kLow, kLow, kKeep, ""},
    TypeRule{"apk", kReq, kLow, kLow, kKeep, ""},
    TypeRule{"bazel", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"bitbucket", kReq, kLow, kLow, kKeep, ""},
    TypeRule{"bitnami", kNo, kKeep, kLow, kKeep, ""},
    TypeRule{"brew", kOpt, kLow, kLow, kKeep, ""},
    TypeRule{"cargo", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"chrome-extension", kNo, kKeep, kLow, kKeep, ""},
    TypeRule{"cocoapods", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"composer", kReq, kLow, kLow, kKeep, ""},
    TypeRule{"conan", kOpt, kKeep, kKeep, kKeep, ""},
    TypeRule{"conda", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"cpan", kOpt, Case::kUpper, kKeep, kKeep, ""},
    TypeRule{"cran", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"deb", kReq, kLow, kLow, kKeep, ""},
    TypeRule{"docker", kOpt, kKeep, kKeep, kKeep, ""},
    TypeRule{"gem", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"generic", kOpt, kKeep, kKeep, kKeep, ""},
    TypeRule{"git", kReq, kKeep, kKeep, kKeep, ""},
    TypeRule{"github", kReq, kLow, kLow, kKeep, ""},
    TypeRule{"golang", kReq, kKeep, kKeep, kKeep, ""},
    TypeRule{"hackage", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"hex", kOpt, kLow, kLow, kKeep, ""},
    TypeRule{"huggingface", kReq, kKeep, kKeep, kLow, ""},
    TypeRule{"julia", kNo, kKeep, kKeep, kKeep, "uuid"},
    TypeRule{"luarocks", kOpt, kLow, kLow, kKeep, ""},
    TypeRule{"maven", kReq, kKeep, kKeep, kKeep, ""},
    TypeRule{"mlflow", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"npm", kOpt, kKeep, kKeep, kKeep, ""},
    TypeRule{"nuget", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"oci", kNo, kKeep, kLow, kLow, ""},
    TypeRule{"opam", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"otp", kNo, kKeep, kLow, kKeep, ""},
    TypeRule{"pub", kNo, kKeep, kLow, kKeep, ""},
    TypeRule{"pypi", kNo, kKeep, kLow, kLow, ""},
    TypeRule{"qpkg", kReq, kLow, kKeep, kKeep, ""},
    TypeRule{"rpm", kReq, kLow, kKeep, kKeep, ""},
    TypeRule{"swid", kOpt, kKeep, kKeep, kKeep, "tag_id"},
    TypeRule{"swift", kReq, kKeep, kKeep, kKeep, ""},
    TypeRule{"vcpkg", kNo, kKeep, kKeep, kKeep, ""},
    TypeRule{"vscode-extension", kReq, kLow, kLow, kLow, ""},
    TypeRule{"yocto", kOpt, kLow, kKeep, kKeep, ""},
};

static_assert(std::is_sorted(kTypeRules.begin(), kTypeRules.end(),
                             [](const TypeRule& a, const TypeRule& b) { return a.type < b.type; }));

const TypeRule* find_type_rule(std::string_view type) {
  auto found =
      std::lower_bound(kTypeRules.begin(), kTypeRules.end(), type,
                       [](const TypeRule& rule, std::string_view t) { return rule.type < t; });
  return found != kTypeRules.end() && found->type == type ? &*found : nullptr;
}

bool is_lower_alpha(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_lower_alpha(c) || (c >= 'A' && c <= 'Z') || is_digit(c);
}

// ASCII case folding only: the specification's full Unicode case mapping would need ICU, and
// every type that folds case has ASCII names in practice.
std::string fold(std::string_view text, Case how) {
  std::string result(text);
  for (char& c : result) {
    if (how == Case::kLower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (how == Case::kUpper && is_lower_alpha(c)) c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

std::string_view strip_slashes(std::string_view text) {
  while (!text.empty() && text.front() == '/')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == '/')
    text.remove_suffix(1);
  return text;
}

// Non-empty segments, in order.
std::vector<std::string_view> segments_of(std::string_view path) {
  std::vector<std::string_view> segments;
  for (std::string_view segment : util::split(path, '/'))
    if (!segment.empty()) segments.push_back(segment);
  return segments;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

// ECMA-427 "Character encoding": alphanumerics, the punctuation ".-_~" and the colon stay as they
// are; every other octet of the UTF-8 text becomes %XX.
std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : text) {
    if (is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
      encoded += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    }
  }
  return encoded;
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decoded text, or nullopt when a '%' is not followed by two hex digits or the result is not
// UTF-8.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (high < 0 || low < 0) return std::nullopt;
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  if (!util::is_valid_utf8(decoded)) return std::nullopt;
  return decoded;
}

// ECMA-427 "Type": ASCII letters, digits, '.' and '-', starting with a letter (checked after
// lower-casing).
Problem check_type(std::string_view type) {
  if (type.empty()) return "type is required";
  if (!is_lower_alpha(type.front()))
    return "type '" + std::string(type) + "' must start with a letter";
  for (char c : type)
    if (!is_lower_alpha(c) && !is_digit(c) && c != '.' && c != '-')
      return "type '" + std::string(type) + "' may hold only letters, digits, '.' and '-'";
  return std::nullopt;
}

// ECMA-427 "Qualifiers": a key is lower-case ASCII letters, digits, '.', '-' and '_', starting
// with a letter.
Problem check_qualifier_key(std::string_view key) {
  if (key.empty()) return "a qualifier key is empty";
  if (!is_lower_alpha(key.front()))
    return "qualifier key '" + std::string(key) + "' must start with a lower-case letter";
  for (char c : key)
    if (!is_lower_alpha(c) && !is_digit(c) && c != '.' && c != '-' && c != '_')
      return "qualifier key '" + std::string(key) +
             "' may hold only lower-case letters, digits, '.', '-' and '_'";
  return std::nullopt;
}

// chrome-extension: the id is 32 letters a-p; the version 1 to 4 dot-separated numbers.
Problem check_chrome_extension(const Purl& purl) {
  bool id_ok = purl.name.size() == 32 && std::all_of(purl.name.begin(), purl.name.end(),
                                                     [](char c) { return c >= 'a' && c <= 'p'; });
  if (!id_ok) return "a chrome-extension name is 32 letters from a to p";
  if (purl.version.empty()) return std::nullopt;
  int numbers = 0;
  for (std::string_view part : util::split(purl.version, '.')) {
    if (part.empty() || !std::all_of(part.begin(), part.end(), is_digit))
      return "a chrome-extension version is dot-separated numbers";
    ++numbers;
  }
  if (numbers > 4) return "a chrome-extension version has at most 4 numbers";
  return std::nullopt;
}

// The rules a type definition states in prose rather than as fields (its "normalization_rules"
// and notes), applied after case folding.
Problem apply_type_prose(Purl& purl) {
  if (purl.type == "pypi") {
    // PyPI treats '-' and '_' alike; the canonical name uses '-'.
    std::replace(purl.name.begin(), purl.name.end(), '_', '-');
  } else if (purl.type == "pub") {
    // Pub names are [a-z0-9_]; anything else becomes '_'.
    for (char& c : purl.name)
      if (!is_lower_alpha(c) && !is_digit(c)) c = '_';
  } else if (purl.type == "mlflow") {
    // Databricks model names are case-insensitive (lower-cased); Azure ML ones keep their case.
    auto url = purl.qualifiers.find("repository_url");
    if (url != purl.qualifiers.end() && url->second.find("databricks") != std::string::npos)
      purl.name = fold(purl.name, Case::kLower);
  } else if (purl.type == "cpan") {
    if (purl.name.find("::") != std::string::npos)
      return "a cpan name is a distribution name, not a module name with '::'";
  } else if (purl.type == "chrome-extension") {
    return check_chrome_extension(purl);
  }
  return std::nullopt;
}

// The normalisation and validation every purl goes through, whether built or parsed.
Problem normalize(Purl& purl) {
  purl.type = fold(purl.type, Case::kLower);
  if (Problem problem = check_type(purl.type)) return problem;

  std::vector<std::string> namespace_segments;
  for (std::string_view segment : segments_of(purl.namespace_))
    namespace_segments.emplace_back(segment);
  purl.name = std::string(strip_slashes(purl.name));
  // git: the namespace is the host alone and the name is the repository path on it, slashes
  // included ("codeberg.org" + "forgejo/forgejo"), however the parts were split when built.
  if (purl.type == "git") {
    for (std::string_view segment : segments_of(purl.name))
      namespace_segments.emplace_back(segment);
    purl.name.clear();
    if (namespace_segments.size() > 1) {
      std::vector<std::string> path(namespace_segments.begin() + 1, namespace_segments.end());
      purl.name = join(path, "/");
      namespace_segments.resize(1);
    }
  }
  if (purl.name.empty()) return "name is required";

  const TypeRule* rule = find_type_rule(purl.type);
  if (rule) {
    for (std::string& segment : namespace_segments)
      segment = fold(segment, rule->namespace_case);
    purl.name = fold(purl.name, rule->name_case);
    purl.version = fold(purl.version, rule->version_case);
  }
  purl.namespace_ = join(namespace_segments, "/");

  std::map<std::string, std::string> qualifiers;
  for (auto& [key, value] : purl.qualifiers) {
    if (value.empty()) continue;
    // how-to-build lower-cases keys; parse() decides beforehand whether it accepts upper case.
    std::string canonical_key = fold(key, Case::kLower);
    if (Problem problem = check_qualifier_key(canonical_key)) return problem;
    if (!qualifiers.emplace(canonical_key, value).second)
      return "qualifier key '" + canonical_key + "' appears twice";
  }
  purl.qualifiers = std::move(qualifiers);

  std::vector<std::string> subpath_segments;
  for (std::string_view segment : segments_of(purl.subpath))
    if (segment != "." && segment != "..") subpath_segments.emplace_back(segment);
  purl.subpath = join(subpath_segments, "/");

  if (rule) {
    if (rule->namespace_requirement == Requirement::kRequired && purl.namespace_.empty())
      return "a " + purl.type + " purl requires a namespace";
    if (rule->namespace_requirement == Requirement::kProhibited && !purl.namespace_.empty())
      return "a " + purl.type + " purl has no namespace";
    if (!rule->required_qualifier.empty() &&
        !purl.qualifiers.contains(std::string(rule->required_qualifier)))
      return "a " + purl.type + " purl requires the qualifier '" +
             std::string(rule->required_qualifier) + "'";
  }
  return apply_type_prose(purl);
}

std::string describe(const Purl& purl) {
  return "(type '" + purl.type + "', name '" + purl.name + "')";
}

[[noreturn]] void reject(std::string_view text, const std::string& reason) {
  throw_bad_input("", "invalid purl '" + std::string(text) + "': " + reason);
}

// Decoded '/'-separated segments: empty (and, for subpaths, "." and "..") segments dropped; a
// segment that decodes to text holding '/' is an error, since it could not be told apart from two.
std::string decode_path(std::string_view text, bool is_subpath, std::string_view purl_text) {
  std::vector<std::string> segments;
  for (std::string_view raw : util::split(text, '/')) {
    std::optional<std::string> segment = percent_decode(raw);
    if (!segment) reject(purl_text, "bad percent-encoding in '" + std::string(raw) + "'");
    if (segment->empty() || (is_subpath && (*segment == "." || *segment == ".."))) continue;
    if (segment->find('/') != std::string::npos)
      reject(purl_text, "segment '" + std::string(raw) + "' decodes to text holding '/'");
    segments.push_back(std::move(*segment));
  }
  return join(segments, "/");
}

std::string decode_or_reject(std::string_view raw, std::string_view purl_text) {
  std::optional<std::string> decoded = percent_decode(raw);
  if (!decoded) reject(purl_text, "bad percent-encoding in '" + std::string(raw) + "'");
  return *decoded;
}

}  // namespace

Purl Purl::canonical() const {
  Purl purl = *this;
  if (Problem problem = normalize(purl))
    throw_bad_input("", "invalid purl " + describe(*this) + ": " + *problem);
  return purl;
}

std::string Purl::to_string() const {
  Purl purl = canonical();
  std::string text = "pkg:" + purl.type + "/";
  auto append_path = [&text](std::string_view path) {
    bool first = true;
    for (std::string_view segment : util::split(path, '/')) {
      if (!first) text += '/';
      text += percent_encode(segment);
      first = false;
    }
  };
  if (!purl.namespace_.empty()) {
    append_path(purl.namespace_);
    text += '/';
  }
  // Only git names hold '/' after normalize(), and there it separates path segments.
  if (purl.type == "git") {
    append_path(purl.name);
  } else {
    text += percent_encode(purl.name);
  }
  if (!purl.version.empty()) text += "@" + percent_encode(purl.version);
  char separator = '?';
  for (const auto& [key, value] : purl.qualifiers) {
    text += separator + key + "=" + percent_encode(value);
    separator = '&';
  }
  if (!purl.subpath.empty()) {
    text += '#';
    append_path(purl.subpath);
  }
  return text;
}

// how-to-parse, right to left: subpath, qualifiers, scheme, type, version, name, namespace.
Purl Purl::parse(std::string_view text, Parsing parsing) {
  Purl purl;
  std::string_view remainder = text;

  if (size_t hash = remainder.rfind('#'); hash != std::string_view::npos) {
    purl.subpath = decode_path(remainder.substr(hash + 1), true, text);
    remainder = remainder.substr(0, hash);
  }

  if (size_t question = remainder.rfind('?'); question != std::string_view::npos) {
    for (std::string_view pair : util::split(remainder.substr(question + 1), '&')) {
      if (pair.empty()) continue;
      size_t equals = pair.find('=');
      if (equals == std::string_view::npos)
        reject(text, "qualifier '" + std::string(pair) + "' is not KEY=VALUE");
      std::string key(pair.substr(0, equals));
      // Strict parsing holds keys to the specification's rule (lower case); remediation repairs
      // keys written in upper case.
      if (parsing == Parsing::kRemediate) key = fold(key, Case::kLower);
      if (Problem problem = check_qualifier_key(key)) reject(text, *problem);
      std::string value = decode_or_reject(pair.substr(equals + 1), text);
      if (value.empty()) continue;
      if (!purl.qualifiers.emplace(key, std::move(value)).second)
        reject(text, "qualifier key '" + key + "' appears twice");
    }
    remainder = remainder.substr(0, question);
  }

  size_t colon = remainder.find(':');
  if (colon == std::string_view::npos) reject(text, "no 'pkg:' scheme");
  if (fold(remainder.substr(0, colon), Case::kLower) != "pkg")
    reject(text, "the scheme is not 'pkg'");
  remainder = remainder.substr(colon + 1);
  while (!remainder.empty() && remainder.front() == '/')
    remainder.remove_prefix(1);

  size_t slash = remainder.find('/');
  if (slash == std::string_view::npos) reject(text, "no type and name");
  purl.type = std::string(remainder.substr(0, slash));
  remainder = remainder.substr(slash + 1);

  // Trailing slashes go before the version is split off, not after as how-to-parse has it: a '/'
  // right before '@' then leaves an empty name ("pkg:swift/github.com/Alamofire/@5.4.3" is a purl
  // without a name, as the suite's required cases say) instead of silently taking the namespace's
  // last segment as the name.
  while (!remainder.empty() && remainder.back() == '/')
    remainder.remove_suffix(1);
  size_t at = remainder.rfind('@');
  // An unencoded npm scope ("@babel/core") starts the path with '@'; it is a namespace, not an
  // empty name with a version.
  bool scope_not_version =
      parsing == Parsing::kRemediate && at == 0 && remainder.find('/') != std::string_view::npos;
  if (at != std::string_view::npos && !scope_not_version) {
    purl.version = decode_or_reject(remainder.substr(at + 1), text);
    remainder = remainder.substr(0, at);
  }

  size_t last_slash = remainder.rfind('/');
  std::string_view raw_name =
      last_slash == std::string_view::npos ? remainder : remainder.substr(last_slash + 1);
  purl.name = decode_or_reject(raw_name, text);
  if (purl.name.empty()) reject(text, "name is required");
  if (last_slash != std::string_view::npos)
    purl.namespace_ = decode_path(remainder.substr(0, last_slash), false, text);

  if (Problem problem = normalize(purl)) reject(text, *problem);
  return purl;
}

}  // namespace hallmark::model
