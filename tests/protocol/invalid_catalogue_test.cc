// The catalogue of invalid inputs (tests/data/invalid/*.json, README there):
// every case goes through each front end it applies to, in-process, and must
// be refused at the same attribute path with the same rule, before any host
// is touched:
//   cli        `wgmesh -f <file> check` (the real binary; the mesh as YAML)
//   terraform  ValidateResourceConfig / ValidateProviderConfig (msgpack DynamicValues)
//   pulumi     Check / CheckConfig (protobuf Structs, camelCase names)
// Every connection in a case (the nodes' ssh targets, the Node connection)
// points at a loopback listener that must see no connection.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "core/problems.h"
#include "provider/pulumi/provider_service.h"
#include "provider/pulumi/schema.h"
#include "provider/pulumi/struct_codec.h"
#include "provider/resources/mesh_resource.h"
#include "provider/resources/node_resource.h"
#include "provider/terraform/dynamic_value.h"
#include "provider/terraform/provider_service.h"
#include "provider/terraform/tf_schema.h"
#include "provider/value_json.h"
#include "tests/protocol/invalid_catalogue.h"
#include "tests/protocol/loopback_hosts.h"

namespace wgmesh {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using catalogue::Answer;
using catalogue::Case;
using catalogue::CamelPath;
using catalogue::CaseInput;
using catalogue::CliPath;
using catalogue::Dotted;
using catalogue::JsonWithRawBytes;
using catalogue::LoadCases;
using catalogue::Matches;
using catalogue::RawBytes;
using catalogue::Show;

Value WithRawBytes(const Value& v) {
  if (v.is_string()) return Value::String(RawBytes(v.as_string()));
  if (v.has_members()) {
    Value out = v.is_map() ? Value::Map() : Value::Object();
    for (const auto& [k, m] : v.members()) out.Set(RawBytes(k), WithRawBytes(m));
    return out;
  }
  if (v.is_list()) {
    Value out = Value::List();
    for (const Value& e : v.elements()) out.Append(WithRawBytes(e));
    return out;
  }
  return v;
}


class InvalidCatalogue : public ::testing::Test {
 protected:
  // `wgmesh check` of the case's mesh written as YAML; the nodes get ssh
  // targets on the silent host unless the case sets one.
  Answer Cli(const json& mesh) {
    json doc = mesh;
    for (auto& [name, node] : doc["nodes"].items())
      if (node.is_object() && !node.contains("ssh"))
        node["ssh"] = absl::StrCat("root@127.0.0.1:", host_.port());
    // JSON is YAML; "\xHH" escapes become raw bytes inside its quoted strings.
    const std::string text = JsonWithRawBytes(doc);
    const fs::path file = fs::temp_directory_path() / absl::StrCat("wgmesh-catalogue-", getpid(), ".yaml");
    std::ofstream(file, std::ios::binary) << text;
    const std::string command = absl::StrCat(WGMESH_CLI_BINARY, " -f ", file.string(), " check 2>&1");
    Answer answer;
    FILE* out = popen(command.c_str(), "r");
    std::string all;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, out)) > 0) all.append(buf, n);
    const int status = pclose(out);
    fs::remove(file);
    EXPECT_NE(WEXITSTATUS(status), 0) << "wgmesh check accepted it:\n" << all;
    // "<file>: error: <path>: "<value>": <rule>" or "wgmesh: <file>:L:C: <path>: <what>".
    std::istringstream lines(all);
    for (std::string line; std::getline(lines, line);) {
      for (const std::string& marker : {std::string(": error: "), std::string(".yaml:")}) {
        size_t at = line.find(marker);
        if (at == std::string::npos) continue;
        std::string rest = line.substr(at + marker.size());
        if (marker != ": error: ") {  // skip L:C
          if (rest.find(": ") == std::string::npos) continue;
          rest = rest.substr(rest.find(": ") + 2);
        }
        answer.push_back(rest);
        break;
      }
    }
    return answer;
  }

  Answer Terraform(const Case& c, const json& input) {
    absl::StatusOr<Value> v = FromJson(input);
    EXPECT_TRUE(v.ok()) << v.status();
    const Value value = WithRawBytes(*v);
    auto& schema = terraform::TerraformSchema();
    google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic> diagnostics;
    if (c.resource == "provider") {
      tfplugin6::ValidateProviderConfig::Request req;
      *req.mutable_config() = Encode(value, schema.provider_type);
      tfplugin6::ValidateProviderConfig::Response resp;
      EXPECT_TRUE(tf_.ValidateProviderConfig(nullptr, &req, &resp).ok());
      diagnostics = resp.diagnostics();
    } else {
      const std::string type = c.resource == "mesh" ? "wgmesh_mesh" : "wgmesh_node";
      tfplugin6::ValidateResourceConfig::Request req;
      req.set_type_name(type);
      *req.mutable_config() = Encode(value, schema.resources.at(type).type);
      tfplugin6::ValidateResourceConfig::Response resp;
      EXPECT_TRUE(tf_.ValidateResourceConfig(nullptr, &req, &resp).ok());
      diagnostics = resp.diagnostics();
    }
    Answer answer;
    for (const auto& d : diagnostics) {
      if (d.severity() != tfplugin6::Diagnostic::ERROR) continue;
      std::string path;
      for (const auto& step : d.attribute().steps()) {
        std::string s = step.has_attribute_name()         ? step.attribute_name()
                        : step.has_element_key_string() ? step.element_key_string()
                                                        : std::to_string(step.element_key_int());
        path += (path.empty() ? "" : ".") + s;
      }
      // A value that does not decode has no attribute path: the detail names it.
      if (path.empty()) path = Dotted(d.detail().substr(0, d.detail().find(": ")));
      answer.push_back(absl::StrCat(path, ": ", d.summary(), " ", d.detail()));
    }
    return answer;
  }

  Answer Pulumi(const Case& c, const json& input) {
    absl::StatusOr<Value> v = FromJson(input);
    EXPECT_TRUE(v.ok()) << v.status();
    const std::string_view token = c.resource == "provider" ? pulumi::kProviderToken
                                   : c.resource == "mesh"   ? "wgmesh:index:Mesh"
                                                            : "wgmesh:index:Node";
    absl::StatusOr<google::protobuf::Struct> news =
        pulumi::ToStruct(names_.ToCamel(token, WithRawBytes(*v)));
    EXPECT_TRUE(news.ok()) << news.status();
    pulumirpc::CheckRequest req;
    req.set_urn(c.resource == "mesh" ? "urn:pulumi:dev::p::wgmesh:index:Mesh::m"
                                     : "urn:pulumi:dev::p::wgmesh:index:Node::a");
    *req.mutable_news() = *news;
    pulumirpc::CheckResponse resp;
    grpc::Status status = c.resource == "provider" ? pulumi_.CheckConfig(nullptr, &req, &resp)
                                                   : pulumi_.Check(nullptr, &req, &resp);
    Answer answer;
    // Inputs that do not decode are refused as a whole; the message names the path.
    if (!status.ok()) {
      std::string m = status.error_message();
      std::string rest = m.substr(m.find(": ") + 2);  // "inputs: <path>: <what>"
      answer.push_back(Dotted(rest));
    }
    for (const auto& f : resp.failures())
      answer.push_back(absl::StrCat(Dotted(f.property()), ": ", f.reason()));
    return answer;
  }

  static tfplugin6::DynamicValue Encode(const Value& v, const terraform::CtyType& type) {
    absl::StatusOr<tfplugin6::DynamicValue> dv = terraform::EncodeDynamicValue(v, type);
    EXPECT_TRUE(dv.ok()) << dv.status();
    return dv.ok() ? *dv : tfplugin6::DynamicValue();
  }
  static std::map<std::string, std::unique_ptr<resources::Resource>> TfHandlers() {
    std::map<std::string, std::unique_ptr<resources::Resource>> h;
    h["wgmesh:index:Mesh"] = std::make_unique<resources::MeshResource>();
    h["wgmesh:index:Node"] = std::make_unique<resources::NodeResource>();
    return h;
  }
  static std::vector<std::unique_ptr<resources::Resource>> PulumiHandlers() {
    std::vector<std::unique_ptr<resources::Resource>> h;
    h.push_back(std::make_unique<resources::MeshResource>());
    h.push_back(std::make_unique<resources::NodeResource>());
    return h;
  }

  testing::SilentHost host_;
  terraform::ProviderService tf_{TfHandlers(), nullptr};
  pulumi::EngineLog log_;
  pulumi::ProviderService pulumi_{PulumiHandlers(), &log_};
  const pulumi::SchemaModel& names_ = pulumi::SchemaModel::Embedded();
};

