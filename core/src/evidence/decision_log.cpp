#include "hallmark/evidence/decision_log.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::evidence {
namespace {

using nlohmann::json;

std::string missing_or_wrong(const json& object, const char* key, const char* what) {
  if (!object.contains(key)) return std::string("missing \"") + key + "\"";
  return std::string("\"") + key + "\" is not " + what;
}

// The verdict of a line that unusable_reason() accepted.
LogEntry entry_of(const json& object, size_t source, size_t line) {
  LogEntry entry;
  entry.verdict = policy::Verdict::from_json(object);
  entry.time = *util::parse_rfc3339(entry.verdict.time);
  entry.source = source;
  entry.line = line;
  return entry;
}

void read_line(std::string_view text, const std::string& name, size_t number, DecisionLog& log) {
  ++log.lines;
  if (text.ends_with('\r')) text.remove_suffix(1);
  if (util::trim(text).empty()) {
    log.skipped.push_back({name, number, "empty line"});
    return;
  }
  // No exceptions: a malformed line is expected input here, not an error.
  json object = json::parse(text, nullptr, false);
  if (object.is_discarded()) {
    log.skipped.push_back({name, number, "not JSON"});
    return;
  }
  if (std::string reason = unusable_reason(object); !reason.empty()) {
    log.skipped.push_back({name, number, std::move(reason)});
    return;
  }
  log.entries.push_back(entry_of(object, log.files.size() - 1, number));
}

}  // namespace

std::string SkippedLine::message() const {
  return util::printable(file) + ":" + std::to_string(line) + ": skipped: " + reason;
}

std::string unusable_reason(const json& object) {
  if (!object.is_object()) return "not a JSON object";
  if (!object.contains("time") || !object["time"].is_string())
    return missing_or_wrong(object, "time", "a string");
  if (!util::parse_rfc3339(object["time"].get<std::string>()))
    return "\"time\" is not an RFC 3339 date-time";
  if (!object.contains("image") || !object["image"].is_string())
    return missing_or_wrong(object, "image", "a string");
  if (object["image"].get<std::string>().empty()) return "\"image\" is empty";
  if (!object.contains("rule") || !object["rule"].is_string())
    return missing_or_wrong(object, "rule", "a string");
  if (!object.contains("mode") || !object["mode"].is_string())
    return missing_or_wrong(object, "mode", "a string");
  std::string mode = object["mode"].get<std::string>();
  if (mode != "enforce" && mode != "warn" && mode != "default")
    return "\"mode\" is not \"enforce\", \"warn\" or \"default\"";
  if (!object.contains("allowed") || !object["allowed"].is_boolean())
    return missing_or_wrong(object, "allowed", "a boolean");
  if (!object.contains("checks") || !object["checks"].is_array())
    return missing_or_wrong(object, "checks", "an array");
  for (const json& check : object["checks"]) {
    if (!check.is_object()) return "a check is not an object";
    if (!check.contains("check") || !check["check"].is_string())
      return "a check has no \"check\" name";
    if (!check.contains("passed") || !check["passed"].is_boolean())
      return "a check has no boolean \"passed\"";
    if (check.contains("reason") && !check["reason"].is_string())
      return "a check's \"reason\" is not a string";
  }
  for (const char* key : {"digest", "policyDigest"})
    if (object.contains(key) && !object[key].is_string())
      return std::string("\"") + key + "\" is not a string";
  return "";
}

void read_decision_log(std::istream& in, const std::string& name, DecisionLog& log) {
  log.files.push_back(name);
  std::string line;
  size_t number = 0;
  while (std::getline(in, line))
    read_line(line, name, ++number, log);
  if (in.bad()) throw_io_error(name, std::string("read failed: ") + std::strerror(errno));
}

void read_decision_log(std::string_view text, const std::string& name, DecisionLog& log) {
  std::istringstream in{std::string(text)};
  read_decision_log(in, name, log);
}

DecisionLog read_decision_logs(const std::vector<std::string>& paths) {
  DecisionLog log;
  for (const std::string& path : paths) {
    if (path == "-") {
      read_decision_log(std::cin, "stdin", log);
      continue;
    }
    // An ifstream opens a folder without complaint and then reads nothing: say what it is.
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
      throw_io_error(path, "cannot read: is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error(path, std::string("cannot open: ") + std::strerror(errno));
    read_decision_log(in, path, log);
  }
  return log;
}

}  // namespace hallmark::evidence
