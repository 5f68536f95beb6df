// The Node handler without the lab: planning is pure (outputs from config,
// in_sync planned true, replacement on another identity or host), connection
// settings resolve node > provider > schema default, import ids parse, and a
// host that refuses connections is an error that keeps state, never "gone".
#include "provider/resources/node_resource.h"

#include <gtest/gtest.h>

#include "core/node_plan_json.h"
#include "provider/resources/mesh_resource.h"
#include "provider/resources/node_connection.h"

namespace wgmesh::resources {
namespace {

// Two node configs from a real mesh plan.
std::map<std::string, std::string> MeshConfigs(std::string name = "lab") {
  auto node = [](std::string addr, std::string endpoint) {
    Value n = Value::Object();
    n.Set("addr", Value::String(std::move(addr)));
    n.Set("endpoint", Value::String(std::move(endpoint)));
    return n;
  };
  Value in = Value::Object();
  in.Set("name", Value::String(std::move(name)));
  in.Set("network", Value::String("10.0.0.0/24"));
  in.Set("nodes", Value::Map({{"a", node("10.0.0.1/24", "192.0.2.1")}, {"b", node("10.0.0.2/24", "192.0.2.2")}}));
  MeshResource mesh;
  Context ctx;
  ApplyResult created = mesh.Create(mesh.Plan(Value::Null(), in, ctx).planned_state, ctx);
  std::map<std::string, std::string> out;
  EXPECT_FALSE(created.state.is_null()) << created.diagnostics.size();
  if (created.state.is_null()) return out;
  for (const auto& [k, v] : created.state.Get("node_configs")->members()) out[k] = v.as_string();
  return out;
}

Value Inputs(const std::string& config, const std::string& host = "127.0.0.1", int64_t port = 1) {
  Value conn = Value::Object();
  conn.Set("host", Value::String(host));
  conn.Set("port", Value::Int(port));
  conn.Set("dial_error_limit", Value::Int(1));
  conn.Set("per_dial_timeout", Value::Int(2));
  Value in = Value::Object();
  in.Set("config", Value::String(config));
  in.Set("connection", conn);
  return in;
}

class NodeResourceTest : public ::testing::Test {
 protected:
  NodeResource node;
  Context ctx;
  std::map<std::string, std::string> configs = MeshConfigs();
};

TEST_F(NodeResourceTest, PlanTakesOutputsFromConfigAndPlansInSync) {
  PlanResult plan = node.Plan(Value::Null(), Inputs(configs["a"]), ctx);
  ASSERT_FALSE(HasErrors(plan.diagnostics));
  Value s = plan.planned_state;
  // The owner id is the instance's own, made when it is created.
  EXPECT_TRUE(s.Get("owner_id")->is_unknown());
  s.Set("owner_id", Value::String("x"));
  ASSERT_TRUE(s.IsWhollyKnown());
  ParsedNodePlan a = NodePlanFromText(configs["a"]);
  EXPECT_EQ(*s.Get("mesh"), Value::String("lab"));
  EXPECT_EQ(*s.Get("node_name"), Value::String("a"));
  EXPECT_EQ(*s.Get("public_key"), Value::String(a.plan.public_key));
  EXPECT_EQ(*s.Get("interface_name"), Value::String("wg-lab"));
  EXPECT_EQ(*s.Get("bridge_address"), Value::String("10.0.0.1/24"));
  EXPECT_EQ(*s.Get("in_sync"), Value::Bool(true));
  EXPECT_EQ(*s.Get("drift"), Value::List());
  EXPECT_EQ(*s.Get("remove_config_on_delete"), Value::Bool(true));
  EXPECT_TRUE(s.Get("config")->secret());
  // Connection defaults are resolved into the plan.
  EXPECT_EQ(*s.Get("connection")->Get("user"), Value::String("root"));
  EXPECT_EQ(*s.Get("connection")->Get("command_timeout"), Value::Int(300));
}

TEST_F(NodeResourceTest, UnknownConfigPlansUnknownOutputs) {
  Value in = Inputs("");
  in.Set("config", Value::Unknown());
  PlanResult plan = node.Plan(Value::Null(), in, ctx);
  ASSERT_FALSE(HasErrors(plan.diagnostics));
  EXPECT_TRUE(plan.planned_state.Get("public_key")->is_unknown());
  EXPECT_EQ(*plan.planned_state.Get("in_sync"), Value::Bool(true));
}

TEST_F(NodeResourceTest, DriftInPriorStatePlansAnInPlaceRepair) {
  PlanResult first = node.Plan(Value::Null(), Inputs(configs["a"]), ctx);
  Value drifted = first.planned_state;
  drifted.Set("in_sync", Value::Bool(false));
  drifted.Set("drift", Value::List({Value::String("peer b missing")}));
  PlanResult plan = node.Plan(drifted, Inputs(configs["a"]), ctx);
  EXPECT_TRUE(plan.replace_paths.empty());
  EXPECT_EQ(*plan.planned_state.Get("in_sync"), Value::Bool(true));
  EXPECT_NE(plan.planned_state, drifted);
}

TEST_F(NodeResourceTest, AnotherIdentityOrHostReplacesTheNode) {
  Value prior = node.Plan(Value::Null(), Inputs(configs["a"]), ctx).planned_state;
  EXPECT_TRUE(node.Plan(prior, Inputs(configs["a"]), ctx).replace_paths.empty());
  PlanResult other_node = node.Plan(prior, Inputs(configs["b"]), ctx);
  ASSERT_EQ(other_node.replace_paths.size(), 1u);
  EXPECT_EQ(other_node.replace_paths[0], Path{PathStep::Attribute("config")});
  PlanResult other_mesh = node.Plan(prior, Inputs(MeshConfigs("other")["a"]), ctx);
  EXPECT_EQ(other_mesh.replace_paths.size(), 1u);
  PlanResult other_host = node.Plan(prior, Inputs(configs["a"], "192.0.2.50"), ctx);
  ASSERT_EQ(other_host.replace_paths.size(), 1u);
  EXPECT_EQ(other_host.replace_paths[0],
            (Path{PathStep::Attribute("connection"), PathStep::Attribute("host")}));
}

TEST_F(NodeResourceTest, AConfigThatIsNotANodeDocumentIsADiagnosticOnConfig) {
  CheckResult r = node.Check(Inputs("{\"format\": 1}"), ctx);
  ASSERT_TRUE(HasErrors(r.diagnostics));
  EXPECT_EQ(r.diagnostics[0].path, Path{PathStep::Attribute("config")});
  EXPECT_FALSE(HasErrors(node.Check(Inputs(configs["a"]), ctx).diagnostics));
}

TEST_F(NodeResourceTest, ConnectionSettingsResolveNodeThenProviderThenDefault) {
  Value provider = Value::Object();
  provider.Set("user", Value::String("admin"));
  provider.Set("private_key", Value::String("PROVIDER-KEY"));
  provider.Set("known_hosts_file", Value::String("/etc/kh"));
  Value conn = Value::Object();
  conn.Set("host", Value::String("h"));
  Value resolved = ResolveConnectionDefaults(conn, provider);
  EXPECT_EQ(*resolved.Get("user"), Value::String("admin"));
  EXPECT_EQ(resolved.Get("private_key"), nullptr);  // provider secrets stay out of state
  absl::StatusOr<ssh::ConnectOptions> o = ToConnectOptions(resolved, provider);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->target.port, 22);
  EXPECT_EQ(o->target.credentials.user, "admin");
  EXPECT_EQ(o->target.credentials.private_key, "PROVIDER-KEY");
  EXPECT_EQ(o->target.host_key.known_hosts_file, "/etc/kh");
  EXPECT_TRUE(o->sudo);  // not root
  conn.Set("user", Value::String("root"));
  conn.Set("private_key", Value::String("NODE-KEY"));
  o = ToConnectOptions(ResolveConnectionDefaults(conn, provider), provider);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->target.credentials.private_key, "NODE-KEY");
  EXPECT_FALSE(o->sudo);
}