TEST_F(InvalidCatalogue, EveryCaseIsRefusedAtItsPathByEveryFrontEnd) {
  const std::vector<Case> cases = LoadCases();
  ASSERT_GE(cases.size(), 60u);
  std::map<std::string, int> checked;
  for (const Case& c : cases) {
    const absl::StatusOr<json> case_input = CaseInput(c, {{"port", host_.port()}});
    ASSERT_TRUE(case_input.ok()) << c.name << ": " << case_input.status();
    const json& input = *case_input;
    for (const std::string& front : c.fronts) {
      Answer answer;
      std::string path = c.path;
      if (front == "cli") {
        answer = Cli(input);
        path = CliPath(c.path);
      } else if (front == "terraform") {
        answer = Terraform(c, input);
      } else if (front == "pulumi") {
        answer = Pulumi(c, input);
        path = CamelPath(c.path, c.resource == "mesh");
      } else {
        ADD_FAILURE() << c.name << ": unknown front end " << front;
        continue;
      }
      EXPECT_TRUE(Matches(answer, path, c.rule))
          << c.name << " via " << front << ": expected " << path << ": ..." << c.rule
          << "...\ngot:\n"
          << Show(answer);
      ++checked[front];
    }
    EXPECT_FALSE(host_.Touched()) << c.name << ": a front end connected to a host";
  }
  for (const auto& [front, n] : checked) std::cout << front << ": " << n << " cases\n";
}

}  // namespace
}  // namespace wgmesh
