#include "core/render_wgquick.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/shell.h"

namespace wgmesh {
namespace {

std::string Q(std::string_view w) { return ShellQuote(w); }

// Bridge timers are centiseconds on netlink.
std::string Centis(int64_t seconds) { return std::to_string(seconds * 100); }

bool IsIpv6Cidr(const std::string& cidr) { return cidr.find(':') != std::string::npos; }

std::string BridgeAddArgs(const BridgePlan& b) {
  return absl::StrCat("link add name ", Q(b.name), " type bridge");
}

std::string TunnelAddArgs(const TunnelPlan& t) {
  std::string add = absl::StrCat("link add dev ", Q(t.name), " type ", Q(t.type), " local ",
                                 Q(t.local), " remote ", Q(t.remote));
  if (t.type == "ip6gretap") add += " encaplimit none";
  return add;
}

void AppendPeerSection(const PeerPlan& p, bool keepalive_off_explicit, std::string& out) {
  absl::StrAppend(&out, "[Peer]\nPublicKey = ", p.public_key, "\nPresharedKey = ",
                  p.preshared_key, "\n");
  if (!p.endpoint.empty()) absl::StrAppend(&out, "Endpoint = ", p.endpoint, "\n");
  absl::StrAppend(&out, "AllowedIPs = ", absl::StrJoin(p.allowed_ips, ", "), "\n");
  if (p.persistent_keepalive > 0)
    absl::StrAppend(&out, "PersistentKeepalive = ", p.persistent_keepalive, "\n");
  else if (keepalive_off_explicit)
    out += "PersistentKeepalive = off\n";
}

}  // namespace

std::string BridgeSettingsArgs(const BridgePlan& b) {
  return absl::StrCat("link set dev ", Q(b.name), " type bridge stp_state ", b.stp ? 1 : 0,
                      " priority ", b.priority, " forward_delay ", Centis(b.forward_delay),
                      " hello_time ", Centis(b.hello_time), " max_age ", Centis(b.max_age));
}

std::string BridgeMacMtuArgs(const BridgePlan& b) {
  return absl::StrCat("link set dev ", Q(b.name), " address ", Q(b.mac), " mtu ", b.mtu);
}

std::string BridgeAddressArgs(const BridgePlan& b) {
  return absl::StrCat("addr replace ", Q(b.address), " dev ", Q(b.name),
                      IsIpv6Cidr(b.address) ? " nodad" : "");
}

// A tunnel joins the bridge down, takes its isolation, and only then comes
// up: a full mesh's ports forward to each other for no moment (a loop of
// gretap taps through WireGuard can storm every host on it).
// `type bridge_slave` needs the master set by an earlier line.
std::vector<std::string> TunnelJoinArgs(const NodePlan& plan, const TunnelPlan& t) {
  std::vector<std::string> args = {
      absl::StrCat("link set dev ", Q(t.name), " mtu ", t.mtu, " master ", Q(plan.bridge.name))};
  if (plan.bridge.isolated_ports) args.push_back(TunnelIsolationArgs(t, true));
  args.push_back(LinkUpArgs(t.name));
  return args;
}

std::string TunnelIsolationArgs(const TunnelPlan& t, bool isolated) {
  return absl::StrCat("link set dev ", Q(t.name), " type bridge_slave isolated ",
                      isolated ? "on" : "off");
}

std::string ExtraPortUpArgs(const BridgePlan& b, std::string_view port) {
  return absl::StrCat("link set dev ", Q(port), " master ", Q(b.name), " up");
}

std::string LinkUpArgs(std::string_view link) { return absl::StrCat("link set dev ", Q(link), " up"); }

std::string LinkDownArgs(std::string_view link) {
  return absl::StrCat("link set dev ", Q(link), " down");
}

std::string LinkDeleteArgs(std::string_view link) { return absl::StrCat("link del dev ", Q(link)); }

std::string ExtraPortDownCommand(std::string_view port) {
  return absl::StrCat("ip link set dev ", Q(port), " nomaster 2>/dev/null || true");
}

void AppendTunnelCreate(const NodePlan& plan, const TunnelPlan& t, IpBatch& batch) {
  batch.push_back(TunnelAddArgs(t));
  for (auto& args : TunnelJoinArgs(plan, t)) batch.push_back(std::move(args));
}

void AppendBridgeCreate(const BridgePlan& b, IpBatch& batch) {
  for (auto args : {BridgeAddArgs(b), BridgeSettingsArgs(b), BridgeMacMtuArgs(b),
                    BridgeAddressArgs(b)})
    batch.push_back(std::move(args));
}

// The bridge comes up last, when every port is in place.
IpBatch InterfaceCreateBatch(const NodePlan& plan) {
  const std::string wg = Q(plan.interface);
  IpBatch batch = {absl::StrCat("link add dev ", wg, " type wireguard"),
                   absl::StrCat("link set dev ", wg, " mtu ", plan.wireguard_mtu),
                   absl::StrCat("addr add ", Q(plan.tunnel_address), " dev ", wg),
                   LinkUpArgs(plan.interface)};
  for (const auto& p : plan.peers)
    for (const auto& ip : p.allowed_ips)
      batch.push_back(absl::StrCat("route replace ", Q(ip), " dev ", wg));
  AppendBridgeCreate(plan.bridge, batch);
  for (const auto& t : plan.tunnels) AppendTunnelCreate(plan, t, batch);
  for (const auto& port : plan.bridge.extra_ports) batch.push_back(ExtraPortUpArgs(plan.bridge, port));
  batch.push_back(LinkUpArgs(plan.bridge.name));
  return batch;
}

std::string RenderWgSetconf(const NodePlan& plan) {
  std::string out = absl::StrCat("[Interface]\nPrivateKey = ", plan.private_key,
                                 "\nListenPort = ", plan.listen_port, "\n");
  for (const auto& p : plan.peers) AppendPeerSection(p, /*keepalive_off_explicit=*/false, out);
  return out;
}

std::string RenderWgAddconf(const NodePlan& plan, const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& p : plan.peers)
    if (std::find(keys.begin(), keys.end(), p.public_key) != keys.end())
      AppendPeerSection(p, /*keepalive_off_explicit=*/true, out);
  return out;
}

