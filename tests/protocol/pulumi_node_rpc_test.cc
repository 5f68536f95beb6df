// The Node resource over pulumirpc, without the lab: previews never touch a
// host, replacements by path, partial failures recorded, Cancel aborts SSH
// work, progress reaches the engine. Hosts are real loopback sockets.

#include <chrono>
#include <future>
#include <thread>

#include "google/rpc/status.pb.h"
#include "tests/protocol/pulumi_fixture.h"
#include "tests/protocol/silent_host.h"

namespace wgmesh::pulumi::testing {
namespace {

using nlohmann::json;

using ::wgmesh::testing::SilentHost;

// A port where nothing listens (connection refused).
int ClosedPort() {
  SilentHost h;
  return h.port();
}

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

TEST_F(PulumiProviderTest, FailedCreateRecordsThePartialState) {
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
  ASSERT_TRUE(rich.ParseFromString(status.error_details()));
  ASSERT_EQ(rich.details_size(), 1);
  EXPECT_EQ(rich.details(0).type_url(), "type.googleapis.com/pulumirpc.ErrorResourceInitFailed");
  pulumirpc::ErrorResourceInitFailed init;
  ASSERT_TRUE(rich.details(0).UnpackTo(&init));
  EXPECT_FALSE(init.id().empty());
  EXPECT_EQ(J(init.properties()).at("inSync"), false);
  EXPECT_TRUE(IsSecret(J(init.properties()).at("config")));
  EXPECT_TRUE(J(init.inputs()).contains("connection"));
  EXPECT_GE(init.reasons_size(), 1);
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
  pulumirpc::ReadRequest read;
  read.set_urn(kNodeUrn);
  read.set_id("lab/root@127.0.0.1:1");
  *read.mutable_properties() = S(state.dump());
  pulumirpc::ReadResponse read_response;
  {
    grpc::ClientContext ctx;
    grpc::Status status = stub_->Read(&ctx, read, &read_response);
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.error_message().find("127.0.0.1"), std::string::npos)
        << status.error_message();
  }
  pulumirpc::DeleteRequest del;
  del.set_urn(kNodeUrn);
  del.set_id("lab/root@127.0.0.1:1");
  *del.mutable_properties() = S(state.dump());
  google::protobuf::Empty empty;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Delete(&ctx, del, &empty);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_message().find("Cannot remove mesh \"lab\""), std::string::npos)
      << status.error_message();
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
