#include "hallmark/util/error.hpp"

namespace hallmark {
namespace {

std::string render(const std::string& subject, const std::string& message) {
  return subject.empty() ? message : subject + ": " + message;
}

}  // namespace

int exit_code(ErrorKind kind) {
  return static_cast<int>(kind);
}

Error::Error(ErrorKind kind, std::string subject, std::string message)
    : std::runtime_error(render(subject, message)),
      kind_(kind),
      subject_(std::move(subject)),
      message_(std::move(message)) {}

Error Error::within(const std::string& context) const {
  return Error(kind_, subject_, context + ": " + message_);
}

Error Error::about(const std::string& subject) const {
  return subject_.empty() ? Error(kind_, subject, message_) : *this;
}

void throw_bad_input(const std::string& subject, const std::string& message) {
  throw Error(ErrorKind::kBadInput, subject, message);
}

void throw_io_error(const std::string& subject, const std::string& message) {
  throw Error(ErrorKind::kIo, subject, message);
}

void throw_usage_error(const std::string& message) {
  throw Error(ErrorKind::kUsage, "", message);
}

}  // namespace hallmark
