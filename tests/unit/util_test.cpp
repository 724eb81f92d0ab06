#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/glob.hpp"
#include "hallmark/util/strings.hpp"
#include "hallmark/util/time.hpp"
#include "hallmark/util/turn_limiter.hpp"

using namespace hallmark;

TEST_CASE("glob: * stays in a segment, ** crosses segments") {
  CHECK(util::glob_match("var/lib/dpkg/status.d/*", "var/lib/dpkg/status.d/libc6"));
  CHECK_FALSE(util::glob_match("var/lib/dpkg/status.d/*", "var/lib/dpkg/status.d/a/b"));
  CHECK(util::glob_match("usr/share/doc/*/copyright", "usr/share/doc/libc6/copyright"));
  CHECK_FALSE(util::glob_match("usr/share/doc/*/copyright", "usr/share/doc/a/b/copyright"));
  CHECK(util::glob_match("**/METADATA", "usr/lib/python3/dist-packages/x.dist-info/METADATA"));
  CHECK(util::glob_match("**/METADATA", "METADATA"));
  CHECK(util::glob_match("registry.example.com/team/**", "registry.example.com/team/a/b"));
  CHECK(util::glob_match("a/**/b", "a/b"));
  CHECK(util::glob_match("a/**/b", "a/x/y/b"));
  CHECK_FALSE(util::glob_match("a/**/b", "a/x/y/c"));
  CHECK(util::glob_match("refs/tags/v*", "refs/tags/v1.2.3"));
  CHECK(util::glob_match("lib?.so", "lib1.so"));
  CHECK_FALSE(util::glob_match("lib?.so", "lib/.so"));
  CHECK(util::glob_match("*", ""));
  // `**/` crosses whole folders, never part of a name.
  CHECK_FALSE(util::glob_match("**/package-lock.json", "x/mypackage-lock.json"));
  CHECK_FALSE(util::glob_match("**/node_modules/*/package.json", "xnode_modules/a/package.json"));
  CHECK(util::glob_match("**/node_modules/*/package.json", "app/node_modules/a/package.json"));
  CHECK(util::glob_match("**/package-lock.json", "package-lock.json"));
  CHECK_FALSE(util::glob_match("", "x"));
}

