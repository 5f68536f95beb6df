// Host operations on one node, over one SSH connection: what the Node
// resource and the CLI do to a host. An operation reads the live state of
// the mesh on the host (1 round trip) and, for Apply/Teardown when anything
// differs, runs one script with the smallest set of changes that ends by
// reading the state back (1 more round trip). Nothing is restarted unless
// the node's own identity (interface, private key, listen port, tunnel
// address) changed. No error path deletes a key or a config file. What a
// host's objects belong to decides what may be changed: core/ownership.h.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/live_state.h"
#include "core/ownership.h"
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
  std::string owner;          // the instance that last applied the node ("" = none recorded)
  // Set when wgmesh will not change or remove the mesh on this host (objects
  // it did not create, core/ownership.h): why, naming what was found.
  std::string refusal;
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
  // Teardown only: another instance owns the host, which was left as it is.
  bool left_alone = false;
  std::vector<std::string> warnings;  // for the user, one line each, no secrets
  bool restarted = false;            // the WireGuard interface was restarted
  int round_trips = 0;
  NodeStatus after;                  // read back after the change
};

// What a host has of a mesh, from one read: its live state and whose it is.
struct HostRead {
  LiveState live;
  HostClaim claim;
};

// The node config an earlier apply installed on the host, read back (the CLI
// keeps no state; import).
struct InstalledConfig {
  std::string text;   // the NodePlan JSON: secret; "" when adopting
  std::string owner;  // the node's owner id ("" = none recorded)
  // A mesh the original tool deployed (HostClaim::kOriginalTool): its config
  // (secret) and what it has on the host.
  std::string original_text;
  std::vector<std::string> original_objects;
};

// One connected host, for a sequence of operations on one mesh. Every
// operation reads the host first; a read is reused by the next operation on
// the same mesh until something changes the host, so the CLI's "read the
// keys, plan every node, then apply" costs one round trip per host for a
// no-op and two for a change, on one connection.
class NodeHost {
 public:
  // `log` receives what the SSH layer warns the user about on this
  // connection: a host key accepted without verification
  // (insecure_skip_host_key_check), once each time it connects.
  static absl::StatusOr<NodeHost> Connect(const ssh::ConnectOptions& connection,
                                          const ssh::CancelToken* cancel,
                                          ProgressFn progress = nullptr,
                                          ssh::LogSink log = nullptr);
  NodeHost(NodeHost&&) noexcept;
  NodeHost& operator=(NodeHost&&) noexcept;
  ~NodeHost();

  // The installed node config of `mesh` and the live state, in one round
  // trip. NOT_FOUND when the mesh has no node config on the host;
  // FAILED_PRECONDITION when its names there are not wgmesh's. With
  // `original_interface` (the original tool's name for this node, wg-<mesh><n>),
  // a mesh the original deployed is read for adoption instead of refused.
  absl::StatusOr<InstalledConfig> ReadInstalled(std::string_view mesh,
                                                std::string_view original_interface = {});

  // The live state compared with `desired` as applied by `owner` (an owner
  // id, core/ownership.h).
  absl::StatusOr<NodeStatus> Read(const NodePlan& desired, std::string_view owner);

  // Reconciles the host to `desired` and records `owner` as the node's
  // owner: preflight (tools, kernel support) before any change, then the
  // minimal changes, then read back and verify. Refuses (FAILED_PRECONDITION,
  // nothing changed) when the mesh's names on the host are taken by objects
  // wgmesh did not create. Holds the host lock while changing the host; when
  // another run changed the host since the read, reads again and re-plans.
  // With `adopt_original`, a mesh the original tool deployed is migrated to
  // wgmesh's layout instead (reconcile.h PlanAdoption): `desired` must carry
  // its keys (the caller read them with ReadInstalled).
  absl::StatusOr<OperationReport> Apply(const NodePlan& desired, std::string_view owner,
                                        bool adopt_original = false);

  // Removes every link of `mesh` from the host (wg-<mesh>, br-<mesh>,
  // gt-<mesh>-*; extra bridge ports are released, not deleted), disables the
  // boot unit, and removes the config files when `remove_config`. Another
  // mesh on the same host is untouched. When another instance than `owner`
  // owns the node (a renamed or replaced resource took it over), nothing is
  // changed: the report says `left_alone`, with a warning. kAnyOwner removes
  // whatever wgmesh owns. Objects wgmesh did not create are refused as by Apply.
  absl::StatusOr<OperationReport> Teardown(std::string_view mesh, bool remove_config,
                                           std::string_view owner);

  int round_trips() const;
  std::string Describe() const;  // user@host:port, no secrets
  void set_progress(ProgressFn progress) { progress_ = std::move(progress); }

 private:
  NodeHost(std::unique_ptr<ssh::Session> session, const ssh::CancelToken* cancel,
           ProgressFn progress);
  // The remembered read of `mesh` (taken: the caller may change the host),
  // else a new one.
  struct ReadFiles {
    std::string installed, original;  // "" when absent
  };
  absl::StatusOr<HostRead> ReadMesh(std::string_view mesh, bool with_installed_config,
                                    std::string_view original_interface = {},
                                    ReadFiles* files = nullptr);
  // Keeps a read that changed nothing, for the next operation on `mesh`.
  void Remember(std::string_view mesh, const HostRead& read);

  std::unique_ptr<ssh::Session> session_;
  const ssh::CancelToken* cancel_;
  ProgressFn progress_;
  std::optional<HostRead> last_read_;
  std::string last_read_mesh_;
};

// One-shot forms: connect (`log` as for NodeHost::Connect), run one NodeHost
// operation.
absl::StatusOr<NodeStatus> ReadNode(const ssh::ConnectOptions& connection, const NodePlan& desired,
                                    std::string_view owner, const ssh::CancelToken* cancel,
                                    ProgressFn progress = nullptr, ssh::LogSink log = nullptr);
absl::StatusOr<OperationReport> ApplyNode(const ssh::ConnectOptions& connection,
                                          const NodePlan& desired, std::string_view owner,
                                          const ssh::CancelToken* cancel,
                                          ProgressFn progress = nullptr,
                                          ssh::LogSink log = nullptr);
// True when a failed ApplyNode / NodeHost::Apply changed nothing on the host:
// it stopped while connecting, authenticating, reading, on the ownership rule,
// the host lock or in the preflight, before the first change. A transport
// failure (timeout, cancel, dropped connection) while the change script runs
// is not: the host may be half changed.
bool FailedBeforeAnyChange(const absl::Status& status);

absl::StatusOr<InstalledConfig> ReadInstalledConfig(const ssh::ConnectOptions& connection,
                                                    std::string_view mesh,
                                                    const ssh::CancelToken* cancel,
                                                    ssh::LogSink log = nullptr);
absl::StatusOr<OperationReport> TeardownNode(const ssh::ConnectOptions& connection,
                                             std::string_view mesh, bool remove_config,
                                             std::string_view owner,
                                             const ssh::CancelToken* cancel,
                                             ProgressFn progress = nullptr,
                                             ssh::LogSink log = nullptr);

}  // namespace wgmesh
