#include "tests/protocol/pulumi_fixture.h"

#include <google/protobuf/util/json_util.h>

#include "provider/pulumi/plugin_server.h"
#include "provider/pulumi/struct_codec.h"
#include "provider/resources/mesh_resource.h"
#include "provider/resources/node_resource.h"

namespace wgmesh::pulumi::testing {

namespace pb = google::protobuf;

grpc::Status RecordingEngine::Log(grpc::ServerContext*, const pulumirpc::LogRequest* request,
                                  pb::Empty*) {
  std::lock_guard<std::mutex> lock(mu_);
  requests_.push_back(*request);
  return grpc::Status::OK;
}

std::vector<pulumirpc::LogRequest> RecordingEngine::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void PulumiProviderTest::SetUp() {
  int engine_port = 0;
  auto engine = StartServer(&engine_, &engine_port);
  ASSERT_TRUE(engine.ok()) << engine.status();
  engine_server_ = *std::move(engine);
  log_.Connect("127.0.0.1:" + std::to_string(engine_port));

  std::vector<std::unique_ptr<resources::Resource>> handlers;
  handlers.push_back(std::make_unique<resources::MeshResource>());
  handlers.push_back(std::make_unique<resources::NodeResource>());
  service_ = std::make_unique<ProviderService>(std::move(handlers), &log_);
  int port = 0;
  auto server = StartServer(service_.get(), &port);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  // As the engine (grpc-go, 16 MiB of headers): a partial state travels in the trailers.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_METADATA_SIZE, 16 << 20);
  stub_ = pulumirpc::ResourceProvider::NewStub(grpc::CreateCustomChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(), args));
}

void PulumiProviderTest::TearDown() {
  if (server_) server_->Shutdown();
  if (engine_server_) engine_server_->Shutdown();
}

pb::Struct PulumiProviderTest::S(const std::string& json) {
  pb::Struct s;
  auto status = pb::util::JsonStringToMessage(json, &s);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return s;
}

nlohmann::json PulumiProviderTest::J(const pb::Struct& s) {
  std::string out;
  (void)pb::util::MessageToJsonString(s, &out);
  return nlohmann::json::parse(out);
}

nlohmann::json PulumiProviderTest::CreateMesh() {
  return CreateMesh(nlohmann::json::parse(R"({"name":"lab","network":"10.0.0.0/24","nodes":{
      "a":{"addr":"10.0.0.1/24","endpoint":"192.0.2.1"},
      "b":{"addr":"10.0.0.2/24","endpoint":"192.0.2.2"},
      "c":{"addr":"10.0.0.3/24","endpoint":"192.0.2.3"}}})"));
}

nlohmann::json PulumiProviderTest::CreateMesh(const nlohmann::json& inputs) {
  pulumirpc::CreateRequest request;
  request.set_urn(kMeshUrn);
  *request.mutable_properties() = S(inputs.dump());
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Create(&ctx, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.id(), inputs.at("name"));
  return J(response.properties());
}

void PulumiProviderTest::Cancel() {
  pb::Empty empty;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Cancel(&ctx, {}, &empty);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

void PulumiProviderTest::Configure(const nlohmann::json& args) {
  pulumirpc::ConfigureRequest request;
  *request.mutable_args() = S(args.dump());
  pulumirpc::ConfigureResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Configure(&ctx, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

grpc::Status PulumiProviderTest::ReadNode(const nlohmann::json& state,
                                          pulumirpc::ReadResponse* response) {
  pulumirpc::ReadRequest request;
  request.set_urn(kNodeUrn);
  request.set_id("lab/root@127.0.0.1:1");
  *request.mutable_properties() = S(state.dump());
  grpc::ClientContext ctx;
  return stub_->Read(&ctx, request, response);
}

grpc::Status PulumiProviderTest::DeleteNode(const nlohmann::json& state) {
  pulumirpc::DeleteRequest request;
  request.set_urn(kNodeUrn);
  request.set_id("lab/root@127.0.0.1:1");
  *request.mutable_properties() = S(state.dump());
  pb::Empty empty;
  grpc::ClientContext ctx;
  return stub_->Delete(&ctx, request, &empty);
}

nlohmann::json PulumiProviderTest::PreviewCreate(const char* urn, const nlohmann::json& inputs) {
  pulumirpc::CreateRequest request;
  request.set_urn(urn);
  request.set_preview(true);
  *request.mutable_properties() = S(inputs.dump());
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Create(&ctx, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return J(response.properties());
}

std::string PulumiProviderTest::NodeConfig(const nlohmann::json& mesh, const std::string& node) {
  const nlohmann::json& configs = mesh.at("nodeConfigs");
  const nlohmann::json& plain = IsSecret(configs) ? configs.at("value") : configs;
  return plain.at(node).get<std::string>();
}

bool IsSecret(const nlohmann::json& j) {
  return j.is_object() && j.contains(std::string(kSpecialSigKey)) &&
         j.at(std::string(kSpecialSigKey)) == kSecretSigJson;
}

bool ContainsUnknown(const nlohmann::json& j) {
  if (j.is_string()) return IsUnknownSentinel(j.get<std::string>());
  if (j.is_structured()) {
    for (const auto& e : j) {
      if (ContainsUnknown(e)) return true;
    }
  }
  return false;
}

}  // namespace wgmesh::pulumi::testing
