// The Mesh resource over pulumirpc: Check failures by property path, previews
// that know what can be known, secrets wrapped, diffs by property path.
#include "tests/protocol/pulumi_fixture.h"

namespace wgmesh::pulumi::testing {
namespace {

using nlohmann::json;

constexpr char kInputs[] = R"({"name":"lab","network":"10.0.0.0/24","nodes":{
    "a":{"addr":"10.0.0.1/24","endpoint":"192.0.2.1"},
    "b":{"addr":"10.0.0.2/24","endpoint":"192.0.2.2"},
    "c":{"addr":"10.0.0.3/24","endpoint":"192.0.2.3"}}})";

std::vector<std::string> FailurePaths(const pulumirpc::CheckResponse& r) {
  std::vector<std::string> out;
  for (const auto& f : r.failures()) out.push_back(f.property());
  return out;
}

TEST_F(PulumiProviderTest, CheckNamesEachInvalidPropertyInCamelCase) {
  pulumirpc::CheckRequest request;
  request.set_urn(kMeshUrn);
  *request.mutable_news() = S(R"({"name":"lab","network":"10.0.0.0/24","nodes":{
      "a":{"addr":"10.0.0.1/24","listenPort":70000},
      "web.example":{"addr":"10.9.0.2/24"}}})");
  pulumirpc::CheckResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Check(&ctx, request, &response).ok());
  std::vector<std::string> paths = FailurePaths(response);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "nodes.a.listenPort"), paths.end())
      << ::testing::PrintToString(paths);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "nodes[\"web.example\"].addr"), paths.end())
      << ::testing::PrintToString(paths);
  for (const auto& f : response.failures()) EXPECT_FALSE(f.reason().empty());
}

// `pulumi preview` shows the ambiguous bare IPv6 endpoint at its property,
// with both readings in the reason.
TEST_F(PulumiProviderTest, CheckRefusesAnAmbiguousIpv6EndpointAtItsProperty) {
  json news = json::parse(kInputs);
  news["nodes"]["b"]["endpoint"] = "fd00:10::2:5320";
  pulumirpc::CheckRequest request;
  request.set_urn(kMeshUrn);
  *request.mutable_news() = S(news.dump());
  pulumirpc::CheckResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Check(&ctx, request, &response).ok());
  ASSERT_EQ(FailurePaths(response), std::vector<std::string>{"nodes.b.endpoint"});
  const std::string& reason = response.failures(0).reason();
  EXPECT_NE(reason.find("is ambiguous"), std::string::npos) << reason;
  EXPECT_NE(reason.find("write [fd00:10::2]:5320"), std::string::npos) << reason;
}

// Issue 9 item 7: the engine prints a CheckFailure's property itself, so the
// reason does not repeat it; a warning names its path once and is logged by
// Check only (not again by Diff), and one-sided peers are no warning at all.
TEST_F(PulumiProviderTest, DiagnosticsNameTheirPathOnceAndWarnOnce) {
  pulumirpc::CheckRequest request;
  request.set_urn(kMeshUrn);
  *request.mutable_news() = S(R"({"name":"lab","network":"10.0.0.0/24","nodes":{
      "a":{"addr":"10.9.0.1/24","endpoint":"192.0.2.1"},
      "b":{"addr":"10.0.0.2/24","endpoint":"192.0.2.2"}}})");
  pulumirpc::CheckResponse response;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Check(&ctx, request, &response).ok());
  }
  ASSERT_EQ(response.failures_size(), 1);
  EXPECT_EQ(response.failures(0).property(), "nodes.a.addr");
  EXPECT_EQ(response.failures(0).reason().find("nodes"), std::string::npos)
      << response.failures(0).reason();

  // One-sided peers (a lists b, c lists a) on a partial mesh: no warning. Peers
  // on a full mesh: one warning naming nodes.a.peers once.
  json one_sided = json::parse(kInputs);
  one_sided["full"] = false;
  one_sided["nodes"]["a"]["peers"] = {"b"};
  one_sided["nodes"]["c"]["peers"] = {"a"};
  json full = json::parse(kInputs);
  full["nodes"]["a"]["peers"] = {"b"};
  auto warnings = [&] {
    std::vector<std::string> out;
    for (const pulumirpc::LogRequest& r : engine_.requests())
      if (r.severity() == pulumirpc::WARNING) out.push_back(r.message());
    return out;
  };
  for (const json& news : {one_sided, full}) {
    pulumirpc::CheckRequest check;
    check.set_urn(kMeshUrn);
    *check.mutable_news() = S(news.dump());
    pulumirpc::CheckResponse checked;
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Check(&ctx, check, &checked).ok());
    EXPECT_EQ(checked.failures_size(), 0);
    if (news == one_sided) {
      EXPECT_TRUE(warnings().empty()) << ::testing::PrintToString(warnings());
    }
  }
  // The Diff of the full-mesh inputs plans with the same warning: not logged again.
  pulumirpc::DiffRequest diff;
  diff.set_urn(kMeshUrn);
  *diff.mutable_olds() = S(CreateMesh().dump());
  *diff.mutable_old_inputs() = S(kInputs);
  *diff.mutable_news() = S(full.dump());
  pulumirpc::DiffResponse diffed;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Diff(&ctx, diff, &diffed).ok());
  std::vector<std::string> logged = warnings();
  ASSERT_EQ(logged.size(), 1u) << ::testing::PrintToString(logged);
  const std::string& w = logged[0];
  EXPECT_EQ(w.find("nodes.a.peers"), 0u) << w;
  EXPECT_EQ(w.find("peers", 10), std::string::npos) << w;  // named once
}

