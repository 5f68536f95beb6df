// Malformed and hostile input to the core decoders (issue 10 item 6): each
// gives an error naming where it went wrong, never a crash (uncaught
// exception, stack overflow). The inputs that used to crash are here as
// regression cases.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "core/input_limits.h"
#include "core/json_reader.h"
#include "core/live_state.h"
#include "core/node_plan_json.h"
#include "core/spec_parse.h"

namespace wgmesh {
namespace {

using nlohmann::json;

// The YAML document's `prio` of node a after reading "prio: <scalar>".
json PrioOf(const std::string& scalar) {
  auto doc = ParseDocument("nodes:\n  a:\n    prio: " + scalar + "\n", DocFormat::kYaml, "t.yaml");
  EXPECT_TRUE(doc.ok()) << scalar << ": " << doc.status();
  return doc.ok() ? (*doc)["nodes"]["a"]["prio"] : json();
}

// The error SpecFromDocument reports at nodes.a.prio for the scalar.
std::string PrioProblem(const std::string& scalar) {
  auto doc = ParseDocument("nodes:\n  a:\n    prio: " + scalar + "\n", DocFormat::kYaml, "t.yaml");
  if (!doc.ok()) return std::string(doc.status().message());
  ParsedSpec p = SpecFromDocument(*doc);
  for (const auto& e : p.problems.errors())
    if (e.path == AttrPath({"nodes", "a", "prio"})) return e.rule;
  return "";
}

TEST(HostileInput, YamlNumbersResolveAsPyYamlDid) {
  EXPECT_EQ(PrioOf("100"), 100);
  EXPECT_EQ(PrioOf("+7"), 7);
  EXPECT_EQ(PrioOf("-3"), -3);
  EXPECT_EQ(PrioOf("1_000"), 1000);
  EXPECT_EQ(PrioOf("0"), 0);
  EXPECT_EQ(PrioOf("1.5"), 1.5);
  EXPECT_EQ(PrioOf("-.5"), -0.5);
  EXPECT_EQ(PrioOf("2.e2"), 200.0);
  EXPECT_EQ(PrioOf("1_0.0_1"), 10.01);
  // Not numbers: strings, as PyYAML kept them.
  for (const char* s : {"012", "1e5", "0x10", "1.2.3", "--1", "1_", "_1", "1.0e", "1.0e+", "abc"})
    EXPECT_TRUE(PrioOf(s).is_string() || PrioOf(s).is_number_integer()) << s;
  EXPECT_EQ(PrioOf("012"), "012");
  EXPECT_EQ(PrioOf("1e5"), "1e5");
}

TEST(HostileInput, MalformedOrHugeYamlNumbersAreFieldErrors) {
  // Each of these aborted with an uncaught std::invalid_argument or
  // std::out_of_range (std::stod), or overflowed the stack (std::regex).
  for (const std::string& s : {std::string("-."), std::string("."), std::string(".e5"),
                              std::string("-.e5"), std::string("1.0e999"), std::string("-1.0e999"),
                              std::string("99999999999999999999"), std::string(50000, '9'),
                              "1." + std::string(50000, '5')}) {
    EXPECT_EQ(PrioProblem(s), "must be an integer") << s.substr(0, 40);
  }
}

TEST(HostileInput, InvalidUtf8InYamlIsAnErrorAtItsPath) {
  auto bad_value = ParseDocument("name: \"m\xff\"\n", DocFormat::kYaml, "mesh.yaml");
  ASSERT_FALSE(bad_value.ok());
  EXPECT_NE(bad_value.status().message().find("mesh.yaml:1:7: name: is not valid UTF-8"),
            std::string::npos)
      << bad_value.status();
  auto bad_key = ParseDocument("nodes:\n  \xc3\x28: {addr: 10.0.0.1/24}\n", DocFormat::kYaml, "m.yaml");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("nodes: is not valid UTF-8"), std::string::npos)
      << bad_key.status();
  auto good = ParseDocument("name: \"m\xc3\xa9\"\n", DocFormat::kYaml, "mesh.yaml");
  EXPECT_TRUE(good.ok()) << good.status();
}

TEST(HostileInput, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));                      // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));                  // NUL is UTF-8
  for (const char* bad : {"\xff", "\xc3", "\xc3\x28", "\xc0\xaf", "\xe0\x80\xaf",
                          "\xed\xa0\x80" /* surrogate */, "\xf4\x90\x80\x80" /* > U+10FFFF */,
                          "\xf0\x9f\x98", "\x80", "\xf8\x88\x80\x80\x80"})
    EXPECT_FALSE(IsValidUtf8(bad)) << json(std::vector<uint8_t>(bad, bad + strlen(bad))).dump();
}