// Issue 10 item 7: near 9.2e9 s the deadline arithmetic overflowed.
TEST(NodeConnectionTest, TimeoutsHaveAMaximum) {
  Value conn = Value::Object();
  conn.Set("host", Value::String("h"));
  conn.Set("command_timeout", Value::Int(9200000000));
  absl::StatusOr<ssh::ConnectOptions> o = ToConnectOptions(conn, Value::Null());
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("command_timeout at most 86400 seconds"), std::string::npos)
      << o.status();
  conn.Set("command_timeout", Value::Int(86400));
  EXPECT_TRUE(ToConnectOptions(conn, Value::Null()).ok());
  conn.Set("per_dial_timeout", Value::Int(INT64_MAX));
  EXPECT_FALSE(ToConnectOptions(conn, Value::Null()).ok());
  // The provider-wide default is held to the same maximum.
  Value provider = Value::Object();
  provider.Set("command_timeout", Value::Int(86401));
  conn = Value::Object();
  conn.Set("host", Value::String("h"));
  EXPECT_FALSE(ToConnectOptions(conn, provider).ok());
}

TEST(ImportIdTest, ParsesEveryDocumentedForm) {
  auto full = ParseImportId("lab/admin@192.0.2.1:2222");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->mesh, "lab");
  EXPECT_EQ(full->user, "admin");
  EXPECT_EQ(full->host, "192.0.2.1");
  EXPECT_EQ(full->port, 2222);
  auto bare = ParseImportId("lab/host.example");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->user, "");
  EXPECT_EQ(bare->port, 22);
  auto v6 = ParseImportId("lab/root@[fd00:10::1]:22");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "fd00:10::1");
  for (const char* bad : {"lab", "/h", "lab/", "lab/h:", "lab/h:0", "lab/h:x", "lab/fd00::1",
                          "lab/@h", "lab/[fd00::1"})
    EXPECT_FALSE(ParseImportId(bad)) << bad;
}