// The same order as InterfaceCreateBatch, one shell command a line, each
// tolerant of what a previous boot left.
std::vector<std::string> LinkUpCommands(const NodePlan& plan) {
  const BridgePlan& b = plan.bridge;
  auto ip = [](const std::string& args) { return "ip " + args; };
  std::vector<std::string> cmds = {
      absl::StrCat("ip link show dev ", Q(b.name), " >/dev/null 2>&1 || ip ", BridgeAddArgs(b)),
      ip(BridgeSettingsArgs(b)), ip(BridgeMacMtuArgs(b)), ip(BridgeAddressArgs(b))};
  for (const auto& t : plan.tunnels) {
    cmds.push_back(absl::StrCat("ip link show dev ", Q(t.name), " >/dev/null 2>&1 || ip ",
                                TunnelAddArgs(t)));
    for (const auto& args : TunnelJoinArgs(plan, t)) cmds.push_back(ip(args));
  }
  for (const auto& port : b.extra_ports) cmds.push_back(ip(ExtraPortUpArgs(b, port)));
  cmds.push_back(ip(LinkUpArgs(b.name)));
  return cmds;
}

std::vector<std::string> LinkDownCommands(const NodePlan& plan) {
  std::vector<std::string> cmds;
  for (const auto& t : plan.tunnels)
    cmds.push_back(absl::StrCat("ip ", LinkDeleteArgs(t.name), " 2>/dev/null || true"));
  for (const auto& port : plan.bridge.extra_ports)
    cmds.push_back(ExtraPortDownCommand(port));
  cmds.push_back(absl::StrCat("ip ", LinkDeleteArgs(plan.bridge.name), " 2>/dev/null || true"));
  return cmds;
}

std::string RenderWgQuick(const NodePlan& plan) {
  std::string out = absl::StrCat(kConfigHeaderPrefix, "mesh ", plan.mesh, ", node ", plan.node,
                                 ". Managed by wgmesh; local edits are overwritten.\n",
                                 "[Interface]\n", "PrivateKey = ", plan.private_key, "\n",
                                 "ListenPort = ", plan.listen_port, "\n", "Address = ",
                                 plan.tunnel_address, "\n", "MTU = ", plan.wireguard_mtu, "\n");
  for (const auto& c : LinkUpCommands(plan)) absl::StrAppend(&out, "PostUp = ", c, "\n");
  for (const auto& c : LinkDownCommands(plan)) absl::StrAppend(&out, "PreDown = ", c, "\n");
  for (const auto& p : plan.peers) {
    absl::StrAppend(&out, "\n[Peer]\n# ", p.name, "\nPublicKey = ", p.public_key,
                    "\nPresharedKey = ", p.preshared_key, "\n");
    if (!p.endpoint.empty()) absl::StrAppend(&out, "Endpoint = ", p.endpoint, "\n");
    absl::StrAppend(&out, "AllowedIPs = ", absl::StrJoin(p.allowed_ips, ", "), "\n");
    if (p.persistent_keepalive > 0)
      absl::StrAppend(&out, "PersistentKeepalive = ", p.persistent_keepalive, "\n");
  }
  return out;
}

}  // namespace wgmesh
