#include "hallmark/catalog/distro.hpp"

#include <map>

#include "hallmark/util/strings.hpp"

namespace hallmark::catalog {
namespace {

// A value as a shell would read it: "double" or 'single' quoted, with backslash escapes in
// double quotes; unquoted values end at the first space.
std::string unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
    return std::string(value.substr(1, value.size() - 2));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    std::string text;
    value = value.substr(1, value.size() - 2);
    for (size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '\\' && i + 1 < value.size()) ++i;
      text += value[i];
    }
    return text;
  }
  return std::string(value.substr(0, value.find(' ')));
}

}  // namespace

constexpr std::string_view kOsRelease[] = {"etc/os-release", "usr/lib/os-release"};

std::vector<source::CaptureRule> distro_rules() {
  return {whole_file(std::string(kOsRelease[0])), whole_file(std::string(kOsRelease[1]))};
}

model::Distro parse_os_release(std::string_view text) {
  std::map<std::string, std::string> fields;
  for (std::string_view line : util::lines(text)) {
    line = util::trim(line);
    if (line.empty() || line.front() == '#') continue;
    size_t equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    fields[std::string(line.substr(0, equals))] = unquote(util::trim(line.substr(equals + 1)));
  }
  model::Distro distro;
  distro.id = util::to_lower(fields["ID"]);
  distro.version_id = fields["VERSION_ID"];
  distro.version_codename = fields["VERSION_CODENAME"];
  distro.name = fields["NAME"];
  distro.pretty_name = fields["PRETTY_NAME"];
  distro.cpe_name = fields["CPE_NAME"];
  distro.home_url = fields["HOME_URL"];
  for (std::string_view like : util::split(fields["ID_LIKE"], ' '))
    if (!like.empty()) distro.id_like.emplace_back(like);
  return distro;
}

std::optional<model::Distro> detect_distro(const FileResolver& files) {
  for (std::string_view path : kOsRelease) {
    std::optional<FileResolver::File> file = files.read(path);
    if (!file) continue;
    model::Distro distro = parse_os_release(*file->content);
    if (!distro.id.empty()) return distro;
  }
  return std::nullopt;
}

}  // namespace hallmark::catalog
