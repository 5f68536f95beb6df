#include "core/spec_parse.h"

#include <algorithm>

#include "core/json_reader.h"

namespace wgmesh {
namespace {

using nlohmann::json;

std::vector<std::string> Names(const std::vector<SpecField>& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  return names;
}

void ReadSsh(const json& v, const AttrPath& path, JsonReader& r,
             std::optional<SshTarget>* out) {
  if (v.is_null()) return;
  SshTarget target;
  if (v.is_string()) {
    target.alias = v.get<std::string>();
    if (target.alias.empty()) return r.TypeError(v, path, "must not be empty");
  } else if (v.is_object()) {
    for (const auto& [key, value] : v.items()) {
      if (value.is_string())
        target.fields[key] = value.get<std::string>();
      else if (value.is_number_integer() || value.is_boolean())
        target.fields[key] = value.dump();
      else
        r.TypeError(value, path.Child(key), "must be a string, number or boolean");
    }
    if (!target.fields.count("host"))
      r.problems().Error(path.Child("host"), "", "an ssh mapping needs at least `host`");
  } else {
    return r.TypeError(v, path, "must be an ssh host alias (string) or a mapping with `host`");
  }
  *out = std::move(target);
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
  auto at = [&](const char* key) -> const json& { return JsonReader::Field(v, key); };
  auto path = [&](const char* key) { return base.Child(key); };
  r.String(at("addr"), path("addr"), &node.addr);  // required: validation says so
  r.OptString(at("endpoint"), path("endpoint"), &node.endpoint);
  r.OptInt(at("listen_port"), path("listen_port"), &node.listen_port);
  r.OptInt(at("prio"), path("prio"), &node.prio);
  r.StringList(at("peers"), path("peers"), &node.peers);
  r.OptInt(at("persistent_keepalive"), path("persistent_keepalive"), &node.persistent_keepalive);
  r.Int(at("key_epoch"), path("key_epoch"), &node.key_epoch);
  r.StringList(at("bridge_ports"), path("bridge_ports"), &node.bridge_ports);
  ReadSsh(at("ssh"), path("ssh"), r, &node.ssh);
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
    if (n.ssh) node["ssh"] = n.ssh->alias.empty() ? json(n.ssh->fields) : json(n.ssh->alias);
    nodes[n.name] = node;
  }
  doc["nodes"] = nodes;
  return doc;
}

}  // namespace wgmesh
