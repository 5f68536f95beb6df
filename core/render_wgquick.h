// The node's wg-quick config (/etc/wireguard/wg-<mesh>.conf). Its PostUp
// hooks create the bridge and tunnels and PreDown hooks remove them, so
// `wg-quick up` at boot rebuilds the whole node. The text holds the private
// and preshared keys: it is written 0600 and never logged.
#pragma once

#include <string>
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
