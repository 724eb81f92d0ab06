// The concrete sources behind open_source().
#pragma once

#include <memory>
#include <string>

#include "hallmark/source/source.hpp"

namespace hallmark::source {

std::unique_ptr<Source> open_directory(const std::string& folder, std::string input);
std::unique_ptr<Source> open_archive(const std::string& path, std::string input);

}  // namespace hallmark::source
