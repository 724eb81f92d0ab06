// The core metadata of installed packages (METADATA, PKG-INFO) and the names and paths it
// and its neighbours (RECORD, direct_url.json) write.
#include "hallmark/catalog/python.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::python {
namespace {

bool is_name_separator(char c) {
  return c == '-' || c == '_' || c == '.';
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         is_name_separator(c);
}

// "License :: OSI Approved :: MIT License" -> "MIT License"; "" for other classifiers and for
// "License :: OSI Approved" alone, which names no license.
std::string classifier_license(std::string_view classifier) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = classifier.find("::", start);
    parts.push_back(util::trim(classifier.substr(start, end - start)));
    if (end == std::string_view::npos) break;
    start = end + 2;
  }
  if (parts.size() < 2 || parts.front() != "License") return "";
  if (parts.back() == "OSI Approved") return "";
  return std::string(parts.back());
}

struct Headers {
  std::string name, version, summary, author, author_email, license, license_expression;
  bool license_continued = false;  // a License of several lines: a license text
  std::vector<std::string> classifier_licenses;
  std::vector<DependencyRef> dependencies;
};

Headers read_headers(std::string_view text) {
  Headers headers;
  std::string key;  // the field continuation lines belong to, lower case
  bool started = false;
  for (std::string_view line : util::lines(text)) {
    // Only an empty line ends the headers: a legacy Description's blank lines are indented.
    if (line.empty()) {
      if (started) break;  // the long description follows
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (key == "license") headers.license_continued = true;
      continue;
    }
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) continue;
    started = true;
    key = util::to_lower(util::trim(line.substr(0, colon)));
    std::string value(util::trim(line.substr(colon + 1)));
    if (key == "name") {
      headers.name = value;
    } else if (key == "version") {
      headers.version = value;
    } else if (key == "summary") {
      headers.summary = value;
    } else if (key == "author") {
      headers.author = value;
    } else if (key == "author-email") {
      headers.author_email = value;
    } else if (key == "license") {
      headers.license = value;
    } else if (key == "license-expression") {
      headers.license_expression = value;
    } else if (key == "classifier") {
      if (std::string license = classifier_license(value); !license.empty())
        headers.classifier_licenses.push_back(std::move(license));
    } else if (key == "requires-dist") {
      if (std::string name = requirement_name(value); !name.empty())
        headers.dependencies.push_back({std::move(name), ""});
    }
  }
  return headers;
}

}  // namespace

std::string normalize_name(std::string_view name) {
  std::string normalized;
  for (size_t i = 0; i < name.size(); ++i) {
    if (is_name_separator(name[i])) {
      while (i + 1 < name.size() && is_name_separator(name[i + 1]))
        ++i;
      normalized += '-';
    } else {
      normalized +=
          (name[i] >= 'A' && name[i] <= 'Z') ? static_cast<char>(name[i] - 'A' + 'a') : name[i];
    }
  }
  return normalized;
}

std::vector<DeclaredPackage> parse_metadata(std::string_view text) {
  Headers headers = read_headers(text);
  if (headers.name.empty() || headers.name == "Python") return {};
  DeclaredPackage package;
  package.name = normalize_name(headers.name);
  package.version = headers.version;
  package.description = headers.summary;
  package.supplier = !headers.author.empty() ? headers.author : headers.author_email;
  bool license_named =
      !headers.license.empty() && !headers.license_continued && headers.license != "UNKNOWN";
  if (!headers.license_expression.empty())
    package.licenses.push_back(headers.license_expression);
  else if (license_named)
    package.licenses.push_back(headers.license);
  else
    package.licenses = headers.classifier_licenses;
  package.dependencies = std::move(headers.dependencies);
  return {package};
}

std::string requirement_name(std::string_view requirement) {
  requirement = util::trim(requirement);
  size_t end = 0;
  while (end < requirement.size() && is_name_char(requirement[end]))
    ++end;
  if (end == 0 || is_name_separator(requirement.front())) return "";
  return normalize_name(requirement.substr(0, end));
}

std::vector<std::string> parse_record(std::string_view text) {
  std::vector<std::string> paths;
  for (std::string_view line : util::lines(text)) {
    std::string path;
    if (line.starts_with('"')) {
      // A quoted CSV field: "" is one quote, and the field ends at a lone quote.
      for (size_t i = 1; i < line.size(); ++i) {
        if (line[i] != '"') {
          path += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          path += '"';
          ++i;
        } else {
          break;
        }
      }
    } else {
      path = line.substr(0, line.find(','));
    }
    if (!path.empty()) paths.push_back(std::move(path));
  }
  return paths;
}

std::string vcs_url_of(std::string_view direct_url_json) {
  nlohmann::json document = parse_json_object(direct_url_json);
  auto info = document.find("vcs_info");
  if (info == document.end()) return "";
  std::string vcs = string_at(*info, "vcs");
  std::string url = string_at(document, "url");
  if (vcs.empty() || url.empty()) return "";
  std::string commit = string_at(*info, "commit_id");
  return vcs + "+" + url + (commit.empty() ? "" : "@" + commit);
}

std::string absolute_path(std::string_view folder, std::string_view relative) {
  std::vector<std::string_view> parts;
  auto walk = [&](std::string_view path) {
    for (std::string_view part : util::split(path, '/')) {
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        if (!parts.empty()) parts.pop_back();
      } else {
        parts.push_back(part);
      }
    }
  };
  if (!relative.starts_with('/')) walk(folder);
  walk(relative);
  std::string path;
  for (std::string_view part : parts)
    path += "/" + std::string(part);
  return path.empty() ? "/" : path;
}

}  // namespace hallmark::catalog::python
