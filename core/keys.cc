#include "core/keys.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace wgmesh {
namespace {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) {
    std::fputs("wgmesh: libsodium failed to initialise\n", stderr);
    std::abort();
  }
}

Key Blake2b(const Key& key, std::string_view label) {
  EnsureSodium();
  Key out;
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), key.data(), key.size());
  return out;
}

std::string Epoch(const MeshSpec& mesh, const NodeSpec& node) {
  return absl::StrCat(mesh.key_epoch, ".", node.key_epoch);
}

Mac MacFrom(const Key& material) {
  Mac mac;
  std::copy_n(material.begin(), mac.size(), mac.begin());
  mac[0] = static_cast<uint8_t>((mac[0] & 0xfe) | 0x02);  // unicast, locally administered
  return mac;
}

IpAddr UlaFrom(const Key& prefix, const Key& interface_id) {
  IpAddr ip;
  ip.family = Family::kIpv6;
  ip.bytes[0] = 0xfd;
  std::copy_n(prefix.begin(), 5, ip.bytes.begin() + 1);  // 40-bit global id; subnet 0
  std::copy_n(interface_id.begin(), 8, ip.bytes.begin() + 8);
  return ip;
}

}  // namespace

std::string KeyToBase64(const Key& key) {
  EnsureSodium();
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(out, sizeof out, key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  return out;
}

std::optional<Key> KeyFromBase64(std::string_view text) {
  EnsureSodium();
  if (text.size() != 44 || text.back() != '=') return std::nullopt;
  Key key;
  size_t len = 0;
  if (sodium_base642bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != key.size())
    return std::nullopt;
  return key;
}

Key Clamp(Key k) {
  k[0] &= 248;
  k[31] &= 127;
  k[31] |= 64;
  return k;
}

Key PublicKeyOf(const Key& private_key) {
  EnsureSodium();
  Key pub;
  crypto_scalarmult_base(pub.data(), private_key.data());
  return pub;
}

Key RandomKey() {
  EnsureSodium();
  Key k;
  randombytes_buf(k.data(), k.size());
  return k;
}

std::string Sha256Hex(std::string_view data) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string MacToString(const Mac& mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

std::optional<Mac> MacFromString(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  Mac mac;
  for (size_t i = 0; i < 6; ++i) {
    if (i > 0 && text[i * 3 - 1] != ':') return std::nullopt;
    unsigned v = 0;
    for (char c : text.substr(i * 3, 2)) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(d);
    }
    mac[i] = static_cast<uint8_t>(v);
  }
  return mac;
}

Key SeedKeys::Derive(std::string_view label) const { return Blake2b(seed_, label); }

Key SeedKeys::NodePrivateKey(const MeshSpec& mesh, const NodeSpec& node) {
  return Clamp(Derive(absl::StrCat("node-key/", node.name, "/", Epoch(mesh, node))));
}

Key SeedKeys::PresharedKey(const MeshSpec& mesh, const NodeSpec& a, const NodeSpec& b) {
  return Derive(
      absl::StrCat("psk/", a.name, "/", b.name, "/", Epoch(mesh, a), "/", Epoch(mesh, b)));
}

IpAddr SeedKeys::Ipv6TunnelAddress(const MeshSpec&, const NodeSpec& node) {
  return UlaFrom(Derive("tunnel-prefix"), Derive(absl::StrCat("tunnel-addr/", node.name)));
}

Mac SeedKeys::BridgeMac(const MeshSpec&, const NodeSpec& node) {
  return MacFrom(Derive(absl::StrCat("bridge-mac/", node.name)));
}

Key ExistingKeys::NodePrivateKey(const MeshSpec&, const NodeSpec& node) {
  HostKeys& host = hosts_[node.name];
  if (!host.private_key) {
    host.private_key = Clamp(RandomKey());
    generated_[node.name] = true;
  }
  return *host.private_key;
}

Key ExistingKeys::PresharedKey(const MeshSpec&, const NodeSpec& a, const NodeSpec& b) {
  HostKeys& ha = hosts_[a.name];
  HostKeys& hb = hosts_[b.name];
  if (auto it = ha.preshared_keys.find(b.name); it != ha.preshared_keys.end()) {
    hb.preshared_keys[a.name] = it->second;
    return it->second;
  }
  if (auto it = hb.preshared_keys.find(a.name); it != hb.preshared_keys.end()) {
    ha.preshared_keys[b.name] = it->second;
    return it->second;
  }
  Key psk = RandomKey();
  ha.preshared_keys[b.name] = psk;
  hb.preshared_keys[a.name] = psk;
  return psk;
}

IpAddr ExistingKeys::Ipv6TunnelAddress(const MeshSpec&, const NodeSpec& node) {
  HostKeys& host = hosts_[node.name];
  if (!host.tunnel_address || host.tunnel_address->family != Family::kIpv6)
    host.tunnel_address = UlaFrom(RandomKey(), RandomKey());
  return *host.tunnel_address;
}

Mac ExistingKeys::BridgeMac(const MeshSpec& mesh, const NodeSpec& node) {
  return MacFrom(Blake2b(NodePrivateKey(mesh, node), "bridge-mac"));
}

}  // namespace wgmesh
