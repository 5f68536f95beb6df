// The Node resource over pulumirpc, without the lab: previews never touch a
// host, replacements by path, a failed create that changed nothing records
// nothing, Cancel aborts SSH work, progress reaches the engine. Hosts are real
// loopback sockets.

#include <chrono>
#include <future>
#include <thread>

#include "google/rpc/status.pb.h"
#include "tests/protocol/loopback_hosts.h"
#include "tests/protocol/pulumi_fixture.h"

namespace wgmesh::pulumi::testing {
namespace {

using nlohmann::json;

using wgmesh::testing::ClosedPort;
using wgmesh::testing::SilentHost;

json NodeInputs(const std::string& config, int port, int dial_limit = 1) {
  return {{"config", config},
          {"connection",
           {{"host", "127.0.0.1"},
            {"port", port},
            {"insecureSkipHostKeyCheck", true},
            {"dialErrorLimit", dial_limit},
            {"perDialTimeout", 30}}}};
}

TEST_F(PulumiProviderTest, NodePreviewNeverTouchesTheHost) {
  SilentHost host;
  std::string config = NodeConfig(CreateMesh(), "a");
  pulumirpc::CheckRequest check;
  check.set_urn(kNodeUrn);
  *check.mutable_news() = S(NodeInputs(config, host.port()).dump());
  pulumirpc::CheckResponse checked;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Check(&ctx, check, &checked).ok());
  }
  EXPECT_EQ(checked.failures_size(), 0);
  json inputs = J(checked.inputs());
  EXPECT_TRUE(IsSecret(inputs.at("config")));  // a secret input stays secret

  pulumirpc::CreateRequest create;
  create.set_urn(kNodeUrn);
  create.set_preview(true);
  *create.mutable_properties() = checked.inputs();
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Create(&ctx, create, &response).ok());
  json p = J(response.properties());
  EXPECT_EQ(p.at("nodeName"), "a");
  EXPECT_EQ(p.at("mesh"), "lab");
  EXPECT_EQ(p.at("interfaceName"), "wg-lab");
  EXPECT_TRUE(ContainsUnknown(p.at("ownerId")));  // made when the instance is created
  p.erase("ownerId");
  EXPECT_FALSE(ContainsUnknown(p));  // the rest follows from the config
  EXPECT_TRUE(IsSecret(p.at("config")));
  EXPECT_FALSE(host.Touched());
}

TEST_F(PulumiProviderTest, NodePreviewWithUnknownConfigIsUnknownOnlyThere) {
  SilentHost host;
  pulumirpc::CreateRequest create;
  create.set_urn(kNodeUrn);
  create.set_preview(true);
  *create.mutable_properties() = S(NodeInputs(kUnknownJson, host.port()).dump());
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Create(&ctx, create, &response).ok());
  json p = J(response.properties());
  EXPECT_TRUE(ContainsUnknown(p.at("publicKey")));
  EXPECT_FALSE(ContainsUnknown(p.at("connection")));
  EXPECT_FALSE(host.Touched());
}

TEST_F(PulumiProviderTest, NodeCheckNamesBadConfigAndConnection) {
  pulumirpc::CheckRequest check;
  check.set_urn(kNodeUrn);
  json inputs = NodeInputs("{\"format\":1}", 22);
  inputs["connection"]["port"] = 0;
  *check.mutable_news() = S(inputs.dump());
  pulumirpc::CheckResponse checked;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Check(&ctx, check, &checked).ok());
  std::set<std::string> paths;
  for (const auto& f : checked.failures()) paths.insert(f.property());
  EXPECT_TRUE(paths.contains("config")) << ::testing::PrintToString(paths);
  EXPECT_TRUE(paths.contains("connection")) << ::testing::PrintToString(paths);
}

TEST_F(PulumiProviderTest, NodeHostChangeIsAReplacementDeletedFirst) {
  json inputs = NodeInputs(NodeConfig(CreateMesh(), "a"), 22);
  json news = inputs;
  news["connection"]["host"] = "127.0.0.2";
  pulumirpc::DiffRequest request;
  request.set_urn(kNodeUrn);
  *request.mutable_olds() = S(PreviewCreate(kNodeUrn, inputs).dump());
  *request.mutable_old_inputs() = S(inputs.dump());
  *request.mutable_news() = S(news.dump());
  pulumirpc::DiffResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Diff(&ctx, request, &response).ok());
  EXPECT_EQ(response.changes(), pulumirpc::DiffResponse::DIFF_SOME);
  ASSERT_EQ(response.replaces_size(), 1);
  EXPECT_EQ(response.replaces(0), "connection");
  EXPECT_EQ(response.detaileddiff().at("connection.host").kind(),
            pulumirpc::PropertyDiff::UPDATE_REPLACE);
  EXPECT_TRUE(response.deletebeforereplace());
}

