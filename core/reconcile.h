// Reconciliation: the smallest set of changes that turns a host's live state
// into its node plan. Pure: the host script (host_scripts.h) runs the result.
// An empty result means the host is in sync; its step descriptions are also
// the drift report of a read.
#pragma once

#include <string>
#include <vector>

#include "core/live_state.h"
#include "core/ownership.h"
#include "core/plan.h"

namespace wgmesh {

// What a step runs, in this order: one `ip -batch -` with `ip_batch`, the
// WireGuard config on stdin (`wg setconf` of the whole interface, or `wg
// addconf` of the peers in `peers`), then `commands`. A batch keeps a step at
// one process where a shell command per link would fork one each.
struct ReconcileStep {
  enum class Wireguard { kNone, kSetconf, kAddconf };
  std::string description;            // "add peer b", no secrets
  std::vector<std::string> commands;  // shell commands, every word quoted
  std::vector<std::string> ip_batch;  // `ip` arguments, one command a line
  Wireguard wireguard = Wireguard::kNone;
  std::vector<std::string> peers;  // kAddconf: public keys of the plan's peers to set
};

// The files the plan installs, by content hash (the contents hold secrets and
// stay out of this value).
struct DesiredFiles {
  std::string config_sha256;       // the wg-quick file
  std::string plan_config_sha256;  // the NodePlan JSON
  std::string owner;               // the owner marker's owner id (core/ownership.h)
};

struct Reconciliation {
  // The interface is missing or its identity changed: every link of the mesh
  // is rebuilt as `wg-quick up` would, without it (InterfaceCreateBatch and
  // `wg setconf`; a restart when the interface existed).
  bool rebuild = false;
  bool restart = false;  // rebuild of an interface that existed
  bool write_config = false;
  bool write_plan_config = false;
  bool write_owner = false;
  std::vector<std::string> kinds_created;  // link kinds to probe the kernel for first
  std::vector<ReconcileStep> steps;        // in order, after the file writes
  // Adoption (PlanAdoption): the original tool's links this run removes.
  std::vector<std::string> adopted_links;

  bool empty() const {
    return steps.empty() && !write_config && !write_plan_config && !write_owner;
  }
  // One line per change, file writes included.
  std::vector<std::string> Descriptions() const;
};

Reconciliation Reconcile(const NodePlan& desired, const LiveState& live,
                         const DesiredFiles& files);

// Adopting a mesh the original tool deployed (`claim` is kOriginalTool): a
// first step removes its links and keeps its config files aside as
// <name>.conf.wgmesh-adopted (0600, never deleted), before the rebuild that
// brings the node up in wgmesh's layout with the same keys.
void PlanAdoption(const HostClaim& claim, Reconciliation& r);

}  // namespace wgmesh
