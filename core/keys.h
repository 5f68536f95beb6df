// WireGuard keys and where a mesh gets them.
//
// SeedKeys derives everything from one random 32-byte mesh seed with keyed
// BLAKE2b (libsodium crypto_generichash, key = seed) over a label, so a plan
// computes the same keys every time and adding a node changes nothing else:
//   node-key/<node>/<mesh epoch>.<node epoch>       X25519 private key, clamped
//   psk/<a>/<b>/<epoch a>/<epoch b>   (a < b)       preshared key of the pair
//   tunnel-prefix                                   ULA fdXX:XXXX:XXXX::/48
//   tunnel-addr/<node>                              interface id of the /128
//   bridge-mac/<node>                               locally administered MAC
// where <epoch x> = "<mesh key_epoch>.<node key_epoch>". Bumping an epoch
// rotates the keys it is part of; tunnel addresses and MACs never change.
//
// ExistingKeys serves the CLI, which keeps no state: keys read back from the
// hosts, and fresh random keys only for what is missing.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/ip.h"
#include "core/spec.h"

namespace wgmesh {

using Key = std::array<uint8_t, 32>;
using Mac = std::array<uint8_t, 6>;

std::string KeyToBase64(const Key& key);                     // 44 chars, as wg writes it
std::optional<Key> KeyFromBase64(std::string_view text);     // exactly 44 chars
Key PublicKeyOf(const Key& private_key);                     // X25519 base-point multiply
Key Clamp(Key k);                                            // k[0]&=248; k[31]&=127; |=64
Key RandomKey();                                             // libsodium randombytes
std::string Sha256Hex(std::string_view data);                // as sha256sum prints it
std::string MacToString(const Mac& mac);                     // "02:1a:..."
std::optional<Mac> MacFromString(std::string_view text);

class KeySource {
 public:
  virtual ~KeySource() = default;
  virtual Key NodePrivateKey(const MeshSpec& mesh, const NodeSpec& node) = 0;
  // Called with a.name < b.name.
  virtual Key PresharedKey(const MeshSpec& mesh, const NodeSpec& a, const NodeSpec& b) = 0;
  virtual IpAddr Ipv6TunnelAddress(const MeshSpec& mesh, const NodeSpec& node) = 0;
  virtual Mac BridgeMac(const MeshSpec& mesh, const NodeSpec& node) = 0;
};

class SeedKeys : public KeySource {
 public:
  explicit SeedKeys(const Key& seed) : seed_(seed) {}
  Key NodePrivateKey(const MeshSpec& mesh, const NodeSpec& node) override;
  Key PresharedKey(const MeshSpec& mesh, const NodeSpec& a, const NodeSpec& b) override;
  IpAddr Ipv6TunnelAddress(const MeshSpec& mesh, const NodeSpec& node) override;
  Mac BridgeMac(const MeshSpec& mesh, const NodeSpec& node) override;

 private:
  Key Derive(std::string_view label) const;
  Key seed_;
};

// What one host already has, as read back from its config.
struct HostKeys {
  std::optional<Key> private_key;
  std::map<std::string, Key> preshared_keys;  // by peer node name
  std::optional<IpAddr> tunnel_address;
};

class ExistingKeys : public KeySource {
 public:
  explicit ExistingKeys(std::map<std::string, HostKeys> hosts) : hosts_(std::move(hosts)) {}
  Key NodePrivateKey(const MeshSpec& mesh, const NodeSpec& node) override;
  Key PresharedKey(const MeshSpec& mesh, const NodeSpec& a, const NodeSpec& b) override;
  IpAddr Ipv6TunnelAddress(const MeshSpec& mesh, const NodeSpec& node) override;
  // Derived from the node's private key, so it is stable while the key is.
  Mac BridgeMac(const MeshSpec& mesh, const NodeSpec& node) override;

  // Nodes that got a freshly generated private key.
  const std::map<std::string, bool>& generated() const { return generated_; }

 private:
  std::map<std::string, HostKeys> hosts_;
  std::map<std::string, bool> generated_;
};

}  // namespace wgmesh