TEST_F(PulumiProviderTest, CheckFillsDefaultsAndKeepsNodeNames) {
  pulumirpc::CheckRequest request;
  request.set_urn(kMeshUrn);
  *request.mutable_news() = S(kInputs);
  pulumirpc::CheckResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Check(&ctx, request, &response).ok());
  EXPECT_EQ(response.failures_size(), 0);
  json inputs = J(response.inputs());
  EXPECT_EQ(inputs.at("underlayMtu"), 1500);
  EXPECT_EQ(inputs.at("nodes").at("a").at("listenPort"), 51820);
  EXPECT_TRUE(inputs.at("nodes").contains("c"));
}

TEST_F(PulumiProviderTest, CheckWithUnknownsPassesThem) {
  pulumirpc::CheckRequest request;
  request.set_urn(kMeshUrn);
  *request.mutable_news() = S(std::string(R"({"name":"lab","network":"10.0.0.0/24","nodes":{
      "b":{"addr":"10.0.0.2/24","endpoint":"192.0.2.2"},
      "a":{"addr":"10.0.0.1/24","endpoint":")") + kUnknownJson + R"("}}})");
  pulumirpc::CheckResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Check(&ctx, request, &response).ok());
  EXPECT_EQ(response.failures_size(), 0);
  EXPECT_EQ(J(response.inputs()).at("nodes").at("a").at("endpoint"), kUnknownJson);
}

TEST_F(PulumiProviderTest, PreviewCreateLeavesOnlyTheSeedOutputsUnknown) {
  pulumirpc::CreateRequest request;
  request.set_urn(kMeshUrn);
  request.set_preview(true);
  *request.mutable_properties() = S(kInputs);
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Create(&ctx, request, &response).ok());
  json p = J(response.properties());
  EXPECT_EQ(p.at("name"), "lab");
  EXPECT_EQ(p.at("wireguardMtu"), 1420);  // computed from known inputs
  EXPECT_TRUE(ContainsUnknown(p.at("seed")));
  EXPECT_TRUE(ContainsUnknown(p.at("publicKeys")));
  EXPECT_TRUE(ContainsUnknown(p.at("nodeConfigs")));
  EXPECT_FALSE(ContainsUnknown(p.at("nodes")));
}

TEST_F(PulumiProviderTest, CreateWrapsEverySecretOutput) {
  json p = CreateMesh();
  EXPECT_FALSE(ContainsUnknown(p));
  EXPECT_TRUE(IsSecret(p.at("seed")));
  EXPECT_TRUE(IsSecret(p.at("nodeConfigs")));
  EXPECT_FALSE(IsSecret(p.at("publicKeys")));
  EXPECT_EQ(p.at("publicKeys").size(), 3u);
  // No private key appears outside a secret.
  json plain = p;
  plain.erase("seed");
  plain.erase("nodeConfigs");
  EXPECT_EQ(plain.dump().find("private_key"), std::string::npos);
  EXPECT_NE(NodeConfig(p, "a").find("private_key"), std::string::npos);
}

TEST_F(PulumiProviderTest, DiffWithoutChangesIsNone) {
  json mesh = CreateMesh();
  pulumirpc::DiffRequest request;
  request.set_urn(kMeshUrn);
  request.set_id("lab");
  *request.mutable_olds() = S(mesh.dump());
  *request.mutable_news() = S(mesh.dump());
  pulumirpc::DiffResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Diff(&ctx, request, &response).ok());
  EXPECT_EQ(response.changes(), pulumirpc::DiffResponse::DIFF_NONE);
  EXPECT_TRUE(response.hasdetaileddiff());
  EXPECT_EQ(response.detaileddiff().size(), 0u);
}

