// Handshake, plugin info, schema and the provider's own configuration.
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/protocol/pulumi_fixture.h"

namespace wgmesh::pulumi::testing {
namespace {

std::string SchemaFile() {
  std::ifstream in(std::string(WGMESH_SOURCE_DIR) + "/schema/wgmesh.schema.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(PulumiProviderTest, HandshakeAcceptsSecretsAndResources) {
  pulumirpc::ProviderHandshakeRequest request;
  pulumirpc::ProviderHandshakeResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Handshake(&ctx, request, &response).ok());
  EXPECT_TRUE(response.accept_secrets());
  EXPECT_TRUE(response.accept_resources());
}

TEST_F(PulumiProviderTest, PluginVersionIsTheSchemaVersion) {
  pulumirpc::PluginInfo info;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->GetPluginInfo(&ctx, {}, &info).ok());
  EXPECT_EQ(info.version(), nlohmann::json::parse(SchemaFile()).at("version"));
}

TEST_F(PulumiProviderTest, GetSchemaIsTheSchemaFile) {
  pulumirpc::GetSchemaRequest request;
  pulumirpc::GetSchemaResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->GetSchema(&ctx, request, &response).ok());
  EXPECT_EQ(response.schema(), SchemaFile());
}

TEST_F(PulumiProviderTest, CheckConfigNamesBadKeys) {
  pulumirpc::CheckRequest request;
  request.set_urn("urn:pulumi:dev::lab::pulumi:providers:wgmesh::default");
  *request.mutable_news() = S(R"({"commandTimeout":"soon","user":"mesh","version":"0.1.0"})");
  pulumirpc::CheckResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->CheckConfig(&ctx, request, &response).ok());
  ASSERT_EQ(response.failures_size(), 1);
  EXPECT_EQ(response.failures(0).property(), "commandTimeout");
  EXPECT_EQ(J(response.inputs()).at("user"), "mesh");
}

TEST_F(PulumiProviderTest, ConfigureTakesConfigValuesAsJsonText) {
  pulumirpc::ConfigureRequest request;
  *request.mutable_args() = S(R"({"insecureSkipHostKeyCheck":"true","commandTimeout":"60",
      "proxy":"{\"host\":\"bastion\"}",
      "privateKey":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270",
                    "value":"KEY"},"version":"0.1.0"})");
  request.set_acceptsecrets(true);
  pulumirpc::ConfigureResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Configure(&ctx, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.acceptsecrets());
  EXPECT_TRUE(response.supportspreview());
}

TEST_F(PulumiProviderTest, ConfigureRefusesAWrongType) {
  pulumirpc::ConfigureRequest request;
  *request.mutable_args() = S(R"({"parallelism":"many"})");
  pulumirpc::ConfigureResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Configure(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("wgmesh:parallelism"), std::string::npos);
}

TEST_F(PulumiProviderTest, DiffConfigNeverReplacesTheProvider) {
  pulumirpc::DiffRequest request;
  *request.mutable_olds() = S(R"({"user":"root","commandTimeout":"60"})");
  *request.mutable_news() = S(R"({"user":"mesh","commandTimeout":60})");
  pulumirpc::DiffResponse response;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->DiffConfig(&ctx, request, &response).ok());
  EXPECT_EQ(response.changes(), pulumirpc::DiffResponse::DIFF_SOME);
  EXPECT_EQ(response.replaces_size(), 0);
  ASSERT_EQ(response.detaileddiff().size(), 1u);  // "60" and 60 are the same value
  EXPECT_EQ(response.detaileddiff().at("user").kind(), pulumirpc::PropertyDiff::UPDATE);
}

TEST_F(PulumiProviderTest, UnknownResourceTypeIsRefused) {
  pulumirpc::CheckRequest request;
  request.set_urn("urn:pulumi:dev::lab::wgmesh:index:Router::r");
  pulumirpc::CheckResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Check(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("wgmesh:index:Router"), std::string::npos);
}

// Handlers run concurrently on gRPC's threads and share nothing unsafely.
TEST_F(PulumiProviderTest, ConcurrentChecksAndDiffsAgree) {
  nlohmann::json mesh = CreateMesh();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        pulumirpc::DiffRequest request;
        request.set_urn(kMeshUrn);
        *request.mutable_olds() = S(mesh.dump());
        nlohmann::json news = mesh;
        news["nodes"]["a"]["endpoint"] = "198.51.100." + std::to_string(t + 1);
        *request.mutable_news() = S(news.dump());
        pulumirpc::DiffResponse response;
        grpc::ClientContext ctx;
        if (!stub_->Diff(&ctx, request, &response).ok() ||
            !response.detaileddiff().contains("nodes.a.endpoint")) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace wgmesh::pulumi::testing
