#include "hallmark/util/secret.hpp"

#include <cstdlib>
#include <iostream>

#include <fcntl.h>
#include <openssl/crypto.h>
#include <termios.h>
#include <unistd.h>

#include "hallmark/util/error.hpp"

namespace hallmark::util {
namespace {

// Reads one line from the terminal with echo off.
Secret prompt_terminal(std::string_view prompt) {
  int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0)
    throw_usage_error(
        "a passphrase is needed: set HALLMARK_PASSWORD, or pipe it in with --password-stdin");
  termios saved{};
  bool restore = ::tcgetattr(tty, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  (void)!::write(tty, prompt.data(), prompt.size());
  std::string line;
  char c;
  while (::read(tty, &c, 1) == 1 && c != '\n')
    line.push_back(c);
  if (restore) ::tcsetattr(tty, TCSAFLUSH, &saved);
  (void)!::write(tty, "\n", 1);
  ::close(tty);
  Secret secret(std::move(line));
  OPENSSL_cleanse(&c, sizeof c);
  return secret;
}

}  // namespace

Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) {
  other.wipe();
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    other.wipe();
  }
  return *this;
}

Secret::~Secret() {
  wipe();
}

void Secret::wipe() {
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
  value_.clear();
}

Secret read_passphrase(const PassphraseSource& source, std::string_view prompt, bool confirm) {
  if (const char* value = std::getenv("HALLMARK_PASSWORD")) return Secret(value);
  if (source.from_stdin) {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return Secret(std::move(line));
  }
  Secret first = prompt_terminal(prompt);
  if (confirm) {
    Secret second = prompt_terminal("Enter the passphrase again: ");
    if (first.view() != second.view()) throw_usage_error("the passphrases do not match");
  }
  return first;
}

}  // namespace hallmark::util