// Issue 9 item 2: a host computed by another resource of the same update is
// unknown in preview; the preview must already say "replace".
TEST_F(PulumiProviderTest, NodeUnknownHostPreviewsAReplacement) {
  json inputs = NodeInputs(NodeConfig(CreateMesh(), "a"), 22);
  auto diff = [&](const json& news) {
    pulumirpc::DiffRequest request;
    request.set_urn(kNodeUrn);
    *request.mutable_olds() = S(PreviewCreate(kNodeUrn, inputs).dump());
    *request.mutable_old_inputs() = S(inputs.dump());
    *request.mutable_news() = S(news.dump());
    pulumirpc::DiffResponse response;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub_->Diff(&ctx, request, &response).ok());
    return response;
  };
  json news = inputs;
  news["connection"]["host"] = kUnknownJson;
  pulumirpc::DiffResponse unknown_host = diff(news);
  ASSERT_EQ(unknown_host.replaces_size(), 1);
  EXPECT_EQ(unknown_host.replaces(0), "connection");
  EXPECT_EQ(unknown_host.stables_size(), 0);

  // An unknown config with the identity given: an update, and the identity is stable.
  news = inputs;
  news["config"] = kUnknownJson;
  news["mesh"] = "lab";
  news["nodeName"] = "a";
  pulumirpc::DiffResponse given = diff(news);
  EXPECT_EQ(given.replaces_size(), 0);
  std::set<std::string> stables(given.stables().begin(), given.stables().end());
  EXPECT_TRUE(stables.contains("mesh") && stables.contains("nodeName"))
      << ::testing::PrintToString(stables);
  // Without it, the identity is unknown: a replacement.
  news.erase("mesh");
  news.erase("nodeName");
  EXPECT_EQ(diff(news).replaces_size(), 1);
}

TEST_F(PulumiProviderTest, NodeDriftFromRefreshIsAnUpdate) {
  // After a refresh found the host drifted, the state says so; the next diff
  // plans the repair although no input changed.
  json inputs = NodeInputs(NodeConfig(CreateMesh(), "a"), 22);
  json state = PreviewCreate(kNodeUrn, inputs);
  pulumirpc::DiffRequest request;
  request.set_urn(kNodeUrn);
  *request.mutable_olds() = S(state.dump());
  *request.mutable_old_inputs() = S(inputs.dump());
  *request.mutable_news() = S(inputs.dump());
  pulumirpc::DiffResponse same;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Diff(&ctx, request, &same).ok());
  }
  EXPECT_EQ(same.changes(), pulumirpc::DiffResponse::DIFF_NONE);

  state["inSync"] = false;
  state["drift"] = json::array({"peer b: missing"});
  *request.mutable_olds() = S(state.dump());
  pulumirpc::DiffResponse drifted;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Diff(&ctx, request, &drifted).ok());
  EXPECT_EQ(drifted.changes(), pulumirpc::DiffResponse::DIFF_SOME);
  EXPECT_EQ(drifted.replaces_size(), 0);
  ASSERT_TRUE(drifted.detaileddiff().contains("inSync"));
  EXPECT_FALSE(drifted.detaileddiff().at("inSync").inputdiff());
}

// Nothing listens: the create changed nothing, so it records nothing (no
// ErrorResourceInitFailed with a partial state that a destroy would need).
TEST_F(PulumiProviderTest, FailedCreateThatChangedNothingRecordsNoState) {
  std::string config = NodeConfig(CreateMesh(), "a");
  pulumirpc::CreateRequest create;
  create.set_urn(kNodeUrn);
  *create.mutable_properties() = S(NodeInputs(config, ClosedPort()).dump());
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Create(&ctx, create, &response);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error_message().find("127.0.0.1"), std::string::npos) << status.error_message();
  google::rpc::Status rich;
  if (!status.error_details().empty()) {
    ASSERT_TRUE(rich.ParseFromString(status.error_details()));
    EXPECT_EQ(rich.details_size(), 0);
  }
  EXPECT_EQ(response.id(), "");
}

