// The Pulumi provider service (in process, real handlers) against the lab's
// real sshd and kernels: engine workflows whose outcome depends on a host.
// Run under tests/lab/with-lab.sh. Mesh "pv", WireGuard ports 52200-52299,
// network 10.86.0.0/24; every test removes what it created.
#include <fstream>

#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"
#include "tests/protocol/pulumi_fixture.h"
#include "tests/ssh/lab.h"

namespace wgmesh::pulumi::testing {
namespace {

using nlohmann::json;
using ssh::testing::Lab;

constexpr char kMesh[] = "pv";

std::string LabEnv(const Lab& lab, const std::string& key) {
  std::ifstream in(lab.env_file);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

class ProviderLabTest : public PulumiProviderTest {
 protected:
  void SetUp() override {
    PulumiProviderTest::SetUp();
    const auto& lab = ssh::testing::LoadLab();
    ASSERT_TRUE(lab.ok()) << lab.status() << " (run under tests/lab/with-lab.sh)";
    lab_ = &*lab;
    ASSERT_GE(lab_->nodes, 2);
  }

  // Mesh pv on lab nodes 1 and 2, endpoints on the underlay.
  json MeshInputs(int listen_port) const {
    json nodes = json::object();
    bool ipv4 = false;
    for (int k : {1, 2}) {
      std::string endpoint = LabEnv(*lab_, absl::StrCat("LAB_NODE", k, "_UNDERLAY_ADDR"));
      if (endpoint.empty()) endpoint = lab_->Underlay(k);
      ipv4 = endpoint.find(':') == std::string::npos;
      nodes[absl::StrCat("n", k)] = {{"addr", absl::StrCat("10.86.0.", k, "/24")},
                                     {"endpoint", endpoint},
                                     {"listenPort", listen_port}};
    }
    json in = {{"name", kMesh}, {"network", "10.86.0.0/24"}, {"nodes", nodes}};
    if (ipv4) in["underlayFamily"] = "ipv4";
    return in;
  }

  // Provider configuration as a user sets it: the lab key, host keys checked.
  json ProviderArgs() const {
    return {{"privateKey", lab_->private_key}, {"knownHostsFile", lab_->known_hosts}};
  }

  json NodeInputs(const std::string& config, int lab_node) const {
    return {{"config", config},
            {"connection", {{"host", "127.0.0.1"}, {"port", lab_->Port(lab_node)}}}};
  }

  grpc::Status CreateNode(const json& inputs, json* properties) {
    pulumirpc::CreateRequest request;
    request.set_urn(kNodeUrn);
    *request.mutable_properties() = S(inputs.dump());
    pulumirpc::CreateResponse response;
    grpc::ClientContext ctx;
    grpc::Status status = stub_->Create(&ctx, request, &response);
    if (status.ok()) *properties = J(response.properties());
    return status;
  }

  const Lab* lab_ = nullptr;
};

// Issue 10 item 7: insecure_skip_host_key_check warns on every connection,
// through the SSH layer's log sink: each Read (refresh) connects once and
// sends one engine warning naming the accepted key. Reads only: no host changes.
TEST_F(ProviderLabTest, InsecureHostKeyIsAnEngineWarningOnEveryConnection) {
  Configure({{"privateKey", lab_->private_key},
             {"knownHostsFile", "/dev/null"},
             {"insecureSkipHostKeyCheck", true}});
  json mesh = MeshInputs(52104);
  mesh["name"] = "hdwarn";
  const json state = NodeInputs(NodeConfig(CreateMesh(mesh), "n1"), 1);
  auto warnings = [&] {
    int n = 0;
    for (const pulumirpc::LogRequest& r : engine_.requests())
      if (r.severity() == pulumirpc::WARNING &&
          r.message().find("host key NOT verified") != std::string::npos)
        ++n;
    return n;
  };
  for (int round = 1; round <= 2; ++round) {
    pulumirpc::ReadResponse response;
    grpc::Status read = ReadNode(state, &response);
    ASSERT_TRUE(read.ok()) << read.error_message();
    EXPECT_EQ(warnings(), round) << "one warning per connection";
  }
}

// Issue 9 item 5: Cancel (as Pulumi sends it before closing a plugin), then
// Configure (the next deployment in a reused process): a Node create works.
TEST_F(ProviderLabTest, CancelThenConfigureThenNodeCreateSucceeds) {
  Configure(ProviderArgs());
  std::string config = NodeConfig(CreateMesh(MeshInputs(52200)), "n1");
  Cancel();
  Configure(ProviderArgs());
  json state;
  grpc::Status created = CreateNode(NodeInputs(config, 1), &state);
  ASSERT_TRUE(created.ok()) << created.error_message();
  EXPECT_EQ(state.at("inSync"), true);
  EXPECT_EQ(state.at("interfaceName"), "wg-pv");
  grpc::Status deleted = DeleteNode(state);
  EXPECT_TRUE(deleted.ok()) << deleted.error_message();
}

// Issue 9 item 3, the other half: a create that failed after it changed the
// host (here wg-quick cannot resolve a peer's endpoint, after the config files
// were written) records what exists: the partial state, marked out of sync.
TEST_F(ProviderLabTest, ACreateThatFailedAfterChangingTheHostRecordsThePartialState) {
  Configure(ProviderArgs());
  json mesh = MeshInputs(52202);
  mesh["nodes"]["n2"]["endpoint"] = "no-such-host.invalid";
  mesh["underlayFamily"] = "ipv4";
  std::string config = NodeConfig(CreateMesh(mesh), "n1");
  pulumirpc::CreateRequest request;
  request.set_urn(kNodeUrn);
  *request.mutable_properties() = S(NodeInputs(config, 1).dump());
  pulumirpc::CreateResponse response;
  grpc::ClientContext ctx;
  grpc::Status status = stub_->Create(&ctx, request, &response);
  ASSERT_FALSE(status.ok());
  google::rpc::Status rich;
  ASSERT_TRUE(rich.ParseFromString(status.error_details())) << status.error_message();
  ASSERT_EQ(rich.details_size(), 1) << status.error_message();
  pulumirpc::ErrorResourceInitFailed init;
  ASSERT_TRUE(rich.details(0).UnpackTo(&init));
  json partial = J(init.properties());
  EXPECT_EQ(partial.at("inSync"), false);
  // The partial state is enough to remove what was installed.
  grpc::Status deleted = DeleteNode(partial);
  EXPECT_TRUE(deleted.ok()) << deleted.error_message();
}

}  // namespace
}  // namespace wgmesh::pulumi::testing
