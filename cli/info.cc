// `wgmesh info`: reads every host (keys, then live state) and prints the
// state of the mesh. Changes nothing.
#include "cli/info.h"

#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/result.h"

namespace wgmesh::cli {
namespace {

constexpr char kInfoUsage[] =
    "usage: wgmesh [-f FILE] [-J] [--ssh-config FILE] info\n"
    "\n"
    "Prints the state of the mesh as YAML (JSON with -J), first as the original\n"
    "`mesh info` did: name, network, is_up and config_exists (fractions of the\n"
    "nodes, 0.0-1.0), and per node host, is_up, config_exists, address and peers\n"
    "(names). Then per node: in_sync (and drift: what `up` would change), interface,\n"
    "bridge_mtu, bridge_ports (each port's peer and STP state), stp, and\n"
    "peer_status (each peer's endpoint, latest handshake and traffic). Reads every\n"
    "host in parallel; changes nothing. Exit status 1 when a host could not be read\n"
    "(its node then has an `error`).\n";

}  // namespace

nlohmann::ordered_json InfoDocument(const MeshHosts& hosts, const MeshPlan& plan,
                                    const std::vector<absl::StatusOr<NodeStatus>>& status) {
  std::vector<std::optional<NodePlan>> installed(status.size());
  for (size_t i = 0; i < status.size() && i < plan.nodes.size(); ++i)
    if (status[i].ok()) installed[i] = plan.nodes[i];
  return InfoDocument(hosts, installed, plan, status);
}

nlohmann::ordered_json InfoDocument(const MeshHosts& hosts,
                                    const std::vector<std::optional<NodePlan>>& installed,
                                    const MeshPlan& plan,
                                    const std::vector<absl::StatusOr<NodeStatus>>& status) {
  using json = nlohmann::ordered_json;
  const MeshSpec& spec = hosts.spec;
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  json nodes = json::object();
  int up = 0, configs = 0;
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    const NodeSpec& ns = spec.nodes[i];
    const NodePlan* np = plan.Find(ns.name);
    // The original's peers: the names in the node's installed config.
    json names = json::array();
    if (installed[i])
      for (const PeerPlan& pp : installed[i]->peers) names.push_back(pp.name);
    json node = {{"host", hosts.where[i]}, {"is_up", false}, {"config_exists", nullptr},
                 {"address", AddressOnly(ns.addr)}, {"peers", names}};
    if (!status[i].ok()) {
      // config_exists stays null: unknown.
      node["error"] = std::string(status[i].status().message());
      nodes[ns.name] = node;
      continue;
    }
    const NodeStatus& s = *status[i];
    up += s.interface_up;
    configs += s.config_present;
    node["is_up"] = s.interface_up;
    node["config_exists"] = s.config_present;
    json peers = json::object();
    if (np)
      for (const PeerPlan& pp : np->peers) {
        json peer = {{"endpoint", pp.endpoint}, {"latest_handshake", "never"}, {"connected", false}};
        for (const PeerStatus& live : s.peers)
          if (live.public_key == pp.public_key) {
            peer["latest_handshake"] = UtcTime(live.latest_handshake);
            if (live.latest_handshake > 0) {
              peer["handshake_age_seconds"] = now - live.latest_handshake;
              // WireGuard re-handshakes every 2 minutes while traffic flows.
              peer["connected"] = now - live.latest_handshake < 180;
            }
            if (!live.endpoint.empty()) peer["endpoint"] = live.endpoint;
            peer["rx_bytes"] = live.rx_bytes;
            peer["tx_bytes"] = live.tx_bytes;
          }
        peers[pp.name] = peer;
      }
    node["in_sync"] = s.in_sync;
    if (!s.in_sync) node["drift"] = s.drift;
    node["interface"] = np ? np->interface : "";
    node["bridge_mtu"] = s.bridge_mtu;
    json ports = json::object();
    for (const auto& [port, state] : s.port_states) {
      json p = {{"stp_state", state}};
      if (np)
        for (const TunnelPlan& t : np->tunnels)
          if (t.name == port) p["peer"] = t.peer;
      ports[port] = p;
    }
    node["bridge_ports"] = ports;
    if (np) node["stp"] = np->bridge.stp ? "on" : "off (full mesh: ports isolated)";
    node["peer_status"] = peers;
    nodes[ns.name] = node;
  }
  const double n = spec.nodes.empty() ? 1 : static_cast<double>(spec.nodes.size());
  return json{{"name", spec.name},
              {"network", spec.network},
              {"is_up", up / n},
              {"config_exists", configs / n},
              {"nodes", nodes}};
}

absl::StatusOr<MeshInfo> ReadMeshInfo(const GlobalOptions& options, absl::string_view command) {
  auto hosts = LoadMeshHostsFor(options, command);
  if (!hosts.ok()) return hosts.status();
  const ssh::CancelToken* cancel = InterruptToken();
  Progress progress(hosts->labels, options.quiet);
  InstalledConfigs installed = ReadInstalledConfigs(*hosts, progress, cancel);
  auto plan = PlanFromHosts(hosts->spec, installed);
  if (!plan.ok()) {
    std::cerr << "wgmesh: " << plan.status().message() << "\n";
    FailureDocument(options, command, "spec", plan.status().message());
    return plan.status();
  }
  std::vector<absl::StatusOr<NodeStatus>> status(hosts->labels.size(), absl::UnknownError(""));
  RunOnHosts(hosts->labels, progress, [&](size_t i, const ProgressFn& step) -> absl::Status {
    if (!installed.readable(i)) {
      status[i] = installed.status[i];
      return installed.status[i];
    }
    installed.hosts[i]->set_progress(step);
    status[i] = installed.hosts[i]->Read(plan->nodes[i], kCliOwner);
    return status[i].status();
  });
  progress.Finish();
  MeshInfo info{.doc = InfoDocument(*hosts, installed.plans, *plan, status),
                .errors = Json::array(),
                .plan = *std::move(plan),
                .hosts = *std::move(hosts)};
  for (size_t i = 0; i < status.size(); ++i)
    if (!status[i].ok())
      info.errors.push_back(HostError(info.hosts.spec.nodes[i].name, info.hosts.where[i],
                                      "reading", status[i].status().message()));
  return info;
}

int RunInfo(const GlobalOptions& options) {
  if (!options.args.empty()) return UsageOrHelp(options, "info", options.args[0], kInfoUsage);
  auto info = ReadMeshInfo(options, "info");
  if (!info.ok()) return kExitFailure;
  const bool ok = info->errors.empty();
  if (options.json_output)
    PrintJson(std::move(info->doc), "info", ok, std::move(info->errors), std::cout);
  else
    PrintDocument(info->doc, false, std::cout);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace wgmesh::cli
