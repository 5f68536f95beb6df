#include "cli/output.h"

#include <yaml-cpp/yaml.h>

#include <ctime>

namespace wgmesh::cli {
namespace {

void Emit(YAML::Emitter& e, const nlohmann::ordered_json& v) {
  if (v.is_object()) {
    e << YAML::BeginMap;
    for (const auto& [key, value] : v.items()) {
      e << YAML::Key << key << YAML::Value;
      Emit(e, value);
    }
    e << YAML::EndMap;
  } else if (v.is_array()) {
    e << YAML::BeginSeq;
    for (const auto& item : v) Emit(e, item);
    e << YAML::EndSeq;
  } else if (v.is_string()) {
    e << v.get<std::string>();  // yaml-cpp quotes what would read back as another type
  } else if (v.is_boolean()) {
    e << v.get<bool>();
  } else if (v.is_number_integer()) {
    e << v.get<int64_t>();
  } else if (v.is_number()) {
    e << v.get<double>();
  } else {
    e << YAML::Null;
  }
}

}  // namespace

void PrintDocument(const nlohmann::ordered_json& doc, bool json, std::ostream& out) {
  if (json) {
    out << doc.dump(2) << "\n";
    return;
  }
  YAML::Emitter e;
  e.SetBoolFormat(YAML::TrueFalseBool);
  Emit(e, doc);
  out << e.c_str() << "\n";
}

std::string UtcTime(int64_t unix_seconds) {
  if (unix_seconds <= 0) return "never";
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace wgmesh::cli
