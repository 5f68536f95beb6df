#include "core/spec.h"

namespace wgmesh {

const NodeSpec* MeshSpec::FindNode(const std::string& node_name) const {
  for (const auto& n : nodes)
    if (n.name == node_name) return &n;
  return nullptr;
}

const std::vector<SpecField>& MeshFields() {
  static const std::vector<SpecField> fields = {
      {"name", false},         {"network", false},         {"full", false},
      {"nodes", false},        {"underlay_mtu", false},    {"underlay_family", false},
      {"tunnel_type", false},  {"stp", false},             {"stp_forward_delay", false},
      {"key_epoch", false},
  };
  return fields;
}

const std::vector<SpecField>& NodeFields() {
  static const std::vector<SpecField> fields = {
      {"addr", false},        {"endpoint", false},  {"listen_port", false},
      {"prio", false},        {"peers", false},     {"persistent_keepalive", false},
      {"key_epoch", false},   {"bridge_ports", false}, {"ssh", true},
      {"name", true},         {"json", true},
  };
  return fields;
}

}  // namespace wgmesh
