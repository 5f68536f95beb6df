#include "core/spec_parse.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/ip.h"
#include "core/json_reader.h"
#include "core/ssh_spec.h"

namespace wgmesh {
namespace {

using nlohmann::json;

std::vector<std::string> Names(const std::vector<SpecField>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  return names;
}

// The original's endpoint mapping {host, port} as wgmesh's endpoint text.
void ReadEndpoint(const json& v, const AttrPath& path, JsonReader& r,
                  std::optional<std::string>* out) {
  if (!v.is_object()) return r.OptString(v, path, out);
  r.KnownFields(v, path, {"host", "port"});
  std::string host;
  r.String(JsonReader::Field(v, "host"), path.Child("host"), &host);
  if (host.empty()) return r.problems().Error(path.Child("host"), "", "is required");
  std::optional<int64_t> port;
  r.OptInt(QuotedIntAsInt(JsonReader::Field(v, "port")), path.Child("port"), &port);
  const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  if (!port) {
    *out = host;
  } else {
    *out = absl::StrCat(v6 ? "[" : "", host, v6 ? "]" : "", ":", *port);
  }
}

// The original's `json`: any mapping, kept as its JSON text.
void ReadJsonMeta(const json& v, const AttrPath& path, JsonReader& r,
                  std::optional<std::string>* out) {
  if (v.is_null()) return;
  if (!v.is_object()) return r.TypeError(v, path, "must be a mapping (a JSON object)");
  *out = v.dump();
  r.problems().Warning(path, "",
                       "is accepted and kept, but not written into the peers' configs (the "
                       "original wrote it there as a friendly_json comment)");
}

// "10.0.0.1/255.255.255.0" (netmask) or "/0.0.0.255" (hostmask), which the
// original's ipaddress module took, as "10.0.0.1/24"; anything else unchanged.
std::string PrefixFromMask(const std::string& cidr) {
  const size_t slash = cidr.find('/');
  if (slash == std::string::npos) return cidr;
  auto mask = IpAddr::Parse(cidr.substr(slash + 1));
  if (!mask || mask->family != Family::kIpv4) return cidr;
  const uint32_t m = uint32_t{mask->bytes[0]} << 24 | uint32_t{mask->bytes[1]} << 16 |
                     uint32_t{mask->bytes[2]} << 8 | mask->bytes[3];
  for (uint32_t bits : {m, ~m}) {
    const int ones = __builtin_popcount(bits);
    const uint32_t contiguous = ones == 0 ? 0 : ~uint32_t{0} << (32 - ones);
    if (bits == contiguous) return absl::StrCat(cidr.substr(0, slash), "/", ones);
  }
  return cidr;
}

NodeSpec ReadNode(const std::string& name, const json& v, JsonReader& r) {
  NodeSpec node;
  node.name = name;
  const AttrPath base = AttrPath("nodes").Child(name);
  if (!v.is_object()) {
    r.TypeError(v, base, "must be a mapping of node fields (addr, endpoint, ...)");
    return node;
  }
  r.KnownFields(v, base, Names(NodeFields()));
  // The original allowed `name` inside a node when it is the node's key.
  if (const json& inner = JsonReader::Field(v, "name"); !inner.is_null() &&
      !(inner.is_string() && (inner.get<std::string>().empty() || inner.get<std::string>() == name)))
    r.TypeError(inner, base.Child("name"),
                "must be the node's key (" + name + ") or be left out, as the original required");
  auto at = [&](const char* key) -> const json& { return JsonReader::Field(v, key); };
  auto path = [&](const char* key) { return base.Child(key); };
  r.String(at("addr"), path("addr"), &node.addr);  // required: validation says so
  node.addr = PrefixFromMask(node.addr);
  ReadEndpoint(at("endpoint"), path("endpoint"), r, &node.endpoint);
  r.OptInt(QuotedIntAsInt(at("listen_port")), path("listen_port"), &node.listen_port);
  r.OptInt(QuotedIntAsInt(at("prio")), path("prio"), &node.prio);
  r.StringList(at("peers"), path("peers"), &node.peers);
  r.OptInt(at("persistent_keepalive"), path("persistent_keepalive"), &node.persistent_keepalive);
  r.Int(at("key_epoch"), path("key_epoch"), &node.key_epoch);
  r.StringList(at("bridge_ports"), path("bridge_ports"), &node.bridge_ports);
  ReadSshSpec(at("ssh"), path("ssh"), r, &node.ssh);
  ReadJsonMeta(at("json"), path("json"), r, &node.json);
  return node;
}

}  // namespace

ParsedSpec SpecFromDocument(const json& doc) {
  ParsedSpec out;
  JsonReader r(&out.problems);
  MeshSpec& spec = out.spec;
  if (!doc.is_object()) {
    r.TypeError(doc, "", "a mesh must be a mapping with name, network and nodes");
    return out;
  }
  r.KnownFields(doc, "", Names(MeshFields()));
  auto at = [&](const char* key) -> const json& { return JsonReader::Field(doc, key); };
  // name, network and addr are required: validation reports them when empty.
  r.String(at("name"), "name", &spec.name);
  r.String(at("network"), "network", &spec.network);
  spec.network = PrefixFromMask(spec.network);
  r.Bool(at("full"), "full", &spec.full);
  r.Int(at("underlay_mtu"), "underlay_mtu", &spec.underlay_mtu);
  r.String(at("underlay_family"), "underlay_family", &spec.underlay_family);
  r.String(at("tunnel_type"), "tunnel_type", &spec.tunnel_type);
  if (at("stp").is_boolean())  // PyYAML reads a bare `stp: on` as a boolean
    spec.stp = at("stp").get<bool>() ? "on" : "off";
  else
    r.String(at("stp"), "stp", &spec.stp);
  r.Int(at("stp_forward_delay"), "stp_forward_delay", &spec.stp_forward_delay);
  r.Int(at("key_epoch"), "key_epoch", &spec.key_epoch);

  const json& nodes = at("nodes");
  if (!r.Required(nodes, "nodes")) {
  } else if (!nodes.is_object()) {
    // The original meant to take a list of nodes with `name` too, but 0.2.5
    // fails on every list (NameError), so no file of its users has one.
    r.TypeError(nodes, "nodes", "must be a mapping of node name to node fields");
  } else {
    for (const auto& [name, value] : nodes.items()) spec.nodes.push_back(ReadNode(name, value, r));
  }
  std::sort(spec.nodes.begin(), spec.nodes.end(),
            [](const NodeSpec& a, const NodeSpec& b) { return a.name < b.name; });
  return out;
}

json SpecToDocument(const MeshSpec& spec) {
  const MeshSpec defaults;
  json doc = {{"name", spec.name}, {"network", spec.network}, {"full", spec.full}};
  if (spec.underlay_mtu != defaults.underlay_mtu) doc["underlay_mtu"] = spec.underlay_mtu;
  if (spec.underlay_family != defaults.underlay_family)
    doc["underlay_family"] = spec.underlay_family;
  if (spec.tunnel_type != defaults.tunnel_type) doc["tunnel_type"] = spec.tunnel_type;
  if (spec.stp != defaults.stp) doc["stp"] = spec.stp;
  if (spec.stp_forward_delay != defaults.stp_forward_delay)
    doc["stp_forward_delay"] = spec.stp_forward_delay;
  if (spec.key_epoch != defaults.key_epoch) doc["key_epoch"] = spec.key_epoch;
  json nodes = json::object();
  for (const auto& n : spec.nodes) {
    json node = {{"addr", n.addr}};
    if (n.endpoint) node["endpoint"] = *n.endpoint;
    if (n.listen_port) node["listen_port"] = *n.listen_port;
    if (n.prio) node["prio"] = *n.prio;
    if (!n.peers.empty()) node["peers"] = n.peers;
    if (n.persistent_keepalive) node["persistent_keepalive"] = *n.persistent_keepalive;
    if (n.key_epoch) node["key_epoch"] = n.key_epoch;
    if (!n.bridge_ports.empty()) node["bridge_ports"] = n.bridge_ports;
    if (n.ssh) node["ssh"] = SshTargetToDocument(*n.ssh);
    if (n.json) node["json"] = json::parse(*n.json);
    nodes[n.name] = node;
  }
  doc["nodes"] = nodes;
  return doc;
}

}  // namespace wgmesh