TEST_CASE("hex and base64 round trips, and refusals") {
  CHECK(util::hex_encode(std::string("\x00\xff\x10", 3)) == "00ff10");
  CHECK(util::hex_decode("00FF10") == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(util::hex_decode("0g").has_value());
  CHECK_FALSE(util::hex_decode("abc").has_value());
  CHECK(util::base64_encode("hello") == "aGVsbG8=");
  CHECK(util::base64_decode("aGVsbG8=") == "hello");
  CHECK(util::base64_decode("aGVs\nbG8=") == "hello");
  CHECK_FALSE(util::base64_decode("a*b=").has_value());
}

TEST_CASE("UTF-8 validation refuses overlong forms, surrogates and stray bytes") {
  CHECK(util::is_valid_utf8("plain ascii"));
  CHECK(util::is_valid_utf8("caf\xc3\xa9"));
  CHECK(util::is_valid_utf8("\xf0\x9f\x98\x80"));
  CHECK_FALSE(util::is_valid_utf8("caf\xe9"));
  CHECK_FALSE(util::is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(util::is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(util::is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(util::is_valid_utf8("\xe2\x82"));          // cut short
}

TEST_CASE("lines and split") {
  CHECK(util::lines("a\r\nb\n\nc") == std::vector<std::string_view>{"a", "b", "", "c"});
  CHECK(util::split("a,,b", ',') == std::vector<std::string_view>{"a", "", "b"});
  CHECK(util::trim("  x \t\n") == "x");
}

TEST_CASE("atomic files are complete or absent") {
  namespace fs = std::filesystem;
  fs::path folder = fs::temp_directory_path() / "hallmark-unit-atomic";
  fs::remove_all(folder);
  fs::create_directories(folder);
  util::write_file_atomic(folder / "out.txt", "data", fs::perms(0600));
  CHECK(util::read_file(folder / "out.txt") == "data");
  CHECK((fs::status(folder / "out.txt").permissions() & fs::perms::all) == fs::perms(0600));
  {
    util::AtomicFile abandoned(folder / "never.txt");
    abandoned.write("partial");
  }
  CHECK_FALSE(fs::exists(folder / "never.txt"));
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
  CHECK_THROWS_AS(util::read_file(folder / "missing"), Error);
  fs::remove_all(folder);
}

TEST_CASE("an output that is a pipe is written through, not replaced") {
  namespace fs = std::filesystem;
  fs::path folder = fs::temp_directory_path() / "hallmark-unit-fifo";
  fs::remove_all(folder);
  fs::create_directories(folder);
  fs::path fifo = folder / "out";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // The reader opens after the writer: a thread, since opening a FIFO blocks until both ends are.
  std::string received;
  std::thread reader([&] { received = util::read_file(fifo); });
  util::write_file_atomic(fifo, "through the pipe");
  reader.join();
  CHECK(received == "through the pipe");
  CHECK(fs::is_fifo(fifo));
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
  fs::remove_all(folder);
}

TEST_CASE("SOURCE_DATE_EPOCH sets the clock, and must be a number") {
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  CHECK(util::format_rfc3339(util::now()) == "2023-11-14T22:13:20Z");
  setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
  CHECK_THROWS_AS(util::now(), Error);
  unsetenv("SOURCE_DATE_EPOCH");
}

TEST_CASE("errors carry their kind, subject and context") {
  Error error(ErrorKind::kBadInput, "image.tar", "truncated gzip stream");
  CHECK(std::string(error.what()) == "image.tar: truncated gzip stream");
  CHECK(exit_code(error.kind()) == 3);
  CHECK(std::string(error.within("layer sha256:ab").what()) ==
        "image.tar: layer sha256:ab: truncated gzip stream");
  CHECK(std::string(Error(ErrorKind::kIo, "", "x").about("f").what()) == "f: x");
}

TEST_CASE("printable escapes what could break a line or drive a terminal") {
  CHECK(util::printable("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(util::printable("caf\xe9") == "caf\\xe9");
  CHECK(util::printable("a\nb\x1b[31m") == "a\\x0ab\\x1b[31m");
}

namespace {

// Waits until `limiter` has `count` waiting: threads started one after the other then queue in
// that order.
void wait_for_queue(const util::TurnLimiter& limiter, size_t count) {
  while (limiter.waiting() != count)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace

TEST_CASE("turns are taken in the order asked, never more than the limit at once") {
  for (size_t limit : {size_t{1}, size_t{3}}) {
    CAPTURE(limit);
    util::TurnLimiter limiter(limit, std::chrono::seconds(60));
    // The limit's turns held, so that everyone else queues.
    std::vector<util::TurnLimiter::Turn> held;
    for (size_t index = 0; index < limit; ++index)
      held.push_back(limiter.enter());
    CHECK(limiter.inside() == limit);

    std::mutex mutex;
    std::vector<int> order;
    std::atomic<size_t> inside = 0, most_inside = 0;
    std::vector<std::thread> threads;
    for (int id = 0; id < 8; ++id) {
      threads.emplace_back([&, id] {
        util::TurnLimiter::Turn turn = limiter.enter();
        size_t now_inside = ++inside;
        {
          std::lock_guard lock(mutex);
          order.push_back(id);
          most_inside = std::max<size_t>(most_inside, now_inside);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --inside;
      });
      wait_for_queue(limiter, static_cast<size_t>(id) + 1);
    }
    held.clear();
    for (std::thread& thread : threads)
      thread.join();
    CHECK(most_inside <= limit);
    CHECK(limiter.inside() == 0);
    CHECK(limiter.waiting() == 0);
    if (limit == 1) CHECK(order == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
    if (limit == 3) CHECK(most_inside == 3);  // the limit is used, not only respected
  }
}

TEST_CASE("a turn waited for past the patience is taken over the limit") {
  util::TurnLimiter limiter(1, std::chrono::milliseconds(50));
  util::TurnLimiter::Turn held = limiter.enter();
  auto start = std::chrono::steady_clock::now();
  std::optional<util::TurnLimiter::Turn> late;
  std::thread waiter([&] { late.emplace(limiter.enter()); });
  waiter.join();
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(50));
  CHECK(limiter.inside() == 2);
  CHECK(limiter.waiting() == 0);
  late.reset();
  CHECK(limiter.inside() == 1);
  CHECK_THROWS(util::TurnLimiter(0, std::chrono::seconds(1)));
}
