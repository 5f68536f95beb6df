// The canonical JSON form of a NodePlan: the Mesh's per-node `config` output
// and the Node resource's `config` input. It is self-contained (keys, peers,
// tunnels, bridge) and round-trips exactly. Reading it validates every field,
// since it arrives as user input on the Node side and its values reach a
// shell on the host.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/plan.h"
#include "core/problems.h"

namespace wgmesh {

inline constexpr int kNodePlanFormat = 1;

nlohmann::json NodePlanToJson(const NodePlan& plan);
std::string NodePlanToText(const NodePlan& plan);  // compact, keys sorted

struct ParsedNodePlan {
  NodePlan plan;
  Problems problems;  // paths relative to the document: "peers.0.endpoint"
};
ParsedNodePlan NodePlanFromJson(const nlohmann::json& doc);
ParsedNodePlan NodePlanFromText(std::string_view text);

// The same document with every secret replaced by "(sensitive)", for plan
// output and logs.
nlohmann::json RedactedNodePlanJson(const NodePlan& plan);

}  // namespace wgmesh
