// The catalogue of invalid inputs (tests/data/invalid) through the real engines,
// every case a configuration language can carry (no raw invalid UTF-8 byte):
//   `tofu plan`       of one configuration with a resource (or a provider
//                     configuration) per case, all of them: each must be refused
//                     in its own file, the provider's detail naming the case's
//                     attribute path (or a field inside it) and its rule;
//   `pulumi preview`  of a YAML program per case, the first case of each field
//                     (the engine stops at the first failed Check): refused
//                     naming the property path (camelCase) and the rule;
// while the Nodes' connections point at lab node 1 and no lab node's sshd sees
// a connection (its log, counted before and after).
// Run by tests/e2e/catalogue-engines.sh, which puts tofu (with the provider
// mirror) and pulumi (file backend) in place and exports the lab's lab.env.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/ssh/session.h"
#include "provider/pulumi/schema.h"
#include "provider/pulumi/schema.h"
#include "provider/value_json.h"
#include "tests/protocol/invalid_catalogue.h"
#include "tests/ssh/lab.h"

namespace wgmesh {
namespace {

using catalogue::Answer;
using catalogue::Case;
using nlohmann::json;
namespace fs = std::filesystem;
namespace lab = ssh::testing;

bool HasFront(const Case& c, const std::string& front) {
  return std::find(c.fronts.begin(), c.fronts.end(), front) != c.fronts.end();
}

// Engine template sequences in every string and key taken literally: OpenTofu
// reads "${" and "%{" in JSON configuration as templates, Pulumi YAML "${".
json Literal(const json& v, bool percent_too) {
  auto text = [&](const std::string& s) {
    std::string out = absl::StrReplaceAll(s, {{"${", "$${"}});
    return percent_too ? absl::StrReplaceAll(out, {{"%{", "%%{"}}) : out;
  };
  if (v.is_string()) return text(v.get<std::string>());
  if (v.is_array()) {
    json out = json::array();
    for (const json& e : v) out.push_back(Literal(e, percent_too));
    return out;
  }
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [k, e] : v.items()) out[text(k)] = Literal(e, percent_too);
    return out;
  }
  return v;
}

// HCL native syntax for a JSON value, one attribute or element per line (JSON
// syntax cannot be used: OpenTofu reads a resource's `connection` object in
// JSON as the provisioners' connection block). Strings must be Literal().
std::string Hcl(const json& v, int depth) {
  const std::string pad(2 * (depth + 1), ' '), end(2 * depth, ' ');
  if (v.is_object()) {
    if (v.empty()) return "{}";
    std::string out = "{\n";
    for (const auto& [k, e] : v.items()) out += pad + json(k).dump() + " = " + Hcl(e, depth + 1) + "\n";
    return out + end + "}";
  }
  if (v.is_array()) {
    if (v.empty()) return "[]";
    std::string out = "[\n";
    for (const json& e : v) out += pad + Hcl(e, depth + 1) + ",\n";
    return out + end + "]";
  }
  // JSON's escapes are HCL's, but for "\/" (never produced) and control
  // characters, which both write as \uNNNN.
  return v.dump();
}

// A block: its header line, then one `name = value` line per attribute.
std::string HclBlock(const std::string& header, const json& attributes,
                     const std::string& extra_line = "") {
  std::string out = header + " {\n";
  for (const auto& [k, v] : attributes.items()) out += "  " + k + " = " + Hcl(v, 1) + "\n";
  return out + extra_line + "}\n";
}

std::string RunIn(const fs::path& dir, const std::string& command, int* status) {
  return lab::Shell(absl::StrCat("cd '", dir.string(), "' && ", command, " 2>&1"), status);
}

// Lines of a node's sshd log that only a connection reaching authentication
// writes (a login, a refused or abandoned one): the banner probes of the lab
// watchdog write none of them.
int SshdAuthLines(const lab::Lab& l, int node) {
  auto session = ssh::Session::Connect(l.Options(node), nullptr);
  if (!session.ok()) {
    ADD_FAILURE() << "n" << node << ": " << session.status();
    return -1;
  }
  auto out = (*session)->RunScript(
      "grep -cE 'Accepted |authenticating user|Invalid user|Failed ' /var/log/sshd.log", nullptr);
  if (!out.ok() || out->exit_status > 1) {
    ADD_FAILURE() << "n" << node << ": cannot count sshd log lines";
    return -1;
  }
  return std::atoi(out->out.c_str());
}

