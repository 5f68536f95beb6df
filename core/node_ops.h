// Host operations on one node, over one SSH connection each: what the Node
// resource and the CLI do to a host. Each call is: connect, read the live
// state of this mesh on the host (1 round trip), and for Apply/Teardown run
// one script with the smallest set of changes that ends by reading the state
// back (1 more round trip). Nothing is restarted unless the node's own
// identity (interface, private key, listen port, tunnel address) changed.
// No error path deletes a key or a config file.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/plan.h"
#include "core/ssh/session.h"

namespace wgmesh {

// Called with a short line per step ("connecting", "reading live state",
// "adding peer b", ...) for progress output. Never receives secrets.
using ProgressFn = std::function<void(std::string_view step)>;

struct PeerStatus {
  std::string name;            // the peer node, by public key in the plan ("" if unknown)
  std::string public_key;
  std::string endpoint;        // as the kernel reports it ("" if none yet)
  int64_t latest_handshake = 0;  // unix seconds, 0 = never
  int64_t rx_bytes = 0, tx_bytes = 0;
};

struct NodeStatus {
  bool exists = false;        // any of this mesh's links or its config file is on the host
  bool interface_up = false;
  bool config_present = false;
  bool in_sync = false;       // live state and config file match the plan exactly
  std::vector<std::string> drift;  // what differs, one line each, no secrets
  int64_t interface_ifindex = 0;
  int64_t bridge_mtu = 0;
  std::vector<PeerStatus> peers;
  std::map<std::string, std::string> port_states;  // bridge port -> STP state (forwarding, blocking...)
};

struct OperationReport {
  std::vector<std::string> changes;  // what was done, one line each ("nothing to do" = empty)
  bool restarted = false;            // the WireGuard interface was restarted
  int round_trips = 0;
  NodeStatus after;                  // read back after the change
};

// Reads this node's live state and compares it with `desired`.
absl::StatusOr<NodeStatus> ReadNode(const ssh::ConnectOptions& connection, const NodePlan& desired,
                                    const ssh::CancelToken* cancel, ProgressFn progress = nullptr);

// Reconciles the host to `desired`: preflight (tools, kernel support) before
// any change, then the minimal changes, then read back and verify.
absl::StatusOr<OperationReport> ApplyNode(const ssh::ConnectOptions& connection,
                                          const NodePlan& desired, const ssh::CancelToken* cancel,
                                          ProgressFn progress = nullptr);

// True when a failed ApplyNode changed nothing on the host: it stopped while
// connecting, authenticating, reading or in the preflight, before the first
// change. A transport failure (timeout, cancel, dropped connection) while the
// change script runs is not: the host may be half changed.
bool FailedBeforeAnyChange(const absl::Status& status);

// The node config (NodePlan JSON, secret) that the last Apply installed on
// the host next to the wg-quick file, for import and for the CLI, which keeps
// no state. NOT_FOUND when this mesh has no config on the host.
absl::StatusOr<std::string> ReadInstalledConfig(const ssh::ConnectOptions& connection,
                                                std::string_view mesh,
                                                const ssh::CancelToken* cancel);

// Removes every link of `mesh` from the host (wg-<mesh>, br-<mesh>,
// gt-<mesh>-*; extra bridge ports are released, not deleted), disables the
// boot unit, and removes the config file when `remove_config`. Another mesh
// on the same host is untouched.
absl::StatusOr<OperationReport> TeardownNode(const ssh::ConnectOptions& connection,
                                             std::string_view mesh, bool remove_config,
                                             const ssh::CancelToken* cancel,
                                             ProgressFn progress = nullptr);

}  // namespace wgmesh
