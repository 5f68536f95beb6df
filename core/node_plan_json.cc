#include "core/node_plan_json.h"

#include <cstdio>
#include <map>

#include "absl/strings/str_cat.h"
#include "core/endpoint.h"
#include "core/ip.h"
#include "core/json_reader.h"
#include "core/keys.h"
#include "core/names.h"
#include "core/tunnel_address.h"

namespace wgmesh {
namespace {

using nlohmann::json;

// Writes the document straight to text: a plan of a 250-node full mesh has
// 62,250 peer entries, and building a JSON tree first costs most of the time.
class Writer {
 public:
  std::string Take() { return std::move(out_); }
  Writer& Begin() { return Raw("{"), first_ = true, *this; }
  Writer& End() { return Raw("}"), first_ = false, *this; }
  Writer& Key(std::string_view key) {
    if (!first_) Raw(",");
    first_ = false;
    return Str(key), Raw(":"), *this;
  }
  Writer& Str(std::string_view s) {
    out_ += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out_ += buf;
      } else {
        out_ += c;
      }
    }
    out_ += '"';
    return *this;
  }
  Writer& Int(int64_t v) { return Raw(std::to_string(v)); }
  Writer& Bool(bool v) { return Raw(v ? "true" : "false"); }
  Writer& StrList(const std::vector<std::string>& items) {
    Raw("[");
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) Raw(",");
      Str(items[i]);
    }
    return Raw("]");
  }
  template <typename T, typename F>
  Writer& List(const std::vector<T>& items, F each) {
    Raw("[");
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) Raw(",");
      each(*this, items[i]);
    }
    return Raw("]");
  }
  Writer& Raw(std::string_view s) {
    out_ += s;
    return *this;
  }

 private:
  std::string out_;
  bool first_ = true;
};

void WritePeer(Writer& w, const PeerPlan& p) {
  w.Begin();
  w.Key("allowed_ips").StrList(p.allowed_ips);
  w.Key("endpoint").Str(p.endpoint);
  w.Key("name").Str(p.name);
  w.Key("persistent_keepalive").Int(p.persistent_keepalive);
  w.Key("preshared_key").Str(p.preshared_key);
  w.Key("public_key").Str(p.public_key);
  w.End();
}

void WriteTunnel(Writer& w, const TunnelPlan& t) {
  w.Begin();
  w.Key("local").Str(t.local);
  w.Key("mtu").Int(t.mtu);
  w.Key("name").Str(t.name);
  w.Key("peer").Str(t.peer);
  w.Key("remote").Str(t.remote);
  w.Key("type").Str(t.type);
  w.End();
}

void WriteBridge(Writer& w, const BridgePlan& b) {
  w.Begin();
  w.Key("address").Str(b.address);
  w.Key("extra_ports").StrList(b.extra_ports);
  w.Key("forward_delay").Int(b.forward_delay);
  w.Key("hello_time").Int(b.hello_time);
  w.Key("isolated_ports").Bool(b.isolated_ports);
  w.Key("mac").Str(b.mac);
  w.Key("max_age").Int(b.max_age);
  w.Key("mtu").Int(b.mtu);
  w.Key("name").Str(b.name);
  w.Key("priority").Int(b.priority);
  w.Key("stp").Bool(b.stp);
  w.End();
}

// Reads and checks one NodePlan; every error is at a path in the document.
class PlanReader {
 public:
  explicit PlanReader(Problems* p) : r_(p), p_(*p) {}

  void Read(const json& doc, NodePlan* out) {
    if (!doc.is_object()) return r_.TypeError(doc, "", "a node config must be a JSON object");
    r_.KnownFields(doc, "",
                   {"format", "mesh", "node", "network", "interface", "private_key",
                    "public_key", "listen_port", "tunnel_address", "wireguard_mtu",
                    "config_path", "peers", "tunnels", "bridge"});
    int64_t format = 0;
    Int(doc, "format", "", &format);
    if (format != kNodePlanFormat)
      p_.Error("format", std::to_string(format),
               absl::StrCat("this wgmesh reads node config format ", kNodePlanFormat));
    Str(doc, "mesh", "", &out->mesh);
    if (!out->mesh.empty() && !IsValidMeshName(out->mesh))
      p_.Error("mesh", out->mesh, "must be a valid mesh name");
    Str(doc, "node", "", &out->node);
    if (!out->node.empty() && !IsValidNodeName(out->node))
      p_.Error("node", out->node, "must be a valid node name");
    Str(doc, "network", "", &out->network);
    CheckCidr("network", out->network, false);
    Str(doc, "interface", "", &out->interface);
    Str(doc, "private_key", "", &out->private_key);
    Str(doc, "public_key", "", &out->public_key);
    CheckKeyPair(out->private_key, out->public_key);
    Int(doc, "listen_port", "", &out->listen_port);
    Range("listen_port", out->listen_port, 1, 65535);
    Str(doc, "tunnel_address", "", &out->tunnel_address);
    CheckCidr("tunnel_address", out->tunnel_address, true);
    Int(doc, "wireguard_mtu", "", &out->wireguard_mtu);
    Range("wireguard_mtu", out->wireguard_mtu, 576, 65535);
    Str(doc, "config_path", "", &out->config_path);
    ReadList(doc, "peers", [&](const json& v, const AttrPath& path) {
      out->peers.push_back(ReadPeer(v, path));
    });
    ReadList(doc, "tunnels", [&](const json& v, const AttrPath& path) {
      out->tunnels.push_back(ReadTunnel(v, path));
    });
    const json& bridge = JsonReader::Field(doc, "bridge");
    if (r_.Required(bridge, "bridge")) out->bridge = ReadBridge(bridge, "bridge");
    if (IsValidMeshName(out->mesh)) CheckNamesOfMesh(*out);
  }