TEST_F(PulumiProviderTest, DiffShowsAddedNodeAndChangedEndpointByPath) {
  json mesh = CreateMesh();
  json news = json::parse(kInputs);
  news["nodes"]["a"]["endpoint"] = "198.51.100.1";
  news["nodes"]["d"] = {{"addr", "10.0.0.4/24"}};
  pulumirpc::DiffRequest request;
  request.set_urn(kMeshUrn);
  request.set_id("lab");
  *request.mutable_olds() = S(mesh.dump());
  *request.mutable_old_inputs() = S(kInputs);
  *request.mutable_news() = S(news.dump());
  pulumirpc::DiffResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Diff(&ctx, request, &response).ok());
  EXPECT_EQ(response.changes(), pulumirpc::DiffResponse::DIFF_SOME);
  EXPECT_EQ(response.replaces_size(), 0);
  const auto& d = response.detaileddiff();
  ASSERT_TRUE(d.contains("nodes.a.endpoint"));
  EXPECT_EQ(d.at("nodes.a.endpoint").kind(), pulumirpc::PropertyDiff::UPDATE);
  EXPECT_TRUE(d.at("nodes.a.endpoint").inputdiff());
  ASSERT_TRUE(d.contains("nodes.d"));
  EXPECT_EQ(d.at("nodes.d").kind(), pulumirpc::PropertyDiff::ADD);
  EXPECT_EQ(response.diffs(0), "nodes");
  // Outputs that follow are shown too, known exactly: d's new public key.
  ASSERT_TRUE(d.contains("publicKeys.d"));
  EXPECT_EQ(d.at("publicKeys.d").kind(), pulumirpc::PropertyDiff::ADD);
  EXPECT_FALSE(d.at("publicKeys.d").inputdiff());
}

TEST_F(PulumiProviderTest, PreviewUpdateIsExactOnceTheSeedExists) {
  json mesh = CreateMesh();
  json news = json::parse(kInputs);
  news["nodes"]["a"]["endpoint"] = "198.51.100.1";
  pulumirpc::UpdateRequest request;
  request.set_urn(kMeshUrn);
  request.set_id("lab");
  request.set_preview(true);
  *request.mutable_olds() = S(mesh.dump());
  *request.mutable_news() = S(news.dump());
  pulumirpc::UpdateResponse preview;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Update(&ctx, request, &preview).ok());
  }
  json planned = J(preview.properties());
  EXPECT_FALSE(ContainsUnknown(planned));
  EXPECT_TRUE(IsSecret(planned.at("nodeConfigs")));
  // The applied update produces exactly what the preview showed.
  request.set_preview(false);
  pulumirpc::UpdateResponse applied;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Update(&ctx, request, &applied).ok());
  EXPECT_EQ(J(applied.properties()), planned);
  // b's config changed (a's endpoint is in it), a's own did not.
  EXPECT_EQ(NodeConfig(planned, "a"), NodeConfig(mesh, "a"));
  EXPECT_NE(NodeConfig(planned, "b"), NodeConfig(mesh, "b"));
}

TEST_F(PulumiProviderTest, ReadKeepsTheMeshAndImportIsRefused) {
  json mesh = CreateMesh();
  pulumirpc::ReadRequest request;
  request.set_urn(kMeshUrn);
  request.set_id("lab");
  *request.mutable_properties() = S(mesh.dump());
  *request.mutable_inputs() = S(kInputs);
  pulumirpc::ReadResponse response;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Read(&ctx, request, &response).ok());
  }
  EXPECT_EQ(response.id(), "lab");
  EXPECT_EQ(J(response.properties()), mesh);
  EXPECT_FALSE(J(response.inputs()).contains("seed"));  // inputs only
  EXPECT_EQ(J(response.inputs()).at("network"), "10.0.0.0/24");

  pulumirpc::ReadRequest import;
  import.set_urn(kMeshUrn);
  import.set_id("lab");
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Read(&ctx, import, &response);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_message().find("cannot be imported"), std::string::npos)
      << status.error_message();
}

TEST_F(PulumiProviderTest, DeleteOfAMeshSucceeds) {
  json mesh = CreateMesh();
  pulumirpc::DeleteRequest request;
  request.set_urn(kMeshUrn);
  request.set_id("lab");
  *request.mutable_properties() = S(mesh.dump());
  google::protobuf::Empty response;
  grpc::ClientContext ctx;
  EXPECT_TRUE(stub_->Delete(&ctx, request, &response).ok());
}

}  // namespace
}  // namespace wgmesh::pulumi::testing
