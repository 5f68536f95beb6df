// MeshSpec: the user's description of a mesh, as typed values. It is what the
// original tool's mesh.yaml holds, plus wgmesh's mesh-wide options. Parsing
// (spec_parse.h) fills it; validation (validate.h) checks it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wgmesh {

inline constexpr int64_t kDefaultListenPort = 51820;
inline constexpr int64_t kDefaultUnderlayMtu = 1500;
inline constexpr int64_t kDefaultStpForwardDelay = 4;  // seconds

// How the CLI reaches a node (mesh.yaml `ssh`): an ~/.ssh/config host alias or
// connection string, or a mapping of connection arguments with at least `host`.
// The providers take connections from the Node resource instead.
struct SshTarget {
  std::string alias;                         // set when `ssh` is a string
  std::map<std::string, std::string> fields; // set when `ssh` is a mapping
};

struct NodeSpec {
  std::string name;
  std::string addr;                    // CIDR, inside the mesh network
  std::optional<std::string> endpoint; // host, host:port, [v6], [v6]:port, v6
  std::optional<int64_t> listen_port;
  std::optional<int64_t> prio;         // STP bridge priority
  std::vector<std::string> peers;      // only used when the mesh is not full
  std::optional<int64_t> persistent_keepalive;
  int64_t key_epoch = 0;               // bump to rotate this node's keys
  std::vector<std::string> bridge_ports;  // local interfaces bridged unencrypted
  std::optional<SshTarget> ssh;        // mesh.yaml only

  int64_t effective_listen_port() const { return listen_port.value_or(kDefaultListenPort); }
};

struct MeshSpec {
  std::string name;
  std::string network;  // CIDR
  bool full = true;
  std::vector<NodeSpec> nodes;  // sorted by name
  int64_t underlay_mtu = kDefaultUnderlayMtu;
  std::string underlay_family = "ipv6";  // ipv6 | ipv4: which WireGuard overhead to plan for
  std::string tunnel_type = "ip6gretap"; // ip6gretap | gretap
  std::string stp = "auto";              // auto | on | off
  int64_t stp_forward_delay = kDefaultStpForwardDelay;
  int64_t key_epoch = 0;                 // bump to rotate every key of the mesh

  const NodeSpec* FindNode(const std::string& name) const;
};

// The fields of the spec by their snake_case names, for the parser (unknown
// fields are errors) and for the test that holds the schema to the spec.
struct SpecField {
  const char* name;
  bool mesh_yaml_only;  // not a provider input (the CLI's `ssh`)
};
const std::vector<SpecField>& MeshFields();
const std::vector<SpecField>& NodeFields();

}  // namespace wgmesh
