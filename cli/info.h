// The `info` document: what the original tool printed (name, network, is_up
// and config_exists as fractions of the nodes; per node host, is_up,
// config_exists, address, peers) plus live facts (in_sync and drift, latest
// handshake per peer, bridge MTU, STP state of every bridge port).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "cli/keys_from_hosts.h"
#include "core/node_ops.h"
#include "core/plan.h"

namespace wgmesh::cli {

// `status[i]` is node i's live state, or why it could not be read.
nlohmann::ordered_json InfoDocument(const MeshHosts& hosts, const MeshPlan& plan,
                            const std::vector<absl::StatusOr<NodeStatus>>& status);

}  // namespace wgmesh::cli
