#include "hallmark/model/package.hpp"

#include "hallmark/crypto/digest.hpp"

namespace hallmark::model {

const Location* Package::primary_location() const {
  for (const Location& location : locations)
    if (location.primary) return &location;
  return nullptr;
}

void assign_id(Package& package) {
  // Fields are joined with a separator no field can hold, so ("a b", "c") and ("a", "b c")
  // cannot collide.
  std::string identity;
  for (const std::string* field :
       {&package.type, &package.name, &package.version, &package.arch, &package.purl}) {
    identity += *field;
    identity += '\0';
  }
  for (const Location& location : package.locations) {
    if (!location.primary) continue;
    identity += location.path;
    identity += '\0';
  }
  package.id = crypto::digest_hex(crypto::DigestAlgorithm::kSha256, identity).substr(0, 16);
}

}  // namespace hallmark::model
