// The file names the Java cataloger reads: what the rules capture in the image and what it reads
// inside archives.
#pragma once

#include <array>
#include <string_view>

namespace hallmark::catalog::java {

inline constexpr std::array<std::string_view, 6> kArchiveExtensions = {".jar", ".war", ".ear",
                                                                       ".par", ".jpi", ".hpi"};

inline bool is_java_archive_name(std::string_view path) {
  for (std::string_view extension : kArchiveExtensions)
    if (path.ends_with(extension)) return true;
  return false;
}

// The package type syft gives an archive by its extension: Jenkins plugins are their own.
inline std::string_view archive_package_type(std::string_view path) {
  return path.ends_with(".jpi") || path.ends_with(".hpi") ? "jenkins-plugin" : "java-archive";
}

}  // namespace hallmark::catalog::java
