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
// `ip -batch -` per host step, so a step costs one process, not one per link.
// Every word is validated upstream and plain (host_scripts.cc refuses a line
// that needs quoting).
using IpBatch = std::vector<std::string>;
// The node's links from nothing, as `wg-quick up` with the file's PostUp
// hooks leaves them: the WireGuard interface (link, MTU, tunnel address, up,
// a route per peer address), then bridge, tunnels and extra ports. Keys and
// peers follow with `wg setconf` (RenderWgSetconf).
IpBatch InterfaceCreateBatch(const NodePlan& plan);
void AppendBridgeCreate(const BridgePlan& bridge, IpBatch& batch);  // add + settings, still down
void AppendTunnelCreate(const NodePlan& plan, const TunnelPlan& tunnel, IpBatch& batch);
std::string BridgeSettingsArgs(const BridgePlan& bridge);  // STP state, priority, timers
std::string BridgeMacMtuArgs(const BridgePlan& bridge);
std::string BridgeAddressArgs(const BridgePlan& bridge);
// Enslave (with the tunnel MTU), isolate in a full mesh, then up: never a
// moment with two unisolated ports up on a bridge without STP.
std::vector<std::string> TunnelJoinArgs(const NodePlan& plan, const TunnelPlan& tunnel);
std::string TunnelIsolationArgs(const TunnelPlan& tunnel, bool isolated);
std::string ExtraPortUpArgs(const BridgePlan& bridge, std::string_view port);
std::string LinkUpArgs(std::string_view link);
std::string LinkDownArgs(std::string_view link);
std::string LinkDeleteArgs(std::string_view link);
// A shell command: releases a port from its bridge, quiet if it is gone.
std::string ExtraPortDownCommand(std::string_view port);

// What `wg-quick strip` prints for RenderWgQuick(plan): the input of
// `wg setconf`, sent on stdin. Holds the keys: secret.
std::string RenderWgSetconf(const NodePlan& plan);
// The [Peer] sections of the plan's peers whose public key is in `keys`, for
// `wg addconf` on stdin: each sets every field (a keepalive of 0 as "off",
// which clears a live one). Holds the preshared keys: secret.
std::string RenderWgAddconf(const NodePlan& plan, const std::vector<std::string>& keys);

}  // namespace wgmesh
