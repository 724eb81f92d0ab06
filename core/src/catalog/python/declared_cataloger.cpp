// The Python packages a project declares: pinned requirements and lock files.
#include "hallmark/catalog/python.hpp"

namespace hallmark::catalog::python {

std::unique_ptr<Cataloger> make_declared_cataloger() {
  return catalog::make_declared_cataloger("python-package-cataloger", kEcosystem,
                                          {{"**/*requirements*.txt", parse_requirements},
                                           {"**/poetry.lock", parse_poetry_lock},
                                           {"**/Pipfile.lock", parse_pipfile_lock},
                                           {"**/uv.lock", parse_uv_lock}},
                                          /*for_images=*/false);
}

}  // namespace hallmark::catalog::python
