// The Mesh handler: core validation as diagnostics on Value paths, exact plans
// from the seed in state, unknowns only where truly unknown.
#include "provider/resources/mesh_resource.h"

#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "core/node_plan_json.h"

namespace wgmesh::resources {
namespace {

Value Node(std::string addr, std::string endpoint = "") {
  Value n = Value::Object();
  n.Set("addr", Value::String(std::move(addr)));
  if (!endpoint.empty()) n.Set("endpoint", Value::String(std::move(endpoint)));
  return n;
}

Value Inputs(ValueMap nodes) {
  Value in = Value::Object();
  in.Set("name", Value::String("lab"));
  in.Set("network", Value::String("10.0.0.0/24"));
  in.Set("nodes", Value::Map(std::move(nodes)));
  return in;
}

Value ThreeNodes() {
  return Inputs({{"a", Node("10.0.0.1/24", "192.0.2.1")},
                 {"b", Node("10.0.0.2/24", "192.0.2.2")},
                 {"c", Node("10.0.0.3/24", "192.0.2.3")}});
}

const Value& At(const Value& v, std::string_view key) {
  const Value* m = v.Get(key);
  EXPECT_NE(m, nullptr) << key;
  static const Value null;
  return m ? *m : null;
}

class MeshResourceTest : public ::testing::Test {
 protected:
  MeshResource mesh;
  Context ctx;

