#include "tests/protocol/invalid_catalogue.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "core/keys.h"
#include "core/node_plan_json.h"
#include "core/problems.h"
#include "core/spec_parse.h"
#include "provider/pulumi/schema.h"

namespace wgmesh::catalogue {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kDir = fs::path(WGMESH_SOURCE_DIR) / "tests/data/invalid";

json ReadJson(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// Node a of the base mesh, planned with fixed keys: the config a Node takes.
absl::StatusOr<json> BaseNodeConfig() {
  auto doc = ParseDocument(ReadJson(kDir / "base/mesh.json").dump(), DocFormat::kJson, "base");
  if (!doc.ok()) return doc.status();
  ParsedSpec spec = SpecFromDocument(*doc);
  Key seed{};
  SeedKeys keys(seed);
  auto plan = PlanMesh(spec.spec, keys);
  if (!plan.ok()) return plan.status();
  return NodePlanToJson(plan->nodes[0]);
}

absl::StatusOr<json> BaseInput(const std::string& resource, const json& connection) {
  if (resource == "node") {
    json node = ReadJson(kDir / "base/node.json");
    absl::StatusOr<json> config = BaseNodeConfig();
    if (!config.ok()) return config.status();
    node["config"] = *std::move(config);  // a document until the case is set
    node["connection"].merge_patch(connection);
    return node;
  }
  return ReadJson(kDir / ("base/" + resource + ".json"));
}

}  // namespace

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    if (entry.path().extension() != ".json") continue;
    json j = ReadJson(entry.path());
    Case c;
    c.name = entry.path().filename();
    c.resource = j.at("resource");
    c.set = j.at("set");
    c.value = j.at("value");
    c.path = j.at("path");
    c.rule = j.at("rule");
    c.fronts = j.at("fronts").get<std::vector<std::string>>();
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

absl::StatusOr<json> CaseInput(const Case& c, const json& connection) {
  absl::StatusOr<json> base = BaseInput(c.resource == "connection" ? "node" : c.resource, connection);
  if (!base.ok()) return base.status();
  json doc = *std::move(base);
  json* at = &doc;
  if (c.resource == "connection") at = &doc["connection"];
  for (size_t i = 0; i + 1 < c.set.size(); ++i) {
    const json& key = c.set[i];
    at = key.is_number() ? &(*at)[key.get<size_t>()] : &(*at)[key.get<std::string>()];
  }
  const json& last = c.set.back();
  if (last.is_number())
    (*at)[last.get<size_t>()] = c.value;
  else
    (*at)[last.get<std::string>()] = c.value;
  if (c.resource == "node" || c.resource == "connection") doc["config"] = JsonWithRawBytes(doc["config"]);
  return doc;
}

std::string RawBytes(const std::string& s) {
  static const std::regex kEscape(R"(\\x([0-9a-fA-F]{2}))");
  std::string out;
  std::sregex_iterator it(s.begin(), s.end(), kEscape), end;
  size_t last = 0;
  for (; it != end; ++it) {
    out += s.substr(last, it->position() - last);
    out += static_cast<char>(std::stoi((*it)[1].str(), nullptr, 16));
    last = it->position() + it->length();
  }
  return out + s.substr(last);
}

std::string JsonWithRawBytes(const json& doc) {
  return RawBytes(absl::StrReplaceAll(doc.dump(), {{"\\\\x", "\\x"}}));
}

bool HasRawBytes(const json& doc) {
  // A node config text may hold the raw bytes already: dump() would throw.
  const std::string kept = doc.dump(-1, ' ', false, json::error_handler_t::ignore);
  if (kept != doc.dump(-1, ' ', false, json::error_handler_t::replace)) return true;
  return RawBytes(absl::StrReplaceAll(kept, {{"\\\\x", "\\x"}})) != kept;
}

std::string Dotted(std::string path) {
  return absl::StrReplaceAll(path, {{"[\"", "."}, {"\"]", ""}, {"[", "."}, {"]", ""}});
}

std::string CliPath(const std::string& dotted) {
  AttrPath path;
  size_t start = 0;
  for (size_t dot; (dot = dotted.find('.', start)) != std::string::npos; start = dot + 1)
    path = path.Child(dotted.substr(start, dot - start));
  return path.Child(dotted.substr(start)).ToString();
}

std::string CamelPath(const std::string& dotted, bool in_map) {
  std::string out;
  size_t start = 0;
  int segment = 0;
  while (start <= dotted.size()) {
    size_t dot = dotted.find('.', start);
    std::string s = dotted.substr(start, dot == std::string::npos ? dot : dot - start);
    // Node names (the second segment under nodes) stay as they are.
    const bool key = in_map && segment == 1;
    out += (out.empty() ? "" : ".") + (key ? s : pulumi::SnakeToCamel(s));
    ++segment;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

bool Matches(const Answer& answer, const std::string& path, const std::string& rule) {
  for (const std::string& line : answer)
    if (line.rfind(path + ": ", 0) == 0 && line.find(rule) != std::string::npos) return true;
  return false;
}

std::string Show(const Answer& answer) {
  std::string out;
  for (const auto& l : answer) out += "  " + l.substr(0, 300) + "\n";
  return out.empty() ? "  (no error)\n" : out;
}

}  // namespace wgmesh::catalogue
