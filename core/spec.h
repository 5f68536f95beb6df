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

// How the CLI reaches a node (mesh.yaml `ssh`; core/ssh_spec.h reads it): a
// string (an ~/.ssh/config alias or [user@]host[:port]) or a mapping of
// connection arguments: the original tool's (Fabric's: host, user, port,
// connect_timeout, connect_kwargs.key_filename, ...) and wgmesh's own.
// The providers take connections from the Node resource instead.
struct SshTarget {
  std::string alias;  // the string form; empty for the mapping form
  // The mapping form. `host` may itself be an alias or [user@]host[:port].
  std::string host;
  std::string user;                         // "" = ssh_config's User, else root
  std::optional<int64_t> port;
  std::vector<std::string> identity_files;  // key_filename / identity_file
  std::string known_hosts;
  std::string host_key;                     // pinned public key
  std::optional<bool> sudo;
  std::optional<int64_t> connect_timeout;   // seconds
  std::optional<int64_t> connect_attempts;
  bool insecure_skip_host_key_check = false;
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
  // mesh.yaml only: the original tool's `json` (a JSON object it wrote into
  // peers' configs as a friendly_json comment). Kept, serialized; not rendered.
  std::optional<std::string> json;

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