TEST(HostileInput, DeepNestingIsRefusedByEveryCoreDecoder) {
  const std::string deep_json = std::string(20000, '[') + std::string(20000, ']');
  auto as_mesh_json = ParseDocument(deep_json, DocFormat::kJson, "mesh.json");
  ASSERT_FALSE(as_mesh_json.ok());
  EXPECT_NE(as_mesh_json.status().message().find("nested deeper than 64"), std::string::npos)
      << as_mesh_json.status();

  auto as_yaml = ParseDocument("name: " + deep_json, DocFormat::kYaml, "mesh.yaml");
  EXPECT_FALSE(as_yaml.ok());
  const std::string yaml_64 = "name: " + std::string(64, '[') + std::string(64, ']');
  auto at_limit = ParseDocument(yaml_64, DocFormat::kYaml, "mesh.yaml");
  ASSERT_FALSE(at_limit.ok());
  EXPECT_NE(at_limit.status().message().find("nested deeper than 64"), std::string::npos)
      << at_limit.status();
  EXPECT_TRUE(ParseDocument("name: " + std::string(63, '[') + std::string(63, ']'),
                            DocFormat::kYaml, "mesh.yaml").ok());

  ParsedNodePlan plan = NodePlanFromText("{\"bridge\":" + deep_json + "}");
  ASSERT_TRUE(plan.problems.has_errors());
  EXPECT_NE(plan.problems.ToString().find("nested deeper than 64"), std::string::npos)
      << plan.problems.ToString();
}

TEST(HostileInput, YamlAliasesCannotExpandWithoutEnd) {
  // Nine levels of ten aliases: 10^9 values once expanded.
  std::string yaml = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = "*l" + std::to_string(i - 1);
    yaml += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) yaml += (k ? ", " : "") + prev;
    yaml += "]\n";
  }
  auto doc = ParseDocument(yaml, DocFormat::kYaml, "mesh.yaml");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("more than 1000000 values"), std::string::npos)
      << doc.status();
}

TEST(HostileInput, JsonErrorsNeverEchoTheTextTheyStoppedAt) {
  // A node config holds keys: a parse error must not quote them.
  ParsedNodePlan p = NodePlanFromText("{\"private_key\": \"c2VjcmV0LXNlY3JldC1zZWNyZXQ");
  ASSERT_TRUE(p.problems.has_errors());
  EXPECT_EQ(p.problems.ToString().find("c2VjcmV0"), std::string::npos) << p.problems.ToString();
  EXPECT_NE(p.problems.ToString().find("line 1"), std::string::npos) << p.problems.ToString();
  auto invalid = ParseJsonText("{\"name\": \"\xff\"}");
  EXPECT_FALSE(invalid.ok());
}

TEST(HostileInput, ProblemTextCannotForgeLinesOrThrow) {
  Problems p;
  p.Error(AttrPath("nodes").Child("c\nerror: forged").Child("addr"), "v\xff", "rule");
  const std::string text = p.ToString();  // nlohmann threw on the invalid byte
  EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
  EXPECT_NE(text.find("nodes.\"c\\nerror: forged\".addr"), std::string::npos) << text;
}

TEST(HostileInput, HostOutputMustBeUtf8) {
  // A `wg show dump` line from a hostile host: its fields reach `show -j`,
  // where nlohmann::json threw on the byte.
  const std::string output =
      "@@wgmesh tools\n@@wgmesh links\n[]\n@@wgmesh routes\n"
      "@@wgmesh wg\n-\tPUB\t51820\toff\n"
      "KEY\t(none)\t1.2.3.4:5\xff\t(none)\t0\t0\t0\toff\n"
      "@@wgmesh config\nabsent\n@@wgmesh end\n";
  auto live = ParseLiveState(output);
  ASSERT_FALSE(live.ok());
  EXPECT_NE(live.status().message().find("not UTF-8"), std::string::npos) << live.status();
  std::string fixed = output;
  fixed.replace(fixed.find("\xff"), 1, "0");
  EXPECT_TRUE(ParseLiveState(fixed).ok());
}

TEST(HostileInput, HostNumbersOutOfIntegerRangeReadAsAbsent) {
  // Found by the ip_json fuzzer: `"mtu": 1.5e115` from a hostile `ip -j` was
  // converted to int64 (undefined behaviour); a float or an unsigned beyond
  // int64 is no value `ip` prints, so it reads as absent.
  for (const std::string mtu : {"1.50056e+115", "1420.5", "18446744073709551615", "-1e300"}) {
    const std::string output =
        "@@wgmesh tools\n@@wgmesh links\n[{\"ifname\":\"wg-m\",\"ifindex\":7,\"mtu\":" + mtu +
        "}]\n@@wgmesh routes\n@@wgmesh wg\n"
        "@@wgmesh config\nabsent\n@@wgmesh end\n";
    auto live = ParseLiveState(output);
    ASSERT_TRUE(live.ok()) << mtu << ": " << live.status();
    ASSERT_EQ(live->links.count("wg-m"), 1u) << mtu;
    EXPECT_EQ(live->links.at("wg-m").mtu, 0) << mtu;
    EXPECT_EQ(live->links.at("wg-m").ifindex, 7) << mtu;
  }
}

}  // namespace
}  // namespace wgmesh
