// An in-process pulumi-resource-wgmesh: the real ProviderService with the
// real Mesh and Node handlers on a loopback gRPC server, a client stub, and a
// recording Engine service standing in for the engine's log endpoint (the
// real engine is exercised by tests/e2e/pulumi-e2e.sh).
#ifndef WGMESH_TESTS_PROTOCOL_PULUMI_FIXTURE_H_
#define WGMESH_TESTS_PROTOCOL_PULUMI_FIXTURE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <google/protobuf/struct.pb.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "provider/pulumi/engine_log.h"
#include "provider/pulumi/provider_service.h"
#include "pulumi/engine.grpc.pb.h"
#include "pulumi/provider.grpc.pb.h"

namespace wgmesh::pulumi::testing {

// The engine side of Engine/Log: records what the provider sends.
class RecordingEngine final : public pulumirpc::Engine::Service {
 public:
  grpc::Status Log(grpc::ServerContext*, const pulumirpc::LogRequest* request,
                   google::protobuf::Empty*) override;
  std::vector<pulumirpc::LogRequest> requests() const;

 private:
  mutable std::mutex mu_;
  std::vector<pulumirpc::LogRequest> requests_;
};

class PulumiProviderTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A Struct from JSON text; fails the test on bad JSON.
  static google::protobuf::Struct S(const std::string& json);
  // A Struct as JSON, for assertions (secrets and sentinels appear as on the wire).
  static nlohmann::json J(const google::protobuf::Struct& s);

  // A real Mesh "lab" (10.0.0.0/24, nodes a, b, c) created through Create: its
  // outputs as JSON.
  nlohmann::json CreateMesh();
  // A Mesh created through Create from `inputs` (camelCase): its outputs.
  nlohmann::json CreateMesh(const nlohmann::json& inputs);
  // The Cancel RPC; Configure with `args` (camelCase provider inputs). Both must succeed.
  void Cancel();
  void Configure(const nlohmann::json& args = nlohmann::json::object());
  // Read (refresh) and Delete of the Node kNodeUrn with `state` (camelCase JSON).
  grpc::Status ReadNode(const nlohmann::json& state, pulumirpc::ReadResponse* response);
  grpc::Status DeleteNode(const nlohmann::json& state);
  // The properties a preview Create of `inputs` returns: the planned state.
  nlohmann::json PreviewCreate(const char* urn, const nlohmann::json& inputs);
  // The node config of `node` from a created mesh's outputs.
  static std::string NodeConfig(const nlohmann::json& mesh, const std::string& node);

  std::unique_ptr<pulumirpc::ResourceProvider::Stub> stub_;
  RecordingEngine engine_;
  std::unique_ptr<ProviderService> service_;

 private:
  EngineLog log_;
  std::unique_ptr<grpc::Server> server_, engine_server_;
};

inline constexpr char kMeshUrn[] = "urn:pulumi:dev::lab::wgmesh:index:Mesh::lab";
inline constexpr char kNodeUrn[] = "urn:pulumi:dev::lab::wgmesh:index:Node::a";
inline constexpr char kSecretSigJson[] = "1b47061264138c4ac30d75fd1eb44270";
inline constexpr char kUnknownJson[] = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// True when `j` is a Pulumi secret wrapper.
bool IsSecret(const nlohmann::json& j);
// True when an unknown sentinel appears anywhere in `j`.
bool ContainsUnknown(const nlohmann::json& j);

}  // namespace wgmesh::pulumi::testing

#endif  // WGMESH_TESTS_PROTOCOL_PULUMI_FIXTURE_H_
