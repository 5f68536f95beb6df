// IP addresses and CIDR prefixes, IPv4 and IPv6, as plain values.
// Parsing is strict: no zone ids, no leading zeros tricks (inet_pton rules).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wgmesh {

enum class Family { kIpv4, kIpv6 };

struct IpAddr {
  Family family = Family::kIpv4;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4 bytes.

  static std::optional<IpAddr> Parse(std::string_view text);
  std::string ToString() const;  // canonical form (RFC 5952 for IPv6)
  int bits() const { return family == Family::kIpv4 ? 32 : 128; }
  // This address with the host part (bits after `prefix`) replaced by `host`
  // (low 64 bits; enough for every index used here).
  IpAddr WithHostPart(int prefix, uint64_t host) const;
  friend bool operator==(const IpAddr&, const IpAddr&) = default;
  friend auto operator<=>(const IpAddr&, const IpAddr&) = default;
};

struct Cidr {
  IpAddr addr;
  int prefix = 0;

  // "addr/prefix"; the prefix is required.
  static std::optional<Cidr> Parse(std::string_view text);
  std::string ToString() const;
  IpAddr Network() const;  // host bits cleared
  bool Contains(const IpAddr& ip) const;
  // The host part of `addr` (bits after the prefix), saturated at UINT64_MAX.
  uint64_t HostPart() const;
  // True when every host bit is set (the IPv4 broadcast address).
  bool IsAllOnesHost() const;
  friend bool operator==(const Cidr&, const Cidr&) = default;
};

}  // namespace wgmesh
