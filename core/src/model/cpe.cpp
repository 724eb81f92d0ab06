#include "hallmark/model/cpe.hpp"

#include <algorithm>
#include <array>

#include "hallmark/util/strings.hpp"

namespace hallmark::model {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// NISTIR 7695 6.2.2.2 (bind_value_for_fs): ANY binds to "*"; in a value, '.', '-' and '_' pass
// unescaped and every other non-alphanumeric printable character keeps its '\' quoting.
std::string bind(std::string_view value) {
  if (value.empty()) return "*";
  std::string bound;
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (is_alnum(c) || c == '_' || c == '-' || c == '.') {
      bound += c;
    } else if (byte > 0x20 && byte < 0x7F) {
      bound += '\\';
      bound += c;
    } else if (byte < 0x80 || byte >= 0xC0) {
      // Whitespace, control characters and the first byte of a non-ASCII character: a WFN value
      // has none of them, and '_' is what CPE names use between words.
      bound += '_';
    }
    // UTF-8 continuation bytes are dropped: their character is already one '_'.
  }
  return bound;
}

// Upstream vendors (and, where NVD names it otherwise, products) of OS packages whose package
// name is the upstream project's: syft's curated candidate additions (cpegenerate,
// candidate_by_package_type.go) that name the NVD vendor. Sorted by package name.
struct KnownProduct {
  std::string_view name;
  std::string_view vendor;
  std::string_view product;  // empty: the package name
};

constexpr std::array kKnownProducts = {
    KnownProduct{"alsa-lib", "alsa-project", ""},
    KnownProduct{"bash", "gnu", ""},
    KnownProduct{"bazel", "google", ""},
    KnownProduct{"bind", "isc", ""},
    KnownProduct{"clang", "llvm", ""},
    KnownProduct{"composer", "getcomposer", ""},
    KnownProduct{"curl", "haxx", ""},
    KnownProduct{"dnsmasq", "thekelleys", ""},
    KnownProduct{"firefox", "mozilla", ""},
    KnownProduct{"firefox-esr", "mozilla", ""},
    KnownProduct{"fluent-bit", "treasuredata", "fluent_bit"},
    KnownProduct{"gcc", "gnu", ""},
    KnownProduct{"ghostscript", "artifex", ""},
    KnownProduct{"git", "git-scm", ""},
    KnownProduct{"glib", "gnome", ""},
    KnownProduct{"glibc", "gnu", ""},
    KnownProduct{"go", "golang", ""},
    KnownProduct{"httpd", "apache", "http_server"},
    KnownProduct{"julia", "julialang", ""},
    KnownProduct{"libavif", "aomedia", ""},
    KnownProduct{"libxpm", "libxpm_project", ""},
    KnownProduct{"make", "gnu", ""},
    KnownProduct{"musl", "musl-libc", ""},
    KnownProduct{"mysql", "oracle", ""},
    KnownProduct{"nginx", "f5", ""},
    KnownProduct{"nodejs", "nodejs", "node.js"},
    KnownProduct{"openjpeg", "uclouvain", ""},
    KnownProduct{"podofo", "podofo_project", ""},
    KnownProduct{"python3", "python", "python"},
    KnownProduct{"ruby", "ruby-lang", ""},
    KnownProduct{"rust", "rust-lang", ""},
    KnownProduct{"thunderbird", "mozilla", ""},
    KnownProduct{"util-linux", "kernel", ""},
    KnownProduct{"wpa_supplicant", "w1.fi", ""},
    KnownProduct{"xorg-server", "x.org", "x_server"},
};

static_assert(std::is_sorted(kKnownProducts.begin(), kKnownProducts.end(),
                             [](const KnownProduct& a, const KnownProduct& b) {
                               return a.name < b.name;
                             }));

const KnownProduct* find_known_product(std::string_view name) {
  auto found = std::lower_bound(
      kKnownProducts.begin(), kKnownProducts.end(), name,
      [](const KnownProduct& known, std::string_view n) { return known.name < n; });
  return found != kKnownProducts.end() && found->name == name ? &*found : nullptr;
}

}  // namespace

std::string Cpe::to_string() const {
  std::string text = "cpe:2.3:";
  text += (part == 'a' || part == 'o' || part == 'h') ? part : '*';
  for (const std::string* value : {&vendor, &product, &version, &update, &edition, &language,
                                   &sw_edition, &target_sw, &target_hw, &other}) {
    text += ':';
    text += bind(*value);
  }
  return text;
}

std::string make_cpe(std::string_view vendor, std::string_view product, std::string_view version) {
  Cpe cpe;
  cpe.vendor = vendor;
  cpe.product = product;
  cpe.version = version;
  return cpe.to_string();
}

std::string os_package_cpe(std::string_view package_type, std::string_view name,
                           std::string_view version, std::string_view /*vendor_hint*/) {
  if (package_type != "deb" && package_type != "apk" && package_type != "rpm") return "";
  std::string product = util::to_lower(util::trim(name));
  if (product.empty()) return "";
  std::string vendor = product;
  if (const KnownProduct* known = find_known_product(product)) {
    vendor = known->vendor;
    if (!known->product.empty()) product = known->product;
  }
  return make_cpe(vendor, product, version);
}

}  // namespace hallmark::model
