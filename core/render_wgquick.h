// The node's wg-quick config (/etc/wireguard/wg-<mesh>.conf). Its PostUp
// hooks create the bridge and tunnels and PreDown hooks remove them, so
// `wg-quick up` at boot rebuilds the whole node. The text holds the private
// and preshared keys: it is written 0600 and never logged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/plan.h"

namespace wgmesh {

// Every wgmesh wg-quick file starts with this (how hosts tell wgmesh's files
// from others', core/ownership.h).
inline constexpr char kConfigHeaderPrefix[] = "# wgmesh: ";
std::string RenderWgQuick(const NodePlan& plan);

// The commands alone (one shell command each), for host scripts.
std::vector<std::string> LinkUpCommands(const NodePlan& plan);    // bridge, tunnels, ports
std::vector<std::string> LinkDownCommands(const NodePlan& plan);  // the reverse

// The same as `ip` arguments (without the leading "ip"): the lines of one
// `ip -batch -` (and of `bridge -batch -`) per host step, so a step costs one
// process, not one per link. Every word is validated upstream and plain
// (host_scripts.cc refuses a line that needs quoting).
struct LinkBatch {
  std::vector<std::string> ip, bridge;
};
// The node's links from nothing, as `wg-quick up` with the file's PostUp
// hooks leaves them: the WireGuard interface (link, MTU, tunnel address, up,
// a route per peer address), then bridge, tunnels and extra ports. Keys and
// peers follow with `wg setconf` (RenderWgSetconf).
LinkBatch InterfaceCreateBatch(const NodePlan& plan);
void AppendBridgeCreate(const BridgePlan& bridge, LinkBatch& batch);  // add + settings
void AppendTunnelCreate(const NodePlan& plan, const TunnelPlan& tunnel, LinkBatch& batch);
std::string BridgeSettingsArgs(const BridgePlan& bridge);
std::string BridgeMacMtuArgs(const BridgePlan& bridge);
std::string BridgeAddressArgs(const BridgePlan& bridge);
std::string TunnelPortArgs(const NodePlan& plan, const TunnelPlan& tunnel);
std::string TunnelIsolationArgs(const TunnelPlan& tunnel, bool isolated);  // `bridge` arguments
std::string ExtraPortUpArgs(const BridgePlan& bridge, std::string_view port);
std::string LinkUpArgs(std::string_view link);
std::string LinkDeleteArgs(std::string_view link);

// What `wg-quick strip` prints for RenderWgQuick(plan): the input of
// `wg setconf`/`wg syncconf`, sent on stdin. Holds the keys: secret.
std::string RenderWgSetconf(const NodePlan& plan);

// Commands for one piece, shared by LinkUpCommands and reconciliation.
std::vector<std::string> BridgeCreateCommands(const NodePlan& plan);  // create if missing + settings
std::string BridgeSettingsCommand(const BridgePlan& bridge);        // STP state, priority, timers
std::string BridgeMacMtuCommand(const BridgePlan& bridge);
std::string BridgeAddressCommand(const BridgePlan& bridge);
std::vector<std::string> TunnelUpCommands(const NodePlan& plan, const TunnelPlan& tunnel);
std::string TunnelPortCommand(const NodePlan& plan, const TunnelPlan& tunnel);  // mtu, master, up
std::string TunnelIsolationCommand(const TunnelPlan& tunnel, bool isolated);
std::string TunnelDownCommand(std::string_view tunnel_name);
std::string ExtraPortUpCommand(const BridgePlan& bridge, std::string_view port);
std::string ExtraPortDownCommand(std::string_view port);

}  // namespace wgmesh
