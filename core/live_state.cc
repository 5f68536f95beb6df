#include "core/live_state.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "core/input_limits.h"

namespace wgmesh {
namespace {

using nlohmann::json;

// Splits the output into sections: "@@wgmesh <name>\n<body>".
std::map<std::string, std::string> Sections(std::string_view output) {
  std::map<std::string, std::string> out;
  std::string current;
  std::istringstream in{std::string(output)};
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(kSectionMarker, 0) == 0) {
      current = line.substr(sizeof(kSectionMarker) - 1);
      out[current];
      continue;
    }
    if (!current.empty()) out[current] += line + "\n";
  }
  return out;
}

// `ip -j` prints integers; a float or an unsigned beyond int64 (a hostile or
// broken host) reads as absent rather than as a conversion nlohmann leaves undefined.
int64_t IntOr0(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return 0;
  if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return 0;
  return it->get<int64_t>();
}

std::string StrOr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

LiveLink ParseLink(const json& j) {
  LiveLink l;
  l.name = StrOr(j, "ifname");
  l.ifindex = IntOr0(j, "ifindex");
  l.mtu = IntOr0(j, "mtu");
  l.master = StrOr(j, "master");
  l.mac = StrOr(j, "address");
  if (auto f = j.find("flags"); f != j.end() && f->is_array())
    for (const auto& flag : *f)
      if (flag == "UP") l.admin_up = true;
  auto info = j.find("linkinfo");
  if (info == j.end() || !info->is_object()) return l;
  l.kind = StrOr(*info, "info_kind");
  if (auto d = info->find("info_data"); d != info->end() && d->is_object()) {
    l.local = StrOr(*d, "local");
    l.remote = StrOr(*d, "remote");
    l.stp_state = IntOr0(*d, "stp_state");
    l.priority = IntOr0(*d, "priority");
    l.forward_delay = IntOr0(*d, "forward_delay");
    l.hello_time = IntOr0(*d, "hello_time");
    l.max_age = IntOr0(*d, "max_age");
  }
  if (auto s = info->find("info_slave_data"); s != info->end() && s->is_object()) {
    l.port_state = StrOr(*s, "state");
    if (auto iso = s->find("isolated"); iso != s->end() && iso->is_boolean())
      l.isolated = iso->get<bool>();
  }
  return l;
}

absl::StatusOr<json> ParseJson(const std::string& body, const char* section) {
  if (body.find_first_not_of(" \n") == std::string::npos) return json::array();
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return absl::DataLossError(std::string("unreadable `") + section + "` output from the host");
  return j;
}

// `wg show <if> dump`: the interface line, then one line per peer, tab-separated.
std::optional<LiveWireguard> ParseWgDump(const std::string& body) {
  std::vector<std::string> lines = absl::StrSplit(body, '\n', absl::SkipEmpty());
  if (lines.empty()) return std::nullopt;
  std::vector<std::string> head = absl::StrSplit(lines[0], '\t');
  if (head.size() < 3) return std::nullopt;
  LiveWireguard wg;
  wg.public_key = head[1];
  (void)absl::SimpleAtoi(head[2], &wg.listen_port);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = absl::StrSplit(lines[i], '\t');
    if (f.size() < 8) continue;
    LivePeer p;
    p.public_key = f[0];
    p.preshared_key = f[1];
    p.endpoint = f[2];
    if (f[3] != "(none)") p.allowed_ips = absl::StrSplit(f[3], ',', absl::SkipEmpty());
    (void)absl::SimpleAtoi(f[4], &p.latest_handshake);
    (void)absl::SimpleAtoi(f[5], &p.rx_bytes);
    (void)absl::SimpleAtoi(f[6], &p.tx_bytes);
    if (f[7] != "off") (void)absl::SimpleAtoi(f[7], &p.persistent_keepalive);
    wg.peers.push_back(std::move(p));
  }
  return wg;
}

std::string FirstLine(const std::string& body) { return body.substr(0, body.find('\n')); }

// "present 600 <sha256>" or "absent".
LiveFile ParseFile(const std::string& body) {
  LiveFile f;
  std::vector<std::string> w = absl::StrSplit(body, absl::ByAnyChar(" \n"), absl::SkipEmpty());
  if (w.size() >= 3 && w[0] == "present") {
    f.present = true;
    f.mode = w[1];
    f.sha256 = w[2];
  }
  return f;
}

}  // namespace

const LiveLink* LiveState::Link(std::string_view name) const {
  auto it = links.find(std::string(name));
  return it == links.end() ? nullptr : &it->second;
}

absl::StatusOr<LiveState> ParseLiveState(std::string_view output) {
  // Its values end up in JSON output (show -j), which cannot hold other bytes.
  if (!IsValidUtf8(output)) return absl::DataLossError("the host's answer is not UTF-8 text");
  auto sections = Sections(output);
  for (const char* required : {"tools", "links", "routes", "wg", "config", "end"})
    if (!sections.count(required))
      return absl::DataLossError(std::string("the host's answer lacks the `") + required +
                                 "` section (was the read script cut short?)");
  LiveState s;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(sections["tools"], '\n', absl::SkipEmpty()))) {
    std::vector<std::string> w = absl::StrSplit(line, ' ');
    if (w.size() != 2) continue;
    if (w[0] == "systemd")
      s.systemd = w[1] == "yes";
    else
      s.tools[w[0]] = w[1] == "yes";
  }
  // `ip -j -d addr show`: each link with its details and its addresses.
  auto links = ParseJson(sections["links"], "ip -j -d addr show");
  if (!links.ok()) return links.status();
  for (const auto& j : *links) {
    LiveLink l = ParseLink(j);
    if (auto info = j.find("addr_info"); info != j.end() && info->is_array())
      for (const auto& a : *info)
        if (StrOr(a, "scope") == "global")
          s.addresses[l.name].push_back(StrOr(a, "local") + "/" +
                                        std::to_string(IntOr0(a, "prefixlen")));
    s.links[l.name] = std::move(l);
  }
  // `ip -j route show table all dev <wg>`: both families, every table; only
  // the main table's routes (no "table" key) are the mesh's.
  auto routes = ParseJson(sections["routes"], "ip -j route show");
  if (!routes.ok()) return routes.status();
  for (const auto& r : *routes) {
    if (!r.is_object() || r.contains("table")) continue;
    if (StrOr(r, "protocol") == "kernel") continue;  // the interface's own address
    std::string dst = StrOr(r, "dst");
    if (dst.find('/') == std::string::npos)
      dst += dst.find(':') != std::string::npos ? "/128" : "/32";
    s.wireguard_routes.push_back(dst);
  }
  s.wireguard = ParseWgDump(sections["wg"]);
  s.config = ParseFile(sections["config"]);
  s.plan_config = ParseFile(sections["plan-config"]);
  s.unit = FirstLine(sections["unit"]);
  // "present <first line>" or "absent".
  if (std::string owner = FirstLine(sections["owner"]); owner.rfind("present", 0) == 0)
    s.owner_marker = owner.size() > 8 ? owner.substr(8) : "";
  s.config_header_wgmesh = FirstLine(sections["config-header"]) == "wgmesh";
  s.wireguard_dir = absl::StrSplit(sections["files"], '\n', absl::SkipEmpty());
  s.fingerprint = FirstLine(sections["fingerprint"]);
  return s;
}

}  // namespace wgmesh
