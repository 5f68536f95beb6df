// The Node handler without the lab: planning is pure (outputs from config,
// in_sync planned true, replacement on another identity or host), connection
// settings resolve node > provider > schema default, import ids parse, and a
// host that refuses connections is an error that keeps state (nothing on a
// first create), never "gone".
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

// Issue 9 item 2: a value that decides replacement but is not known at plan
// (a host from a VM created in the same apply) plans a replacement, so the
// apply cannot turn an update into a replacement.
TEST_F(NodeResourceTest, AnUnknownHostWithAPriorHostReplaces) {
  Value prior = node.Plan(Value::Null(), Inputs(configs["a"]), ctx).planned_state;
  Value in = Inputs(configs["a"]);
  Value conn = *in.Get("connection");
  conn.Set("host", Value::Unknown());
  in.Set("connection", conn);
  PlanResult plan = node.Plan(prior, in, ctx);
  ASSERT_FALSE(HasErrors(plan.diagnostics));
  EXPECT_EQ(plan.replace_paths,
            (std::vector<Path>{{PathStep::Attribute("connection"), PathStep::Attribute("host")}}));
  in.Set("connection", Value::Unknown());
  EXPECT_EQ(node.Plan(prior, in, ctx).replace_paths,
            (std::vector<Path>{{PathStep::Attribute("connection"), PathStep::Attribute("host")}}));
  // On create there is nothing to replace.
  EXPECT_TRUE(node.Plan(Value::Null(), in, ctx).replace_paths.empty());
}

TEST_F(NodeResourceTest, AnUnknownConfigReplacesUnlessTheIdentityIsGiven) {
  Value prior = node.Plan(Value::Null(), Inputs(configs["a"]), ctx).planned_state;
  Value in = Inputs(configs["a"]);
  in.Set("config", Value::Unknown());
  PlanResult unknown = node.Plan(prior, in, ctx);
  EXPECT_EQ(unknown.replace_paths, std::vector<Path>{{PathStep::Attribute("config")}});
  EXPECT_TRUE(unknown.planned_state.Get("mesh")->is_unknown());

  // With mesh and node_name set, the identity is known while the config is not:
  // an in-place update, and the plan shows the identity.
  in.Set("mesh", Value::String("lab"));
  in.Set("node_name", Value::String("a"));
  PlanResult given = node.Plan(prior, in, ctx);
  ASSERT_FALSE(HasErrors(given.diagnostics));
  EXPECT_TRUE(given.replace_paths.empty());
  EXPECT_EQ(*given.planned_state.Get("mesh"), Value::String("lab"));
  EXPECT_EQ(*given.planned_state.Get("node_name"), Value::String("a"));

  // Another given identity replaces, named by its own attribute.
  in.Set("mesh", Value::String("other"));
  EXPECT_EQ(node.Plan(prior, in, ctx).replace_paths,
            std::vector<Path>{{PathStep::Attribute("mesh")}});
  in.Set("mesh", Value::Unknown());
  EXPECT_EQ(node.Plan(prior, in, ctx).replace_paths,
            std::vector<Path>{{PathStep::Attribute("mesh")}});
}

TEST_F(NodeResourceTest, AGivenIdentityMustMatchTheConfig) {
  Value in = Inputs(configs["a"]);
  in.Set("mesh", Value::String("lab"));
  in.Set("node_name", Value::String("b"));
  CheckResult checked = node.Check(in, ctx);
  ASSERT_EQ(checked.diagnostics.size(), 1u);
  EXPECT_EQ(checked.diagnostics[0].path, Path{PathStep::Attribute("node_name")});
  EXPECT_NE(checked.diagnostics[0].detail.find("\"a\""), std::string::npos);
  PlanResult plan = node.Plan(Value::Null(), in, ctx);
  EXPECT_TRUE(HasErrors(plan.diagnostics));
  in.Set("node_name", Value::String("a"));
  in.Set("mesh", Value::String("bad name"));
  in.Set("config", Value::Unknown());
  checked = node.Check(in, ctx);
  ASSERT_EQ(checked.diagnostics.size(), 1u);
  EXPECT_EQ(checked.diagnostics[0].path, Path{PathStep::Attribute("mesh")});
}

TEST_F(NodeResourceTest, AConfigThatIsNotANodeDocumentIsADiagnosticOnConfig) {
  CheckResult r = node.Check(Inputs("{\"format\": 1}"), ctx);
  ASSERT_TRUE(HasErrors(r.diagnostics));
  EXPECT_EQ(r.diagnostics[0].path, Path{PathStep::Attribute("config")});
  EXPECT_FALSE(HasErrors(node.Check(Inputs(configs["a"]), ctx).diagnostics));
}

// Issue 10 item 7: skipping the host key check is a warning on every plan.
TEST_F(NodeResourceTest, SkippingTheHostKeyCheckIsAWarning) {
  EXPECT_TRUE(node.Check(Inputs(configs["a"]), ctx).diagnostics.empty());
  Context insecure;
  insecure.provider_config = Value::Object();
  insecure.provider_config.Set("insecure_skip_host_key_check", Value::Bool(true));
  Diagnostics d = node.Check(Inputs(configs["a"]), insecure).diagnostics;
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_EQ(d[0].path, (Path{PathStep::Attribute("connection"),
                             PathStep::Attribute("insecure_skip_host_key_check")}));
  EXPECT_NE(d[0].detail.find("127.0.0.1:1"), std::string::npos) << d[0].detail;
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

// Issue 10 item 7: the mesh part of an import id becomes host paths.
TEST_F(NodeResourceTest, AnImportIdWithABadMeshNameTouchesNoHost) {
  for (const char* id : {"../etc/root@127.0.0.1:1", "a b/127.0.0.1:1", "x;id/127.0.0.1:1"}) {
    ApplyResult r = node.Import(id, ctx);
    ASSERT_TRUE(HasErrors(r.diagnostics)) << id;
    EXPECT_TRUE(r.state.is_null());
    EXPECT_NE(r.diagnostics[0].detail.find("is not a mesh name"), std::string::npos)
        << id << ": " << r.diagnostics[0].detail;
  }
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
  // Nothing changed on the host, so nothing is recorded: no tainted object whose
  // destroy would need the connection that just failed.
  EXPECT_TRUE(created.state.is_null());
  // An update that cannot connect keeps the prior state, marked out of sync.
  ApplyResult updated = node.Update(planned, planned, ctx);
  ASSERT_TRUE(HasErrors(updated.diagnostics));
  ASSERT_FALSE(updated.state.is_null());
  EXPECT_EQ(*updated.state.Get("in_sync"), Value::Bool(false));
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
  auto cancel = std::make_shared<CancelToken>();
  cancel->Cancel();
  Context cancelled;
  cancelled.cancel = cancel;
  Value planned = node.Plan(Value::Null(), Inputs(configs["a"]), ctx).planned_state;
  auto start = std::chrono::steady_clock::now();
  ApplyResult r = node.Create(planned, cancelled);
  EXPECT_TRUE(HasErrors(r.diagnostics));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
}  // namespace wgmesh::resources