  Value CreateFrom(const Value& inputs) {
    PlanResult plan = mesh.Plan(Value::Null(), inputs, ctx);
    EXPECT_FALSE(HasErrors(plan.diagnostics));
    ApplyResult created = mesh.Create(plan.planned_state, ctx);
    EXPECT_TRUE(created.diagnostics.empty());
    return created.state;
  }
};

TEST_F(MeshResourceTest, EachCoreProblemIsADiagnosticOnItsValuePath) {
  Value in = Inputs({{"web.example", Node("10.1.0.1/24")}, {"b", Node("10.0.0.2/24", "h")}});
  CheckResult r = mesh.Check(in, ctx);
  ASSERT_TRUE(HasErrors(r.diagnostics));
  Path want = {PathStep::Attribute("nodes"), PathStep::Key("web.example"),
               PathStep::Attribute("addr")};
  bool found = false;
  for (const Diagnostic& d : r.diagnostics) found |= d.path == want;
  EXPECT_TRUE(found) << "no diagnostic at nodes[\"web.example\"].addr";
}

TEST_F(MeshResourceTest, ATypeErrorInsideAListPointsAtTheElement) {
  Value in = ThreeNodes();
  Value nodes = At(in, "nodes");
  Value a = At(nodes, "a");
  a.Set("peers", Value::List({Value::String("b"), Value::String("nobody")}));
  nodes.Set("a", a);
  in.Set("nodes", nodes);
  in.Set("full", Value::Bool(false));
  CheckResult r = mesh.Check(in, ctx);
  ASSERT_TRUE(HasErrors(r.diagnostics));
  Path want = {PathStep::Attribute("nodes"), PathStep::Key("a"), PathStep::Attribute("peers"),
               PathStep::Index(1)};
  bool found = false;
  for (const Diagnostic& d : r.diagnostics) found |= d.path == want;
  EXPECT_TRUE(found) << r.diagnostics[0].summary << " at " << PathString(r.diagnostics[0].path);
}

TEST_F(MeshResourceTest, UnknownInputsAreNotErrors) {
  Value in = ThreeNodes();
  in.Set("network", Value::Unknown());
  EXPECT_FALSE(HasErrors(mesh.Check(in, ctx).diagnostics));
  PlanResult plan = mesh.Plan(Value::Null(), in, ctx);
  EXPECT_FALSE(HasErrors(plan.diagnostics));
  EXPECT_TRUE(At(plan.planned_state, "node_configs").is_unknown());
}

// The paths of the error diagnostics, in HCL form.
std::set<std::string> ErrorPaths(const Diagnostics& diagnostics) {
  std::set<std::string> out;
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Diagnostic::Severity::kError) out.insert(PathString(d.path));
  return out;
}

Value WithNodeField(Value in, const std::string& node, const std::string& field, Value v) {
  Value nodes = At(in, "nodes");
  Value n = At(nodes, node);
  n.Set(field, std::move(v));
  nodes.Set(node, n);
  in.Set("nodes", nodes);
  return in;
}

// Issue 9 item 4: an endpoint taken from another resource must not hide a bad
// address: every rule whose inputs are known is checked.
TEST_F(MeshResourceTest, RulesWithKnownInputsAreCheckedWhileOthersAreUnknown) {
  Value in = WithNodeField(ThreeNodes(), "a", "endpoint", Value::Unknown());
  in = WithNodeField(in, "b", "addr", Value::String("10.9.0.2/24"));
  EXPECT_EQ(ErrorPaths(mesh.Check(in, ctx).diagnostics),
            std::set<std::string>{"nodes[\"b\"].addr"});
  PlanResult plan = mesh.Plan(Value::Null(), in, ctx);
  EXPECT_EQ(ErrorPaths(plan.diagnostics), std::set<std::string>{"nodes[\"b\"].addr"});

  // Duplicate addresses, a bad name and a bad port are known too.
  in = WithNodeField(ThreeNodes(), "a", "endpoint", Value::Unknown());
  in = WithNodeField(in, "c", "addr", Value::String("10.0.0.2/24"));
  in = WithNodeField(in, "b", "listen_port", Value::Int(70000));
  in.Set("name", Value::String("bad name"));
  EXPECT_EQ(ErrorPaths(mesh.Check(in, ctx).diagnostics),
            (std::set<std::string>{"name", "nodes[\"b\"].listen_port", "nodes[\"c\"].addr"}));
}

// A bare IPv6 endpoint that the original tool and wg read as address and
// port ("fd00:10::2:5320": port 5320) is refused at its path, naming both
// readings, as the CLI refuses it (tests/unit/endpoint_test.cc).
TEST_F(MeshResourceTest, AmbiguousIpv6EndpointIsAnErrorAtItsPath) {
  Value in = WithNodeField(ThreeNodes(), "a", "endpoint", Value::String("fd00:10::2:5320"));
  CheckResult r = mesh.Check(in, ctx);
  EXPECT_EQ(ErrorPaths(r.diagnostics), std::set<std::string>{"nodes[\"a\"].endpoint"});
  std::string text;
  for (const Diagnostic& d : r.diagnostics) absl::StrAppend(&text, d.summary, " ", d.detail, "\n");
  EXPECT_NE(text.find("is ambiguous"), std::string::npos) << text;
  EXPECT_NE(text.find("[fd00:10::2]:5320"), std::string::npos) << text;
  // Bracketed, each reading is accepted.
  for (const char* endpoint : {"[fd00:10::2]:5320", "[fd00:10::2:5320]"})
    EXPECT_FALSE(HasErrors(
        mesh.Check(WithNodeField(ThreeNodes(), "a", "endpoint", Value::String(endpoint)), ctx)
            .diagnostics))
        << endpoint;
}

TEST_F(MeshResourceTest, RulesThatDependOnAnUnknownInputWait) {
  // Unknown network: no address can be judged against it.
  Value in = WithNodeField(ThreeNodes(), "b", "addr", Value::String("10.9.0.2/24"));
  in.Set("network", Value::Unknown());
  EXPECT_TRUE(ErrorPaths(mesh.Check(in, ctx).diagnostics).empty());
  // Two nodes on one host, one port unknown: not (yet) a duplicate endpoint.
  in = WithNodeField(ThreeNodes(), "b", "endpoint", Value::String("192.0.2.1"));
  in = WithNodeField(in, "b", "listen_port", Value::Unknown());
  EXPECT_TRUE(ErrorPaths(mesh.Check(in, ctx).diagnostics).empty());
  // ... and with both ports known and equal it is an error.
  in = WithNodeField(ThreeNodes(), "b", "endpoint", Value::String("192.0.2.1"));
  in.Set("key_epoch", Value::Unknown());
  EXPECT_EQ(ErrorPaths(mesh.Check(in, ctx).diagnostics),
            std::set<std::string>{"nodes[\"b\"].endpoint"});
  // An unknown peers list: the topology waits.
  in = WithNodeField(ThreeNodes(), "a", "peers", Value::Unknown());
  in.Set("full", Value::Bool(false));
  EXPECT_TRUE(ErrorPaths(mesh.Check(in, ctx).diagnostics).empty());
}

TEST_F(MeshResourceTest, OneSidedPeersGiveNoWarning) {
  Value in = WithNodeField(ThreeNodes(), "a", "peers", Value::List({Value::String("b")}));
  in = WithNodeField(in, "b", "peers", Value::List({Value::String("c")}));
  in = WithNodeField(in, "c", "peers", Value::List({Value::String("a")}));
  in.Set("full", Value::Bool(false));
  EXPECT_TRUE(mesh.Check(in, ctx).diagnostics.empty());
}

TEST_F(MeshResourceTest, CreatePlanHasDefaultsKnownMtusAndUnknownKeys) {
  PlanResult plan = mesh.Plan(Value::Null(), ThreeNodes(), ctx);
  ASSERT_FALSE(HasErrors(plan.diagnostics));
  const Value& s = plan.planned_state;
  EXPECT_EQ(At(s, "full"), Value::Bool(true));
  EXPECT_EQ(At(s, "stp"), Value::String("auto"));
  EXPECT_EQ(At(At(At(s, "nodes"), "a"), "listen_port"), Value::Int(51820));
  const Value* prio = At(At(s, "nodes"), "a").Get("prio");
  EXPECT_TRUE(prio == nullptr || prio->is_null());  // no default: stays unset
  EXPECT_EQ(At(s, "wireguard_mtu"), Value::Int(1420));
  EXPECT_EQ(At(s, "bridge_mtu"), Value::Int(1362));
  for (const char* k : {"seed", "public_keys", "tunnel_addresses", "node_configs"})
    EXPECT_TRUE(At(s, k).is_unknown()) << k;
}

TEST_F(MeshResourceTest, CreateDrawsASecretSeedAndEveryOutput) {
  Value state = CreateFrom(ThreeNodes());
  ASSERT_TRUE(state.IsWhollyKnown());
  EXPECT_EQ(At(state, "seed").as_string().size(), 44u);
  EXPECT_TRUE(At(state, "seed").secret());
  EXPECT_TRUE(At(state, "node_configs").secret());
  EXPECT_FALSE(At(state, "public_keys").secret());
  EXPECT_EQ(At(state, "public_keys").members().size(), 3u);
  ParsedNodePlan a = NodePlanFromText(At(At(state, "node_configs"), "a").as_string());
  EXPECT_FALSE(a.problems.has_errors());
  EXPECT_EQ(a.plan.public_key, At(At(state, "public_keys"), "a").as_string());
  EXPECT_EQ(a.plan.peers.size(), 2u);
  // Two creates draw two seeds.
  EXPECT_NE(At(CreateFrom(ThreeNodes()), "seed"), At(state, "seed"));
}

TEST_F(MeshResourceTest, PlanAfterCreateIsExactAndEmptyWhenNothingChanged) {
  Value state = CreateFrom(ThreeNodes());
  PlanResult again = mesh.Plan(state, ThreeNodes(), ctx);
  ASSERT_FALSE(HasErrors(again.diagnostics));
  EXPECT_EQ(again.planned_state, state);
  EXPECT_TRUE(again.replace_paths.empty());
}

TEST_F(MeshResourceTest, AddingANodeIsKnownAtPlanTimeAndChangesOnlyPeersOfOthers) {
  Value state = CreateFrom(ThreeNodes());
  Value in = ThreeNodes();
  Value nodes = At(in, "nodes");
  nodes.Set("d", Node("10.0.0.4/24", "192.0.2.4"));
  in.Set("nodes", nodes);
  PlanResult plan = mesh.Plan(state, in, ctx);
  ASSERT_FALSE(HasErrors(plan.diagnostics));
  const Value& configs = At(plan.planned_state, "node_configs");
  ASSERT_FALSE(configs.is_unknown());
  ASSERT_TRUE(configs.IsWhollyKnown());
  EXPECT_EQ(configs.members().size(), 4u);
  // Existing nodes keep their keys.
  EXPECT_EQ(At(At(plan.planned_state, "public_keys"), "a"), At(At(state, "public_keys"), "a"));
  ParsedNodePlan before = NodePlanFromText(At(At(state, "node_configs"), "a").as_string());
  ParsedNodePlan after = NodePlanFromText(At(configs, "a").as_string());
  EXPECT_EQ(before.plan.private_key, after.plan.private_key);
  EXPECT_EQ(after.plan.peers.size(), 3u);
  // Update produces exactly the plan (Terraform rejects anything else).
  ApplyResult updated = mesh.Update(state, plan.planned_state, ctx);
  EXPECT_TRUE(updated.diagnostics.empty());
  EXPECT_EQ(updated.state, plan.planned_state);
}

TEST_F(MeshResourceTest, BumpingKeyEpochRotatesEveryKeyAtPlanTime) {
  Value state = CreateFrom(ThreeNodes());
  Value in = ThreeNodes();
  in.Set("key_epoch", Value::Int(1));
  PlanResult plan = mesh.Plan(state, in, ctx);
  ASSERT_FALSE(HasErrors(plan.diagnostics));
  for (const char* n : {"a", "b", "c"})
    EXPECT_NE(At(At(plan.planned_state, "public_keys"), n), At(At(state, "public_keys"), n)) << n;
  EXPECT_EQ(At(plan.planned_state, "tunnel_addresses"), At(state, "tunnel_addresses"));
}

TEST_F(MeshResourceTest, AnUnknownEndpointLeavesConfigsUnknownButKeysOfTheSeedStay) {
  Value state = CreateFrom(ThreeNodes());
  Value in = ThreeNodes();
  Value nodes = At(in, "nodes");
  Value b = At(nodes, "b");
  b.Set("endpoint", Value::Unknown());
  nodes.Set("b", b);
  in.Set("nodes", nodes);
  PlanResult plan = mesh.Plan(state, in, ctx);
  ASSERT_FALSE(HasErrors(plan.diagnostics));
  EXPECT_TRUE(At(plan.planned_state, "node_configs").is_unknown());
  EXPECT_EQ(At(plan.planned_state, "seed"), At(state, "seed"));
}

TEST_F(MeshResourceTest, ImportIsRefusedWithAReason) {
  ApplyResult r = mesh.Import("lab", ctx);
  EXPECT_TRUE(r.state.is_null());
  ASSERT_TRUE(HasErrors(r.diagnostics));
  EXPECT_NE(r.diagnostics[0].detail.find("seed"), std::string::npos);
}

TEST_F(MeshResourceTest, DeleteAndReadNeedNoHost) {
  Value state = CreateFrom(ThreeNodes());
  EXPECT_EQ(mesh.Read(state, ctx).state, state);
  EXPECT_TRUE(mesh.Delete(state, ctx).state.is_null());
  EXPECT_EQ(mesh.Id(state), "lab");
}

}  // namespace
}  // namespace wgmesh::resources
