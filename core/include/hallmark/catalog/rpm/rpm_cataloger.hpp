#pragma once

#include <memory>

#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog::rpm {

std::unique_ptr<Cataloger> make_cataloger();

}  // namespace hallmark::catalog::rpm
