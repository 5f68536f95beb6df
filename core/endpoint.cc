#include "core/endpoint.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/str_cat.h"
#include "core/ip.h"

namespace wgmesh {
namespace {

constexpr char kForms[] = "use host, host:port, [ipv6], [ipv6]:port or a bare ipv6 address";

std::optional<int> ParsePort(std::string_view p) {
  if (p.empty() || p.size() > 5 || p[0] == '0') return std::nullopt;
  int port = 0;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  if (ec != std::errc() || end != p.data() + p.size() || port < 1 || port > 65535)
    return std::nullopt;
  return port;
}

}  // namespace

bool IsHostName(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    std::string_view label = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-';
      if (!ok) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string Endpoint::Format(int default_port) const {
  std::string p = std::to_string(port.value_or(default_port));
  return ipv6_literal ? "[" + host + "]:" + p : host + ":" + p;
}

absl::StatusOr<Endpoint> ParseEndpoint(std::string_view text) {
  Endpoint ep;
  if (text.empty()) return absl::InvalidArgumentError(std::string("is empty; ") + kForms);
  if (text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos)
      return absl::InvalidArgumentError(std::string("has '[' without ']'; ") + kForms);
    auto ip = IpAddr::Parse(text.substr(1, close - 1));
    if (!ip || ip->family != Family::kIpv6)
      return absl::InvalidArgumentError("brackets must hold an IPv6 address");
    ep.host = ip->ToString();
    ep.ipv6_literal = true;
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':')
        return absl::InvalidArgumentError(std::string("unexpected text after ']'; ") + kForms);
      ep.port = ParsePort(rest.substr(1));
      if (!ep.port) return absl::InvalidArgumentError("port must be a number from 1 to 65535");
    }
    return ep;
  }
  size_t colons = std::count(text.begin(), text.end(), ':');
  if (colons > 1) {  // a bare IPv6 literal: no port possible
    auto ip = IpAddr::Parse(text);
    if (!ip)
      return absl::InvalidArgumentError(
          std::string("is not a valid IPv6 address; an IPv6 endpoint with a port needs brackets: "
                      "[ipv6]:port"));
    // "fd00::2:5320" is an address, but the original tool (and wg) split it
    // at the last colon into fd00::2 port 5320: a mesh.yaml written for the
    // original must not silently mean something else here.
    const size_t last = text.rfind(':');
    const std::string head(text.substr(0, last)), tail(text.substr(last + 1));
    if (auto head_ip = IpAddr::Parse(head);
        head_ip && head_ip->family == Family::kIpv6 && ParsePort(tail))
      return absl::InvalidArgumentError(absl::StrCat(
          "is ambiguous: the original mesh tool and wg read it as address ", head, " port ", tail,
          "; write [", head, "]:", tail, " for that, or [", std::string(text),
          "] for the address alone"));
    ep.host = ip->ToString();
    ep.ipv6_literal = true;
    return ep;
  }
  std::string_view host = text;
  if (colons == 1) {
    size_t colon = text.find(':');
    host = text.substr(0, colon);
    ep.port = ParsePort(text.substr(colon + 1));
    if (!ep.port) return absl::InvalidArgumentError("port must be a number from 1 to 65535");
  }
  if (auto ip = IpAddr::Parse(host); ip && ip->family == Family::kIpv4) {
    ep.host = ip->ToString();
    ep.ipv4_literal = true;
    return ep;
  }
  bool all_digits_and_dots = host.find_first_not_of("0123456789.") == std::string_view::npos;
  if (all_digits_and_dots || !IsHostName(host))
    return absl::InvalidArgumentError(std::string("host must be an IPv4 address, an IPv6 address "
                                                  "or a DNS name of letters, digits, '-' and "
                                                  "'.'; ") + kForms);
  ep.host = std::string(host);
  return ep;
}

}  // namespace wgmesh
