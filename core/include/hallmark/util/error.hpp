// Errors of the whole library. Library code throws hallmark::Error; only an executable's main
// catches it, prints one line and exits with the code of its kind (see exit_code()).
#pragma once

#include <stdexcept>
#include <string>

namespace hallmark {

// What went wrong, as the user must act on it. The numeric values are the exit codes every
// executable uses (DESIGN.md, "Exit codes").
enum class ErrorKind {
  kVerification = 1,  // the verdict is "no": a signature, policy or provenance check failed
  kUsage = 2,         // the command line is wrong
  kBadInput = 3,      // a malformed or unsupported input
  kIo = 4,            // I/O, network or registry failure
};

int exit_code(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  // `subject` names what the problem is in (usually a file); it may be empty.
  Error(ErrorKind kind, std::string subject, std::string message);

  ErrorKind kind() const { return kind_; }
  const std::string& subject() const { return subject_; }
  const std::string& message() const { return message_; }

  // The same error with `context` put in front of the message ("layer sha256:..: " + message),
  // for code that knows where inside the subject the problem was found.
  Error within(const std::string& context) const;
  // The same error, naming `subject` when it named none yet.
  Error about(const std::string& subject) const;

 private:
  ErrorKind kind_;
  std::string subject_;
  std::string message_;
};

[[noreturn]] void throw_bad_input(const std::string& subject, const std::string& message);
[[noreturn]] void throw_io_error(const std::string& subject, const std::string& message);
[[noreturn]] void throw_usage_error(const std::string& message);

}  // namespace hallmark