 private:
  static AttrPath At(const AttrPath& base, const std::string& key) { return base.Child(key); }
  void Str(const json& obj, const std::string& key, const AttrPath& base, std::string* out) {
    const json& v = JsonReader::Field(obj, key);
    if (!r_.Required(v, At(base, key))) return;
    r_.String(v, At(base, key), out);
    if (v.is_string() && out->empty()) p_.Error(At(base, key), "", "must not be empty");
  }
  void Int(const json& obj, const std::string& key, const AttrPath& base, int64_t* out) {
    const json& v = JsonReader::Field(obj, key);
    if (r_.Required(v, At(base, key))) r_.Int(v, At(base, key), out);
  }
  void Bool(const json& obj, const std::string& key, const AttrPath& base, bool* out) {
    const json& v = JsonReader::Field(obj, key);
    if (r_.Required(v, At(base, key))) r_.Bool(v, At(base, key), out);
  }
  template <typename F>
  void ReadList(const json& obj, const std::string& key, F each) {
    const json& v = JsonReader::Field(obj, key);
    if (v.is_null()) return;  // an empty list may be left out
    if (!v.is_array()) return r_.TypeError(v, AttrPath(key.c_str()), "must be a list");
    for (size_t i = 0; i < v.size(); ++i) each(v[i], AttrPath(key.c_str()).Child(i));
  }
  void Range(const AttrPath& path, int64_t v, int64_t lo, int64_t hi) {
    if (v < lo || v > hi)
      p_.Error(path, std::to_string(v), absl::StrCat("must be from ", lo, " to ", hi));
  }
  void CheckCidr(const AttrPath& path, const std::string& v, bool host_length) {
    if (v.empty()) return;
    auto c = Cidr::Parse(v);
    if (!c || (host_length && c->prefix != c->addr.bits()) || c->ToString() != v)
      p_.Error(path, v,
               host_length ? "must be a canonical /32 or /128 address"
                           : "must be a canonical address/prefix (CIDR)");
  }
  void CheckIp(const AttrPath& path, const std::string& v) {
    auto ip = IpAddr::Parse(v);
    if (!ip || ip->ToString() != v) p_.Error(path, v, "must be a canonical IP address");
  }
  void CheckInterface(const AttrPath& path, const std::string& v) {
    if (!v.empty() && !IsValidInterfaceName(v))
      p_.Error(path, v, "must be an interface name: 1-15 of [a-zA-Z0-9_=+.-]");
  }
  void CheckKey(const AttrPath& path, const std::string& v, bool secret) {
    if (!v.empty() && !KeyFromBase64(v))
      p_.Error(path, secret ? kRedacted : v, "must be a 32-byte key in base64 (44 characters)");
  }
  void CheckKeyPair(const std::string& priv, const std::string& pub) {
    CheckKey("private_key", priv, true);
    CheckKey("public_key", pub, false);
    auto k = KeyFromBase64(priv);
    if (k && KeyFromBase64(pub) && KeyToBase64(PublicKeyOf(*k)) != pub)
      p_.Error("public_key", pub, "does not belong to private_key");
  }
  void CheckNodeName(const AttrPath& path, const std::string& v) {
    if (!v.empty() && !IsValidNodeName(v)) p_.Error(path, v, "must be a valid node name");
  }