class CatalogueEngines : public lab::LabTest {
 protected:
  void SetUp() override {
    lab::LabTest::SetUp();
    const char* work = std::getenv("WGMESH_CATALOGUE_WORK");
    ASSERT_NE(work, nullptr) << "run through tests/e2e/catalogue-engines.sh";
    work_ = work;
    const char* plugin = std::getenv("WGMESH_PULUMI_PLUGIN_DIR");
    ASSERT_NE(plugin, nullptr);
    plugin_dir_ = plugin;
    // Where every case's Node connects: lab node 1, its host key known. No
    // key (the engines print invalid inputs): a connection would still reach
    // sshd's authentication, which logs it.
    connection_ = {{"host", "127.0.0.1"},
                   {"port", lab().Port(1)},
                   {"user", "root"},
                   {"known_hosts_file", lab().known_hosts},
                   {"insecure_skip_host_key_check", false}};
  }

  // The cases `front` takes whose input a configuration language can carry.
  std::vector<std::pair<Case, json>> Representable(const std::string& front) {
    std::vector<std::pair<Case, json>> out;
    for (const Case& c : catalogue::LoadCases()) {
      if (!HasFront(c, front)) continue;
      absl::StatusOr<json> input = catalogue::CaseInput(c, connection_);
      EXPECT_TRUE(input.ok()) << c.name << ": " << input.status();
      if (!input.ok() || catalogue::HasRawBytes(*input)) continue;
      out.emplace_back(c, *std::move(input));
    }
    return out;
  }

  static std::string Id(const Case& c) { return c.name.substr(0, c.name.size() - 5); }

  fs::path work_;
  fs::path plugin_dir_;
  json connection_;
  const pulumi::SchemaModel& names_ = pulumi::SchemaModel::Embedded();
};

// One file per case (NAME.tf) in one configuration; `tofu plan -json`
// reports every error with the file and line it points at.
TEST_F(CatalogueEngines, OpenTofuPlanRefusesEveryCaseAtItsAttribute) {
  const auto cases = Representable("terraform");
  ASSERT_GE(cases.size(), 50u);
  const fs::path dir = work_ / "tofu";
  fs::create_directories(dir);
  std::ofstream(dir / "main.tf") << "terraform {\n  required_providers {\n    wgmesh = {\n"
                                    "      source = \"wgmesh.local/wgmesh/wgmesh\"\n    }\n  }\n}\n";
  for (const auto& [c, input] : cases) {
    const std::string id = Id(c);
    const json attributes = Literal(input, true);
    std::string text;
    if (c.resource == "provider") {
      text = HclBlock("provider \"wgmesh\"", attributes, "  alias = \"" + id + "\"\n") +
             // A resource that uses it: an unused provider configuration is not validated.
             HclBlock("resource \"wgmesh_mesh\" \"" + id + "\"",
                      {{"name", "pc"}, {"network", "10.0.0.0/24"}},
                      "  provider = wgmesh." + id + "\n");
    } else {
      text = HclBlock(absl::StrCat("resource \"", c.resource == "mesh" ? "wgmesh_mesh" : "wgmesh_node",
                                   "\" \"", id, "\""),
                      attributes);
    }
    std::ofstream(dir / (id + ".tf")) << text;
  }
  int status = 0;
  std::string out = RunIn(dir, "tofu init -input=false -no-color", &status);
  ASSERT_EQ(status, 0) << out;
  out = RunIn(dir, "tofu plan -json -input=false -lock=false", &status);
  EXPECT_NE(status, 0) << "tofu plan accepted the catalogue";

  // file -> errors: "<path>: <summary> <detail>". OpenTofu shows the source
  // range of the resource (of a top-level attribute at best), and the
  // provider's detail names the attribute path first: nodes["a"].addr: ...
  std::map<std::string, Answer> errors;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    json msg = json::parse(line, nullptr, false);
    if (!msg.is_object() || msg.value("type", "") != "diagnostic") continue;
    const json& d = msg["diagnostic"];
    if (d.value("severity", "") != "error" || !d.contains("range")) continue;
    const std::string detail = d.value("detail", "");
    errors[d["range"].value("filename", "")].push_back(
        absl::StrCat(catalogue::Dotted(detail.substr(0, detail.find_first_of(": "))), ": ",
                     d.value("summary", ""), " ", detail));
  }
  for (const auto& [c, input] : cases) {
    const Answer& answer = errors[Id(c) + ".tf"];
    // The path, or a field inside it ("connection.port" for "connection").
    bool named = false;
    for (const std::string& e : answer)
      named = named || ((e.rfind(c.path + ": ", 0) == 0 || e.rfind(c.path + ".", 0) == 0) &&
                        e.find(c.rule) != std::string::npos);
    EXPECT_TRUE(named) << c.name << ": expected " << c.path << ": ..." << c.rule << "...\ngot:\n"
                       << catalogue::Show(answer);
  }
  std::cout << "tofu plan: " << cases.size() << " cases\n";
}

