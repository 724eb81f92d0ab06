// The Ruby catalogers: installed gemspecs everywhere, Gemfile.lock in folders and archives.
#include "hallmark/catalog/ruby.hpp"

namespace hallmark::catalog::ruby {

std::unique_ptr<Cataloger> make_gemspec_cataloger() {
  return make_declared_cataloger("ruby-installed-gemspec-cataloger", kEcosystem,
                                 {{"**/specifications/**/*.gemspec", parse_gemspec}},
                                 /*for_images=*/true);
}

std::unique_ptr<Cataloger> make_gemfile_lock_cataloger() {
  return make_declared_cataloger("ruby-gemfile-cataloger", kEcosystem,
                                 {{"**/Gemfile.lock", parse_gemfile_lock}},
                                 /*for_images=*/false);
}

}  // namespace hallmark::catalog::ruby
