#include "core/reconcile.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/endpoint.h"
#include "core/ip.h"
#include "core/names.h"
#include "core/ownership.h"
#include "core/render_wgquick.h"
#include "core/shell.h"

namespace wgmesh {
namespace {

std::string Q(std::string_view w) { return ShellQuote(w); }

void AddKind(Reconciliation& r, const std::string& kind) {
  if (std::find(r.kinds_created.begin(), r.kinds_created.end(), kind) == r.kinds_created.end())
    r.kinds_created.push_back(kind);
}

// Fields of the interface whose change needs a restart.
std::vector<std::string> IdentityChanges(const NodePlan& d, const LiveState& live) {
  std::vector<std::string> changed;
  const LiveLink* link = live.Link(d.interface);
  if (!link || link->kind != "wireguard" || !live.wireguard) return {"interface"};
  if (live.wireguard->public_key != d.public_key) changed.push_back("private_key");
  if (live.wireguard->listen_port != d.listen_port) changed.push_back("listen_port");
  auto addrs = live.addresses.find(d.interface);
  if (addrs == live.addresses.end() ||
      std::find(addrs->second.begin(), addrs->second.end(), d.tunnel_address) ==
          addrs->second.end())
    changed.push_back("tunnel_address");
  return changed;
}

// Rebuild: remove what exists of the mesh's links, then create them all and
// set the interface as `wg-quick up` of the config file written before would
// (its PostUp hooks included), in two processes.
void PlanRebuild(const NodePlan& d, const LiveState& live, const std::vector<std::string>& why,
                 Reconciliation& r) {
  r.rebuild = true;
  r.restart = live.Link(d.interface) != nullptr;
  ReconcileStep clear;
  for (const auto& [name, link] : live.links)
    if (name.rfind(TunnelPrefix(d.mesh), 0) == 0 || name == d.bridge.name || name == d.interface)
      clear.ip_batch.push_back(LinkDeleteArgs(name));
  if (!clear.ip_batch.empty()) {
    clear.description = r.restart ? "remove the interface and links of mesh " + d.mesh
                                  : "remove leftover links of mesh " + d.mesh;
    r.steps.push_back(std::move(clear));
  }
  r.steps.push_back(
      {.description = r.restart ? absl::StrCat("restart interface ", d.interface, ": ",
                                               absl::StrJoin(why, ", "), " changed")
                                : absl::StrCat("create interface ", d.interface,
                                               " with its bridge and ", d.tunnels.size(), " tunnels"),
       .ip_batch = InterfaceCreateBatch(d),
       .wireguard = ReconcileStep::Wireguard::kSetconf});
  AddKind(r, "wireguard");
  AddKind(r, "bridge");
  if (!d.tunnels.empty()) AddKind(r, d.tunnels[0].type);
}

// A plan peer whose endpoint differs from the live one (and nothing else).
struct EndpointChange {
  std::string peer, public_key, endpoint;
};

// How the live peers differ from the plan.
struct PeerChanges {
  std::vector<std::string> descriptions;  // of `set` and `remove`, in that order
  std::vector<std::string> set;           // public keys of plan peers missing or different
  std::vector<std::string> remove;        // public keys of live peers the plan lacks
  std::vector<EndpointChange> endpoints;  // set only along with a new config file
};

PeerChanges PeerDifferences(const NodePlan& d, const LiveWireguard& wg) {
  PeerChanges out;
  std::set<std::string> wanted;
  for (const auto& p : d.peers) {
    wanted.insert(p.public_key);
    auto it = std::find_if(wg.peers.begin(), wg.peers.end(),
                           [&](const LivePeer& l) { return l.public_key == p.public_key; });
    if (it == wg.peers.end()) {
      out.descriptions.push_back("add peer " + p.name);
      out.set.push_back(p.public_key);
      continue;
    }
    std::vector<std::string> fields;
    if (it->preshared_key != p.preshared_key) fields.push_back("preshared key");
    std::vector<std::string> live_ips = it->allowed_ips, want_ips = p.allowed_ips;
    std::sort(live_ips.begin(), live_ips.end());
    std::sort(want_ips.begin(), want_ips.end());
    if (live_ips != want_ips) fields.push_back("allowed ips");
    if (it->persistent_keepalive != p.persistent_keepalive) fields.push_back("keepalive");
    // WireGuard roams: a peer's live endpoint follows the source of its latest
    // packet (NAT, several addresses), and DNS names resolve on the host. So
    // only a missing endpoint is drift; a changed plan endpoint reaches the
    // host with a new config file (PlanPeers).
    if (!p.endpoint.empty() && it->endpoint == "(none)") fields.push_back("endpoint");
    if (!fields.empty()) {
      out.descriptions.push_back("update peer " + p.name + ": " + absl::StrJoin(fields, ", "));
      out.set.push_back(p.public_key);
    } else if (!p.endpoint.empty() && it->endpoint != p.endpoint) {
      out.endpoints.push_back({p.name, p.public_key, p.endpoint});
    }
  }
  for (const auto& l : wg.peers)
    if (!wanted.count(l.public_key)) {
      out.descriptions.push_back("remove unknown peer " + l.public_key.substr(0, 8) + "...");
      out.remove.push_back(l.public_key);
    }
  return out;
}

// Peers change one by one: `wg addconf` of only the peers that differ, `wg
// set ... remove` of the ones the plan lacks. Never `wg syncconf`: it sends
// every peer of the file, and a config file's peer has its allowed IPs
// replaced, so packets to unchanged peers found no peer (dropped, with an ICMP
// error to the sender) while it ran.
void PlanPeers(const NodePlan& d, const LiveWireguard& wg, bool new_config_file,
               Reconciliation& r) {
  PeerChanges peers = PeerDifferences(d, wg);
  if (!peers.descriptions.empty()) {
    ReconcileStep step{.description = absl::StrJoin(peers.descriptions, "; ")};
    if (!peers.set.empty()) {
      step.wireguard = ReconcileStep::Wireguard::kAddconf;
      step.peers = peers.set;
    }
    if (!peers.remove.empty()) {
      std::string remove = "wg set " + Q(d.interface);
      for (const auto& key : peers.remove) absl::StrAppend(&remove, " peer ", Q(key), " remove");
      step.commands.push_back(std::move(remove));
    }
    r.steps.push_back(std::move(step));
  }
  // A changed endpoint in the plan: the live peers are set to it only along
  // with a new config file, as `wg-quick up` of that file would (roaming
  // alone is no drift).
  if (!new_config_file || peers.endpoints.empty()) return;
  std::vector<std::string> descriptions;
  std::string set = "wg set " + Q(d.interface);
  for (const auto& e : peers.endpoints) {
    descriptions.push_back("set endpoint of peer " + e.peer);
    absl::StrAppend(&set, " peer ", Q(e.public_key), " endpoint ", Q(e.endpoint));
  }
  r.steps.push_back({absl::StrJoin(descriptions, "; "), {std::move(set)}});
}

void PlanInterface(const NodePlan& d, const LiveState& live, Reconciliation& r) {
  const LiveLink& wg = *live.Link(d.interface);
  if (wg.mtu != d.wireguard_mtu)
    r.steps.push_back({.description = absl::StrCat("set ", d.interface, " mtu ", d.wireguard_mtu,
                                                   " (was ", wg.mtu, ")"),
                       .ip_batch = {absl::StrCat("link set dev ", Q(d.interface), " mtu ",
                                                 d.wireguard_mtu)}});
  if (!wg.admin_up)
    r.steps.push_back({.description = "bring " + d.interface + " up",
                       .ip_batch = {LinkUpArgs(d.interface)}});
  PlanPeers(d, *live.wireguard, r.write_config, r);
  std::set<std::string> want_routes, live_routes(live.wireguard_routes.begin(),
                                                 live.wireguard_routes.end());
  for (const auto& p : d.peers) want_routes.insert(p.allowed_ips.begin(), p.allowed_ips.end());
  for (const auto& dst : want_routes)
    if (!live_routes.count(dst))
      r.steps.push_back({.description = "add route " + dst + " via " + d.interface,
                         .ip_batch = {absl::StrCat("route replace ", Q(dst), " dev ",
                                                   Q(d.interface))}});
  for (const auto& dst : live_routes)
    if (!want_routes.count(dst))
      r.steps.push_back({"remove route " + dst + " via " + d.interface,
                         {absl::StrCat("ip route del ", Q(dst), " dev ", Q(d.interface),
                                       " 2>/dev/null || true")}});
}

// The bridge's link, MAC, MTU and address; its STP settings and bringing it
// up are separate steps, ordered around the ports in Reconcile.
void PlanBridge(const NodePlan& d, const LiveState& live, Reconciliation& r) {
  const BridgePlan& b = d.bridge;
  const LiveLink* br = live.Link(b.name);
  if (!br || br->kind != "bridge") {
    IpBatch batch;
    if (br) batch.push_back(LinkDeleteArgs(b.name));
    AppendBridgeCreate(b, batch);
    r.steps.push_back({.description = "create bridge " + b.name, .ip_batch = std::move(batch)});
    AddKind(r, "bridge");
    return;
  }
  if (absl::AsciiStrToLower(br->mac) != b.mac || br->mtu != b.mtu)
    r.steps.push_back({.description = absl::StrCat("set bridge ", b.name, " mac ", b.mac, " mtu ",
                                                   b.mtu),
                       .ip_batch = {BridgeMacMtuArgs(b)}});
  const auto addrs = live.addresses.count(b.name) ? live.addresses.at(b.name)
                                                  : std::vector<std::string>{};
  if (std::find(addrs.begin(), addrs.end(), b.address) == addrs.end())
    r.steps.push_back({.description = "add address " + b.address + " to " + b.name,
                       .ip_batch = {BridgeAddressArgs(b)}});
  for (const auto& a : addrs)
    if (a != b.address)
      r.steps.push_back({.description = "remove address " + a + " from " + b.name,
                         .ip_batch = {absl::StrCat("addr del ", Q(a), " dev ", Q(b.name))}});
}

void PlanBridgeSettings(const NodePlan& d, const LiveState& live, Reconciliation& r) {
  const BridgePlan& b = d.bridge;
  const LiveLink* br = live.Link(b.name);
  if (!br || br->kind != "bridge") return;  // PlanBridge creates it with its settings
  std::vector<std::string> settings;
  if (br->stp_state != (b.stp ? 1 : 0)) settings.push_back("stp");
  if (br->priority != b.priority) settings.push_back("priority");
  if (br->forward_delay != b.forward_delay * 100) settings.push_back("forward_delay");
  if (br->hello_time != b.hello_time * 100) settings.push_back("hello_time");
  if (br->max_age != b.max_age * 100) settings.push_back("max_age");
  if (!settings.empty())
    r.steps.push_back({.description = "set bridge " + b.name + " " + absl::StrJoin(settings, ", "),
                       .ip_batch = {BridgeSettingsArgs(b)}});
}

void PlanBridgeUp(const NodePlan& d, const LiveState& live, Reconciliation& r) {
  const LiveLink* br = live.Link(d.bridge.name);
  if (!br || br->kind != "bridge" || !br->admin_up)
    r.steps.push_back({.description = "bring " + d.bridge.name + " up",
                       .ip_batch = {LinkUpArgs(d.bridge.name)}});
}

void PlanTunnels(const NodePlan& d, const LiveState& live, Reconciliation& r) {
  std::set<std::string> wanted;
  for (const auto& t : d.tunnels) wanted.insert(t.name);
  for (const auto& [name, link] : live.links)
    if (name.rfind(TunnelPrefix(d.mesh), 0) == 0 && !wanted.count(name))
      r.steps.push_back({.description = "remove tunnel " + name + " (no longer a peer)",
                         .ip_batch = {LinkDeleteArgs(name)}});
  for (const auto& t : d.tunnels) {
    const LiveLink* l = live.Link(t.name);
    if (!l || l->kind != t.type || l->local != t.local || l->remote != t.remote) {
      IpBatch batch;
      if (l) batch.push_back(LinkDeleteArgs(t.name));
      AppendTunnelCreate(d, t, batch);
      r.steps.push_back({.description = (l ? "recreate tunnel " : "create tunnel ") + t.name +
                                        " to " + t.peer,
                         .ip_batch = std::move(batch)});
      AddKind(r, t.type);
      continue;
    }
    std::vector<std::string> fields;
    if (l->mtu != t.mtu) fields.push_back("mtu");
    if (l->master != d.bridge.name) fields.push_back("bridge");
    if (!l->admin_up) fields.push_back("up");
    // Joining (or coming up) sets the isolation on the way; a port that is
    // up joins down, so it never forwards before it is isolated.
    const bool join = !fields.empty();
    if (join) {
      IpBatch batch;
      if (l->master != d.bridge.name && l->admin_up) batch.push_back(LinkDownArgs(t.name));
      for (auto& args : TunnelJoinArgs(d, t)) batch.push_back(std::move(args));
      r.steps.push_back({.description = "set tunnel " + t.name + " " + absl::StrJoin(fields, ", "),
                         .ip_batch = std::move(batch)});
    }
    if (l->isolated != d.bridge.isolated_ports && !(join && d.bridge.isolated_ports))
      r.steps.push_back({.description = "set tunnel " + t.name + " isolated " +
                                        (d.bridge.isolated_ports ? "on" : "off"),
                         .ip_batch = {TunnelIsolationArgs(t, d.bridge.isolated_ports)}});
  }
}

void PlanExtraPorts(const NodePlan& d, const LiveState& live, Reconciliation& r) {
  const BridgePlan& b = d.bridge;
  for (const auto& port : b.extra_ports) {
    const LiveLink* l = live.Link(port);
    if (!l || l->master != b.name || !l->admin_up)
      r.steps.push_back({.description = "add port " + port + " to bridge " + b.name +
                                        " (unencrypted)",
                         .ip_batch = {ExtraPortUpArgs(b, port)}});
  }
  for (const auto& [name, link] : live.links) {
    if (link.master != b.name || name.rfind(TunnelPrefix(d.mesh), 0) == 0) continue;
    if (std::find(b.extra_ports.begin(), b.extra_ports.end(), name) == b.extra_ports.end())
      r.steps.push_back({"release port " + name + " from bridge " + b.name,
                         {ExtraPortDownCommand(name)}});
  }
}

}  // namespace

std::vector<std::string> Reconciliation::Descriptions() const {
  std::vector<std::string> out;
  if (write_config) out.push_back("write the wg-quick config file");
  if (write_plan_config) out.push_back("write the node config file");
  if (write_owner) out.push_back("record this instance as the node's owner");
  for (const auto& s : steps) out.push_back(s.description);
  return out;
}

Reconciliation Reconcile(const NodePlan& d, const LiveState& live, const DesiredFiles& files) {
  Reconciliation r;
  r.write_config = !live.config.present || live.config.mode != "600" ||
                   live.config.sha256 != files.config_sha256;
  r.write_plan_config = !live.plan_config.present || live.plan_config.mode != "600" ||
                        live.plan_config.sha256 != files.plan_config_sha256;
  r.write_owner = live.owner_marker.value_or("") + "\n" != OwnerMarkerText(files.owner);
  std::vector<std::string> identity = IdentityChanges(d, live);
  if (!identity.empty()) {
    PlanRebuild(d, live, identity, r);
  } else {
    PlanBridge(d, live, r);
    // No moment with ports unguarded on a live bridge: isolation goes on
    // before STP stops, STP starts before isolation comes off, and the bridge
    // comes up (when it was down) only when every port is in place.
    if (d.bridge.stp) {
      PlanBridgeSettings(d, live, r);
      PlanTunnels(d, live, r);
    } else {
      PlanTunnels(d, live, r);
      PlanBridgeSettings(d, live, r);
    }
    PlanExtraPorts(d, live, r);
    PlanBridgeUp(d, live, r);
    PlanInterface(d, live, r);
  }
  if (live.systemd && live.unit != "enabled")
    r.steps.push_back({"enable wg-quick@" + d.interface + " at boot",
                       {absl::StrCat("systemctl enable ", Q("wg-quick@" + d.interface),
                                     " >/dev/null 2>&1")}});
  return r;
}

void PlanAdoption(const HostClaim& claim, Reconciliation& r) {
  ReconcileStep step{"", {}};
  std::vector<std::string> files;
  for (const std::string& object : claim.objects) {
    if (object.rfind('/', 0) == 0) {
      files.push_back(object);
      step.commands.push_back(
          absl::StrCat("mv -f ", Q(object), " ", Q(object + kAdoptedSuffix)));
    } else if (object.rfind("br-", 0) != 0) {  // the bridge has wgmesh's name: the rebuild replaces it
      r.adopted_links.push_back(object);
      step.commands.insert(step.commands.begin(), absl::StrCat("ip link del dev ", Q(object)));
    }
  }
  step.description = absl::StrCat("adopt the mesh the original mesh tool deployed: remove its links ",
                                  absl::StrJoin(r.adopted_links, ", "), " and keep ",
                                  absl::StrJoin(files, ", "), " aside as *", kAdoptedSuffix);
  r.steps.insert(r.steps.begin(), std::move(step));
}

}  // namespace wgmesh