// A Pulumi YAML program (written as JSON) with one case's resource, previewed.
// One case per preview: the engine stops at the first resource whose Check
// fails. The first case of each field (its name without the class: mesh-name,
// connection-host, ...) keeps the run short (about 2 s per preview).
TEST_F(CatalogueEngines, PulumiPreviewRefusesACaseOfEveryFieldAtItsProperty) {
  const fs::path dir = work_ / "pulumi";
  fs::create_directories(dir);
  const json plugins = {{"providers", {{{"name", "wgmesh"}, {"path", plugin_dir_}}}}};
  std::ofstream(dir / "Pulumi.yaml") << json{{"name", "catalogue"}, {"runtime", "yaml"}}.dump();
  int status = 0;
  std::string out = RunIn(dir, "pulumi stack select --create catalogue --non-interactive", &status);
  ASSERT_EQ(status, 0) << out;
  std::set<std::string> fields;
  for (const auto& [c, input] : Representable("pulumi")) {
    const std::string id = Id(c);
    if (!fields.insert(id.substr(0, id.rfind('-'))).second) continue;
    const std::string token = c.resource == "provider" ? std::string(pulumi::kProviderToken)
                              : c.resource == "mesh"   ? "wgmesh:index:Mesh"
                                                       : "wgmesh:index:Node";
    // camelCase names, as a program writes them.
    absl::StatusOr<Value> snake = FromJson(Literal(input, false));
    ASSERT_TRUE(snake.ok()) << c.name << ": " << snake.status();
    absl::StatusOr<json> props = ToJson(names_.ToCamel(token, *snake));
    ASSERT_TRUE(props.ok()) << c.name << ": " << props.status();
    json program = {{"name", "catalogue"}, {"runtime", "yaml"}, {"plugins", plugins}};
    program["resources"][id] = {{"type", token}, {"properties", *props}};
    std::ofstream(dir / "Pulumi.yaml") << program.dump(1);
    out = RunIn(dir, "pulumi preview --non-interactive --json", &status);
    EXPECT_NE(status, 0) << c.name << ": pulumi preview accepted it";
    // The JSON document after any text. "<type> resource '<name>': property
    // <path> value {<value>} has a problem: <reason>"
    json doc = json::parse(out.substr(std::min(out.find('{'), out.size())), nullptr, false);
    Answer answer;
    for (const json& d : doc.is_object() ? doc.value("diagnostics", json::array()) : json::array()) {
      std::string message = d.value("message", "");
      if (d.value("severity", "") != "error" || d.value("urn", "").find("::" + id) == std::string::npos)
        continue;
      const std::string prop = "': property ";
      if (size_t p = message.find(prop); p != std::string::npos) {
        std::string rest = message.substr(p + prop.size());
        message = absl::StrCat(catalogue::Dotted(rest.substr(0, rest.find(' '))), ": ", rest);
      }
      answer.push_back(message);
    }
    const std::string path = catalogue::CamelPath(c.path, c.resource == "mesh");
    EXPECT_TRUE(catalogue::Matches(answer, path, c.rule))
        << c.name << ": expected " << path << ": ..." << c.rule << "...\ngot:\n"
        << catalogue::Show(answer) << (doc.is_object() ? "" : out.substr(0, 2000));
  }
  std::cout << "pulumi preview: " << fields.size() << " cases\n";
}

}  // namespace
}  // namespace wgmesh

// Both engines together, between two counts of every node's sshd log.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const auto& l = wgmesh::lab::LoadLab();
  if (!l.ok()) {
    std::cerr << l.status() << "\n";
    return 1;
  }
  std::vector<int> before;
  for (int n = 1; n <= l->nodes; ++n) before.push_back(wgmesh::SshdAuthLines(*l, n));
  const int rc = RUN_ALL_TESTS();
  int touched = 0;
  for (int n = 1; n <= l->nodes; ++n) {
    // This count's own login is the one new line allowed.
    const int now = wgmesh::SshdAuthLines(*l, n);
    const int extra = now - before[n - 1] - 1;
    std::cout << "n" << n << ": sshd authentication lines " << before[n - 1] << " -> " << now << "\n";
    if (extra != 0) {
      std::cerr << "n" << n << ": " << extra << " SSH connection(s) during the engine runs\n";
      ++touched;
    }
  }
  return rc != 0 || touched != 0 ? 1 : 0;
}
