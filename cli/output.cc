#include "cli/output.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <ctime>

#include "core/ip.h"
#include "core/spec_parse.h"

namespace wgmesh::cli {
namespace {

// A float as PyYAML wrote it (the original's info: `is_up: 1.0`), never `1`.
std::string FloatText(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round trip
  std::string text(buf, ec == std::errc() ? end : buf);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

// yaml-cpp writes a string plain even when it reads back as another type
// ("1.0", "yes", "null"): quote those.
bool ReadsBackAsItself(const std::string& s) {
  auto doc = ParseDocument(s, DocFormat::kYaml, "");
  return doc.ok() && doc->is_string() && doc->get<std::string>() == s;
}

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
    const std::string& text = v.get_ref<const std::string&>();
    if (ReadsBackAsItself(text))
      e << text;
    else
      e << YAML::DoubleQuoted << text;
  } else if (v.is_boolean()) {
    e << v.get<bool>();
  } else if (v.is_number_integer()) {
    e << v.get<int64_t>();
  } else if (v.is_number()) {
    e << FloatText(v.get<double>());  // plain: yaml-cpp does not quote it
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

std::string AddressOnly(const std::string& cidr) {
  const std::string ip = cidr.substr(0, cidr.find('/'));
  auto parsed = IpAddr::Parse(ip);
  return parsed ? parsed->ToString() : ip;
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