  // Every link and file a config names must be the one derived from its mesh
  // name: reconcile deletes and replaces what the config names, so a
  // tampered `interface: eth0` or tunnel `lo` would take down the host's own
  // links. (Empty values are reported as missing already; extra ports are
  // checked where they are read.)
  void CheckNamesOfMesh(const NodePlan& plan) {
    const std::string& mesh = plan.mesh;
    auto expect = [&](const AttrPath& path, const std::string& v, const std::string& want) {
      if (!v.empty() && v != want)
        p_.Error(path, v,
                 absl::StrCat("must be ", want, ", the name wgmesh derives for mesh ", mesh,
                              " (it manages only what carries the mesh's name)"));
    };
    expect("interface", plan.interface, WireguardInterfaceName(mesh));
    expect("config_path", plan.config_path, ConfigPath(mesh));
    expect("bridge.name", plan.bridge.name, BridgeName(mesh));
    const auto own = Cidr::Parse(plan.bridge.address);
    std::map<uint64_t, size_t> indexes;  // tunnel index -> position
    for (size_t i = 0; i < plan.tunnels.size(); ++i)
      CheckTunnelOfMesh(plan, own, AttrPath("tunnels").Child(i), plan.tunnels[i], indexes, i);
  }

  // A tunnel is gt-<mesh>-<n>, n the host part of its peer's mesh address:
  // its peer is one of the config's peers, its remote that peer's tunnel
  // address, and n is unique, inside the network and not the node's own.
  // With gretap, n is also read from the remote (169.254.0.0 + 256 + n).
  void CheckTunnelOfMesh(const NodePlan& plan, const std::optional<Cidr>& own,
                         const AttrPath& base, const TunnelPlan& t,
                         std::map<uint64_t, size_t>& indexes, size_t position) {
    const std::string form = absl::StrCat(TunnelPrefix(plan.mesh),
                                          "<host part of the peer's mesh address>");
    if (t.name.empty()) return;
    const auto index = TunnelIndex(plan.mesh, t.name);
    if (!index || t.name.size() > kMaxInterfaceName)
      return p_.Error(At(base, "name"), t.name, "must be " + form);
    if (own) {  // else bridge.address is reported
      Cidr peer_addr{own->addr.WithHostPart(own->prefix, *index), own->prefix};
      if (peer_addr.HostPart() != *index)
        return p_.Error(At(base, "name"), t.name,
                        absl::StrCat("must be ", form, "; ", *index, " is outside the network"));
      if (*index == own->HostPart())
        p_.Error(At(base, "name"), t.name, "names the node's own host part, not a peer's");
    }
    if (auto [it, inserted] = indexes.emplace(*index, position); !inserted)
      p_.Error(At(base, "name"), t.name, absl::StrCat("is also the name of tunnels.", it->second));
    const PeerPlan* peer = nullptr;
    for (const auto& p : plan.peers)
      if (p.name == t.peer) peer = &p;
    if (!peer) return p_.Error(At(base, "peer"), t.peer, "must name one of the config's peers");
    if (peer->allowed_ips.size() != 1 ||
        peer->allowed_ips[0].substr(0, peer->allowed_ips[0].find('/')) != t.remote)
      p_.Error(At(base, "remote"), t.remote,
               "must be the tunnel address of peer " + t.peer + " (its allowed_ips)");
    if (t.type == "gretap") {
      auto derived = Ipv4TunnelAddress(*index);
      if (!derived || derived->ToString() != t.remote)
        p_.Error(At(base, "name"), t.name,
                 absl::StrCat("must be ", form, "; gretap remote ", t.remote,
                              " belongs to another index"));
    }
  }

  PeerPlan ReadPeer(const json& v, const AttrPath& base) {
    PeerPlan p;
    r_.KnownFields(v, base,
                   {"name", "public_key", "preshared_key", "endpoint", "allowed_ips",
                    "persistent_keepalive"});
    Str(v, "name", base, &p.name);
    CheckNodeName(At(base, "name"), p.name);
    Str(v, "public_key", base, &p.public_key);
    CheckKey(At(base, "public_key"), p.public_key, false);
    Str(v, "preshared_key", base, &p.preshared_key);
    CheckKey(At(base, "preshared_key"), p.preshared_key, true);
    r_.String(JsonReader::Field(v, "endpoint"), At(base, "endpoint"), &p.endpoint);
    if (!p.endpoint.empty()) {
      auto ep = ParseEndpoint(p.endpoint);
      if (!ep.ok() || !ep->port || ep->Format(0) != p.endpoint)
        p_.Error(At(base, "endpoint"), p.endpoint, "must be host:port or [ipv6]:port");
    }
    const json& ips = JsonReader::Field(v, "allowed_ips");
    if (r_.Required(ips, At(base, "allowed_ips")))
      r_.StringList(ips, At(base, "allowed_ips"), &p.allowed_ips);
    for (size_t i = 0; i < p.allowed_ips.size(); ++i)
      CheckCidr(At(base, "allowed_ips").Child(i), p.allowed_ips[i], false);
    Int(v, "persistent_keepalive", base, &p.persistent_keepalive);
    Range(At(base, "persistent_keepalive"), p.persistent_keepalive, 0, 65535);
    return p;
  }