TEST_F(NodeResourceTest, IdRoundTripsThroughImportIdParsing) {
  Value s = node.Plan(Value::Null(), Inputs(configs["a"], "fd00:10::1", 22), ctx).planned_state;
  std::string id = node.Id(s);
  EXPECT_EQ(id, "lab/root@[fd00:10::1]:22");
  auto parsed = ParseImportId(id);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->host, "fd00:10::1");
}

// A real fault: nothing listens on 127.0.0.1:1.
TEST_F(NodeResourceTest, AnUnreachableHostIsAnErrorThatKeepsState) {
  Value planned = node.Plan(Value::Null(), Inputs(configs["a"]), ctx).planned_state;
  ApplyResult created = node.Create(planned, ctx);
  ASSERT_TRUE(HasErrors(created.diagnostics));
  EXPECT_NE(created.diagnostics[0].summary.find("127.0.0.1"), std::string::npos)
      << created.diagnostics[0].summary;
  ASSERT_FALSE(created.state.is_null());  // recorded (tainted): the next apply converges
  EXPECT_EQ(*created.state.Get("in_sync"), Value::Bool(false));
  // A failed read is an error with the prior state, never "gone".
  ApplyResult read = node.Read(planned, ctx);
  EXPECT_TRUE(HasErrors(read.diagnostics));
  EXPECT_EQ(read.state, planned);
  // No secret in any message.
  ParsedNodePlan a = NodePlanFromText(configs["a"]);
  for (const Diagnostic& d : created.diagnostics) {
    EXPECT_EQ(d.summary.find(a.plan.private_key), std::string::npos);
    EXPECT_EQ(d.detail.find(a.plan.private_key), std::string::npos);
  }
}

TEST_F(NodeResourceTest, ACancelledOperationStopsWithoutTouchingTheHost) {
  ssh::CancelToken cancel;
  cancel.Cancel();
  Context cancelled;
  cancelled.cancel = &cancel;
  Value planned = node.Plan(Value::Null(), Inputs(configs["a"]), ctx).planned_state;
  auto start = std::chrono::steady_clock::now();
  ApplyResult r = node.Create(planned, cancelled);
  EXPECT_TRUE(HasErrors(r.diagnostics));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
}  // namespace wgmesh::resources
