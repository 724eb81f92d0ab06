#include <algorithm>

#include <doctest/doctest.h>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/crypto/digest_stream.hpp"
#include "hallmark/source/file_tree.hpp"
#include "hallmark/source/path.hpp"
#include "hallmark/source/stream.hpp"
#include "hallmark/util/error.hpp"

using namespace hallmark;
using namespace hallmark::source;

namespace {

std::string read_all(util::ByteStream& stream) {
  std::string out;
  for (std::string_view chunk = stream.next(); !chunk.empty(); chunk = stream.next())
    out += chunk;
  return out;
}

// "hello hello hello\n" gzip-compressed by gzip(1) -n.
const std::string kGzip(
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x57\xc8\x40\x90\x5c\x00\x3b"
    "\x7c\x8a\xdf\x12\x00\x00\x00",
    29);
// The same text, zstd-compressed by zstd(1).
const std::string kZstd(
    "\x28\xb5\x2f\xfd\x04\x58\x6d\x00\x00\x38\x68\x65\x6c\x6c\x6f\x20\x0a\x01\x00\x31\x4a\x11"
    "\xa3\xaa\x74\xce",
    26);

FileNode file_node(uint32_t layer, std::string content = "") {
  FileNode node;
  node.layer = layer;
  node.captures.push_back({"", std::make_shared<const std::string>(std::move(content))});
  return node;
}

std::string content_of(const FileTree& tree, std::string_view path) {
  const FileNode* node = tree.find(path);
  REQUIRE(node != nullptr);
  return *node->capture("")->content;
}

}  // namespace

TEST_CASE("entry paths are normalized, and hostile ones refused") {
  std::string problem;
  CHECK(normalize_entry_path("./usr//lib/./x/", problem) == "usr/lib/x");
  CHECK(normalize_entry_path("./", problem) == "");
  CHECK_FALSE(normalize_entry_path("/etc/passwd", problem).has_value());
  CHECK(problem == "absolute path");
  CHECK_FALSE(normalize_entry_path("a/../../b", problem).has_value());
  CHECK_FALSE(normalize_entry_path("caf\xe9", problem).has_value());
  CHECK(problem == "name is not UTF-8");
  CHECK(symlink_escapes_root("usr/lib/x", "../../../etc"));
  CHECK_FALSE(symlink_escapes_root("usr/lib/x", "../../etc"));
  CHECK_FALSE(symlink_escapes_root("etc/os-release", "/usr/lib/os-release"));
  CHECK_FALSE(symlink_escapes_root("bin", "usr/bin"));
}

TEST_CASE("gzip and zstd streams decompress; damage is bad input") {
  CHECK(detect_compression(kGzip) == Compression::kGzip);
  CHECK(detect_compression(kZstd) == Compression::kZstd);
  CHECK(detect_compression("ustar") == Compression::kNone);
  CHECK(read_all(*decompress(util::memory_stream(kGzip), "g")) == "hello hello hello\n");
  CHECK(read_all(*decompress(util::memory_stream(kZstd), "z")) == "hello hello hello\n");
  std::string two_members = kGzip + kGzip + std::string(512, '\0');
  CHECK(read_all(*decompress(util::memory_stream(two_members), "g")) ==
        "hello hello hello\nhello hello hello\n");
  CHECK(read_all(*decompress(util::memory_stream("plain"), "p")) == "plain");

  std::string cut = kGzip.substr(0, 20);
  CHECK_THROWS_WITH_AS(read_all(*decompress(util::memory_stream(cut), "layer")),
                       "layer: truncated gzip stream", Error);
  std::string crc = kGzip;
  crc[crc.size() - 6] ^= 1;  // inside the CRC-32 of the trailer
  CHECK_THROWS_AS(read_all(*decompress(util::memory_stream(crc), "layer")), Error);
  CHECK_THROWS_WITH_AS(read_all(*decompress(util::memory_stream(kZstd.substr(0, 12)), "z")),
                       "z: truncated zstd stream", Error);
}

TEST_CASE("digest checks run at the end of the stream") {
  std::string data = "layer bytes";
  crypto::Digest right = crypto::Digest::of(crypto::DigestAlgorithm::kSha256, data);
  CHECK(read_all(*crypto::verify_digest(util::memory_stream(data), right, "img")) == data);
  crypto::Digest wrong = crypto::Digest::of(crypto::DigestAlgorithm::kSha256, "other");
  CHECK_THROWS_AS(read_all(*crypto::verify_digest(util::memory_stream(data), wrong, "img")), Error);
  CHECK_THROWS_AS(
      read_all(*crypto::verify_digest(util::memory_stream(data), right, "img", data.size() + 1)),
      Error);
  CHECK_THROWS_AS(crypto::Digest::parse("md5:abc"), Error);
  CHECK_THROWS_AS(crypto::Digest::parse("sha256:ABC"), Error);
}

