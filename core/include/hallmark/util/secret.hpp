// Secrets held briefly in memory (passphrases, decrypted key bytes): wiped when dropped, so they
// do not linger in freed heap memory or core dumps.
#pragma once

#include <string>
#include <string_view>

namespace hallmark::util {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  std::string_view view() const { return value_; }
  const char* data() const { return value_.data(); }
  size_t size() const { return value_.size(); }
  bool empty() const { return value_.empty(); }

 private:
  void wipe();
  std::string value_;
};

// Where a passphrase comes from. Never the command line: argv is visible to every user of the
// machine (ps, /proc) and lands in shell histories and CI logs.
struct PassphraseSource {
  bool from_stdin = false;  // --password-stdin: the first line of standard input
};

// The passphrase: $HALLMARK_PASSWORD when set, else stdin's first line with --password-stdin,
// else a prompt on the terminal (echo off; `confirm` asks twice, for new keys). Without any of
// those it is a usage error that says how to give one.
Secret read_passphrase(const PassphraseSource& source, std::string_view prompt,
                       bool confirm = false);

}  // namespace hallmark::util