  TunnelPlan ReadTunnel(const json& v, const AttrPath& base) {
    TunnelPlan t;
    r_.KnownFields(v, base, {"name", "peer", "type", "local", "remote", "mtu"});
    Str(v, "name", base, &t.name);
    CheckInterface(At(base, "name"), t.name);
    Str(v, "peer", base, &t.peer);
    CheckNodeName(At(base, "peer"), t.peer);
    Str(v, "type", base, &t.type);
    if (t.type != "ip6gretap" && t.type != "gretap")
      p_.Error(At(base, "type"), t.type, "must be one of: ip6gretap, gretap");
    Str(v, "local", base, &t.local);
    CheckIp(At(base, "local"), t.local);
    Str(v, "remote", base, &t.remote);
    CheckIp(At(base, "remote"), t.remote);
    Int(v, "mtu", base, &t.mtu);
    Range(At(base, "mtu"), t.mtu, 576, 65535);
    return t;
  }

  BridgePlan ReadBridge(const json& v, const AttrPath& base) {
    BridgePlan b;
    r_.KnownFields(v, base,
                   {"name", "address", "mac", "mtu", "stp", "isolated_ports", "priority",
                    "forward_delay", "hello_time", "max_age", "extra_ports"});
    Str(v, "name", base, &b.name);
    CheckInterface(At(base, "name"), b.name);
    Str(v, "address", base, &b.address);
    CheckCidr(At(base, "address"), b.address, false);
    Str(v, "mac", base, &b.mac);
    if (!b.mac.empty() && !MacFromString(b.mac))
      p_.Error(At(base, "mac"), b.mac, "must be a MAC address like 02:00:5e:10:00:01");
    Int(v, "mtu", base, &b.mtu);
    Range(At(base, "mtu"), b.mtu, 576, 65535);
    Bool(v, "stp", base, &b.stp);
    Bool(v, "isolated_ports", base, &b.isolated_ports);
    Int(v, "priority", base, &b.priority);
    Range(At(base, "priority"), b.priority, 0, 65535);
    Int(v, "forward_delay", base, &b.forward_delay);
    Range(At(base, "forward_delay"), b.forward_delay, 2, 30);
    Int(v, "hello_time", base, &b.hello_time);
    Range(At(base, "hello_time"), b.hello_time, 1, 10);
    Int(v, "max_age", base, &b.max_age);
    Range(At(base, "max_age"), b.max_age, 6, 40);
    r_.StringList(JsonReader::Field(v, "extra_ports"), At(base, "extra_ports"), &b.extra_ports);
    for (size_t i = 0; i < b.extra_ports.size(); ++i)
      if (std::string rule = BridgePortRule(b.extra_ports[i]); !rule.empty())
        p_.Error(At(base, "extra_ports").Child(i), b.extra_ports[i], rule);
    return b;
  }

  JsonReader r_;
  Problems& p_;
};

}  // namespace

std::string NodePlanToText(const NodePlan& plan) {
  // Keys in sorted order, as a JSON object's keys compare.
  Writer w;
  w.Begin();
  w.Key("bridge");
  WriteBridge(w, plan.bridge);
  w.Key("config_path").Str(plan.config_path);
  w.Key("format").Int(kNodePlanFormat);
  w.Key("interface").Str(plan.interface);
  w.Key("listen_port").Int(plan.listen_port);
  w.Key("mesh").Str(plan.mesh);
  w.Key("network").Str(plan.network);
  w.Key("node").Str(plan.node);
  w.Key("peers").List(plan.peers, WritePeer);
  w.Key("private_key").Str(plan.private_key);
  w.Key("public_key").Str(plan.public_key);
  w.Key("tunnel_address").Str(plan.tunnel_address);
  w.Key("tunnels").List(plan.tunnels, WriteTunnel);
  w.Key("wireguard_mtu").Int(plan.wireguard_mtu);
  w.End();
  return w.Take();
}

json NodePlanToJson(const NodePlan& plan) { return json::parse(NodePlanToText(plan)); }

ParsedNodePlan NodePlanFromJson(const json& doc) {
  ParsedNodePlan out;
  PlanReader(&out.problems).Read(doc, &out.plan);
  return out;
}

ParsedNodePlan NodePlanFromText(std::string_view text) {
  auto doc = ParseJsonText(text);
  if (!doc.ok()) {
    ParsedNodePlan out;
    out.problems.Error("", "",
                       absl::StrCat("a node config must be the JSON document the Mesh produced (",
                                    doc.status().message(), ")"));
    return out;
  }
  return NodePlanFromJson(*doc);
}

json RedactedNodePlanJson(const NodePlan& plan) { return NodePlanToJson(Redacted(plan)); }

}  // namespace wgmesh