TEST_F(PulumiProviderTest, CancelAbortsAHangingConnection) {
  SilentHost host;
  std::string config = NodeConfig(CreateMesh(), "a");
  pulumirpc::CreateRequest create;
  create.set_urn(kNodeUrn);
  *create.mutable_properties() = S(NodeInputs(config, host.port(), 3).dump());
  const auto start = std::chrono::steady_clock::now();
  auto pending = std::async(std::launch::async, [&] {
    pulumirpc::CreateResponse response;
    grpc::ClientContext ctx;
    return stub_->Create(&ctx, create, &response);
  });
  // Wait until the provider is connected (the host sees it), then cancel.
  while (!host.Touched() && std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(host.Touched());
  {
    google::protobuf::Empty empty;
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Cancel(&ctx, {}, &empty).ok());
  }
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(10)), std::future_status::ready)
      << "Create did not return after Cancel (the dial timeout is 3 x 30 s)";
  grpc::Status status = pending.get();
  EXPECT_FALSE(status.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

// Pulumi sends Cancel before it closes a plugin; a reused plugin process
// (PULUMI_DEBUG_PROVIDERS) is configured again for the next deployment and
// must work then. Nothing listens on the port: the error says why the
// connection failed, not "cancelled".
TEST_F(PulumiProviderTest, ConfigureAfterCancelLetsOperationsRunAgain) {
  std::string config = NodeConfig(CreateMesh(), "a");
  auto create = [&] {
    pulumirpc::CreateRequest request;
    request.set_urn(kNodeUrn);
    *request.mutable_properties() = S(NodeInputs(config, ClosedPort()).dump());
    pulumirpc::CreateResponse response;
    grpc::ClientContext ctx;
    return stub_->Create(&ctx, request, &response);
  };
  Cancel();
  grpc::Status cancelled = create();
  ASSERT_FALSE(cancelled.ok());
  EXPECT_NE(cancelled.error_message().find("cancelled"), std::string::npos)
      << cancelled.error_message();

  Configure();
  grpc::Status refused = create();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_message().find("cancelled"), std::string::npos)
      << refused.error_message();
  EXPECT_NE(refused.error_message().find("refused"), std::string::npos) << refused.error_message();
}

// customTimeouts reach the host operation: a host that never answers, a dial
// timeout of 3 x 30 s, and a create limited to 1 s.
TEST_F(PulumiProviderTest, CustomTimeoutsBoundTheHostOperation) {
  SilentHost host;
  pulumirpc::CreateRequest create;
  create.set_urn(kNodeUrn);
  *create.mutable_properties() = S(NodeInputs(NodeConfig(CreateMesh(), "a"), host.port(), 3).dump());
  create.set_timeout(1);
  const auto start = std::chrono::steady_clock::now();
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Create(&ctx, create, &response);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error_message().find("timed out after 1s"), std::string::npos)
      << status.error_message();
}

// forgetUnreachable: a host gone for good (nothing listens) no longer blocks
// refresh and destroy; a warning says what happened.
TEST_F(PulumiProviderTest, ForgetUnreachableLetsRefreshAndDeleteProceed) {
  json inputs = NodeInputs(NodeConfig(CreateMesh(), "a"), ClosedPort());
  inputs["forgetUnreachable"] = true;
  json state = PreviewCreate(kNodeUrn, inputs);
  EXPECT_EQ(state.at("forgetUnreachable"), true);
  pulumirpc::ReadResponse read_response;
  grpc::Status read = ReadNode(state, &read_response);
  ASSERT_TRUE(read.ok()) << read.error_message();
  EXPECT_EQ(read_response.id(), "");  // gone
  grpc::Status deleted = DeleteNode(state);
  EXPECT_TRUE(deleted.ok()) << deleted.error_message();
  int warnings = 0;
  for (const pulumirpc::LogRequest& r : engine_.requests())
    if (r.severity() == pulumirpc::WARNING &&
        r.message().find("Host unreachable") != std::string::npos)
      ++warnings;
  EXPECT_EQ(warnings, 2);
}

TEST_F(PulumiProviderTest, HostStepsReachTheEngineAsEphemeralLines) {
  std::string config = NodeConfig(CreateMesh(), "a");
  pulumirpc::CreateRequest create;
  create.set_urn(kNodeUrn);
  *create.mutable_properties() = S(NodeInputs(config, ClosedPort()).dump());
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  (void)stub_->Create(&ctx, create, &response);
  int progress = 0;
  for (const pulumirpc::LogRequest& r : engine_.requests()) {
    if (r.ephemeral() && r.urn() == kNodeUrn) ++progress;
    EXPECT_EQ(r.message().find("private_key"), std::string::npos);
  }
  EXPECT_GE(progress, 1);
}

// A host that cannot be reached is an error, never "gone": a refresh must not
// drop the node from the state, a destroy must not forget it.
TEST_F(PulumiProviderTest, UnreachableHostIsAnErrorForRefreshAndDelete) {
  json state = PreviewCreate(kNodeUrn, NodeInputs(NodeConfig(CreateMesh(), "a"), ClosedPort()));
  pulumirpc::ReadResponse read_response;
  grpc::Status read = ReadNode(state, &read_response);
  EXPECT_FALSE(read.ok());
  EXPECT_NE(read.error_message().find("127.0.0.1"), std::string::npos) << read.error_message();
  grpc::Status deleted = DeleteNode(state);
  EXPECT_FALSE(deleted.ok());
  EXPECT_NE(deleted.error_message().find("Cannot remove mesh \"lab\""), std::string::npos)
      << deleted.error_message();
}

TEST_F(PulumiProviderTest, ImportWithABadIdSaysWhatAnIdLooksLike) {
  pulumirpc::ReadRequest request;
  request.set_urn(kNodeUrn);
  request.set_id("no-slash-here");
  pulumirpc::ReadResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Read(&ctx, request, &response);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_message().find("<mesh>/"), std::string::npos) << status.error_message();
}

}  // namespace
}  // namespace wgmesh::pulumi::testing
