#include "core/ip.h"

#include <arpa/inet.h>

#include <charconv>

namespace wgmesh {
namespace {

bool BitSet(const std::array<uint8_t, 16>& b, int i) { return (b[i / 8] >> (7 - i % 8)) & 1; }

}  // namespace

std::optional<IpAddr> IpAddr::Parse(std::string_view text) {
  // inet_pton reads a C string: "10.0.0.1\0junk" must not pass as 10.0.0.1.
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  std::string s(text);
  IpAddr ip;
  if (s.find(':') != std::string::npos) {
    ip.family = Family::kIpv6;
    if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) != 1) return std::nullopt;
  } else {
    ip.family = Family::kIpv4;
    if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) != 1) return std::nullopt;
  }
  return ip;
}

std::string IpAddr::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == Family::kIpv4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

IpAddr IpAddr::WithHostPart(int prefix, uint64_t host) const {
  IpAddr out = *this;
  for (int i = bits() - 1, shift = 0; i >= prefix; --i, ++shift) {
    uint8_t mask = static_cast<uint8_t>(1u << (7 - i % 8));
    bool bit = shift < 64 && ((host >> shift) & 1);
    out.bytes[i / 8] = bit ? (out.bytes[i / 8] | mask) : (out.bytes[i / 8] & ~mask);
  }
  return out;
}

std::optional<Cidr> Cidr::Parse(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = IpAddr::Parse(text.substr(0, slash));
  if (!ip) return std::nullopt;
  std::string_view p = text.substr(slash + 1);
  if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return std::nullopt;
  int prefix = -1;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
  if (ec != std::errc() || end != p.data() + p.size()) return std::nullopt;
  if (prefix < 0 || prefix > ip->bits()) return std::nullopt;
  return Cidr{*ip, prefix};
}

std::string Cidr::ToString() const { return addr.ToString() + "/" + std::to_string(prefix); }

IpAddr Cidr::Network() const { return addr.WithHostPart(prefix, 0); }

bool Cidr::Contains(const IpAddr& ip) const {
  if (ip.family != addr.family) return false;
  for (int i = 0; i < prefix; ++i)
    if (BitSet(ip.bytes, i) != BitSet(addr.bytes, i)) return false;
  return true;
}

uint64_t Cidr::HostPart() const {
  uint64_t host = 0;
  for (int i = prefix; i < addr.bits(); ++i) {
    if (host >> 63) return UINT64_MAX;
    host = (host << 1) | (BitSet(addr.bytes, i) ? 1 : 0);
  }
  return host;
}

bool Cidr::IsAllOnesHost() const {
  for (int i = prefix; i < addr.bits(); ++i)
    if (!BitSet(addr.bytes, i)) return false;
  return prefix < addr.bits();
}

}  // namespace wgmesh