TEST_CASE("read-ahead passes bytes and errors through") {
  std::string big(5 << 20, 'x');
  CHECK(read_all(*read_ahead(util::memory_stream(big))) == big);
  std::string cut = kGzip.substr(0, 20);
  CHECK_THROWS_AS(read_all(*read_ahead(decompress(util::memory_stream(cut), "l"))), Error);
  // Abandoned half-way: the producer thread must stop.
  auto stream = read_ahead(util::memory_stream(big));
  stream->next();
}

TEST_CASE("file tree: whiteouts and opaque folders apply to lower layers only") {
  FileTree tree;
  LayerDelta base;
  base.layer = 0;
  base.kept = {{"var/lib/dpkg/status", file_node(0, "A")},
               {"usr/share/doc/b/copyright", file_node(0, "B")},
               {"etc/keep/one", file_node(0, "1")},
               {"etc/keep/two", file_node(0, "2")}};
  tree.apply(std::move(base));
  CHECK(tree.captured("usr/share/doc/*/copyright").size() == 1);

  LayerDelta top;
  top.layer = 1;
  top.whiteouts = {"usr/share/doc/b"};
  top.opaque_dirs = {"etc/keep"};
  top.kept = {{"etc/keep/three", file_node(1, "3")}, {"var/lib/dpkg/status", file_node(1, "A2")}};
  tree.apply(std::move(top));
  CHECK(tree.captured("usr/share/doc/*/copyright").empty());
  CHECK(tree.captured("etc/keep/*") == std::vector<std::string>{"etc/keep/three"});
  CHECK(content_of(tree, "var/lib/dpkg/status") == "A2");
  CHECK(tree.find("var/lib/dpkg/status")->layer == 1);
}

TEST_CASE("file tree: symlinks resolve inside the root, loops end") {
  FileTree tree;
  LayerDelta layer;
  FileNode link;
  link.type = EntryType::kSymlink;
  link.link_target = "../usr/lib/os-release";
  FileNode absolute = link;
  absolute.link_target = "/usr/lib";
  FileNode escape = link;
  escape.link_target = "../../../../usr/lib/os-release";
  FileNode loop = link;
  loop.link_target = "loop";
  layer.kept = {{"usr/lib/os-release", file_node(0, "ID=debian")},
                {"etc/os-release", link},
                {"lib", absolute},
                {"etc/escape", escape},
                {"loop", loop}};
  tree.apply(std::move(layer));
  auto resolved = tree.resolve("etc/os-release");
  REQUIRE(resolved);
  CHECK(resolved->first == "usr/lib/os-release");
  CHECK(tree.resolve("lib/os-release")->first == "usr/lib/os-release");
  CHECK(tree.resolve("etc/escape")->first == "usr/lib/os-release");  // ".." stops at the root
  CHECK_FALSE(tree.resolve("loop").has_value());
  CHECK_FALSE(tree.resolve("etc/missing").has_value());
}

TEST_CASE("file tree: entries of an upper layer replace what they overwrite") {
  FileTree tree;
  LayerDelta base;
  FileNode link;
  link.type = EntryType::kSymlink;
  link.link_target = "usr/lib";
  base.kept = {{"a/b/db", file_node(0, "db")}, {"lib", link}, {"c/d/db", file_node(0, "kept")}};
  tree.apply(std::move(base));
  CHECK(tree.size() == 3);
  LayerDelta top;
  top.layer = 1;
  // A file where the folder a/b was, a real folder where the symlink lib was, and a folder "c"
  // (folders merge: c/d/db stays).
  top.others = {FileTree::path_hash("a/b", false), FileTree::path_hash("lib", true),
                FileTree::path_hash("c", true)};
  std::sort(top.others.begin(), top.others.end());
  tree.apply(std::move(top));
  CHECK(tree.find("a/b/db") == nullptr);
  CHECK(tree.find("lib") == nullptr);
  CHECK(content_of(tree, "c/d/db") == "kept");
}

TEST_CASE("capture plans match globs by name, suffix or pattern") {
  auto rule = [](std::string glob) {
    CaptureRule made;
    made.glob = std::move(glob);
    return made;
  };
  CapturePlan plan({rule("var/lib/dpkg/status"), rule("usr/share/doc/*/copyright"),
                    rule("**/*.jar"), rule("**/requirements*.txt")});
  CHECK(plan.wants("var/lib/dpkg/status"));
  CHECK(plan.wants("usr/share/doc/libc6/copyright"));
  CHECK(plan.wants("opt/app/lib/commons-lang3.jar"));
  CHECK(plan.wants("srv/requirements-dev.txt"));
  CHECK_FALSE(plan.wants("var/lib/dpkg/status-old"));
  CHECK_FALSE(plan.wants("usr/share/doc/libc6/changelog.gz"));
  CHECK_FALSE(plan.wants("opt/app/lib/commons-lang3.jar.sha1"));
  CHECK(plan.longest_magic() == 0);
}
