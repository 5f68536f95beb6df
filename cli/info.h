// The `info` document. First, exactly what the original tool printed, with its
// keys, order and types (tests/data/original/info/original.*): name, network,
// is_up and config_exists as float fractions of the nodes; per node host (the
// `ssh` as written), is_up and config_exists (booleans; config_exists null when
// the host could not be read), address (the IP without prefix) and peers (the
// names of the peers in the node's installed config). Then wgmesh's live facts
// under keys of their own: error, in_sync and drift, interface, bridge_mtu,
// bridge_ports (STP state per port), stp, peer_status (per peer: endpoint,
// latest handshake, traffic).
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/keys_from_hosts.h"
#include "core/node_ops.h"
#include "core/plan.h"

namespace wgmesh::cli {

// `status[i]` is node i's live state, or why it could not be read;
// `installed[i]` the node config read from its host (nullopt: none or unread).
nlohmann::ordered_json InfoDocument(const MeshHosts& hosts,
                                    const std::vector<std::optional<NodePlan>>& installed,
                                    const MeshPlan& plan,
                                    const std::vector<absl::StatusOr<NodeStatus>>& status);

// After an apply (`up -i`): every node that was read has the plan installed.
nlohmann::ordered_json InfoDocument(const MeshHosts& hosts, const MeshPlan& plan,
                                    const std::vector<absl::StatusOr<NodeStatus>>& status);

// What `info` reads: every host (keys, then live state) in parallel, with
// progress on stderr. Fails (the error printed, and with -J its document) only
// when the mesh cannot be loaded or planned; a host that cannot be read is in
// `errors` (and its node in `doc` has an `error`).
struct MeshInfo {
  nlohmann::ordered_json doc;     // InfoDocument
  nlohmann::ordered_json errors;  // cli/result.h host errors, step "reading"
  MeshPlan plan;
  MeshHosts hosts;
};
absl::StatusOr<MeshInfo> ReadMeshInfo(const GlobalOptions& options, absl::string_view command);

}  // namespace wgmesh::cli
