#include "core/original_config.h"

#include <charconv>

#include "absl/strings/str_cat.h"

namespace wgmesh {
namespace {

std::string Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  return std::string(s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1));
}

// "fd12::1/128" -> the address.
std::optional<IpAddr> AddressOf(const std::string& cidr) {
  return IpAddr::Parse(cidr.substr(0, cidr.find('/')));
}

}  // namespace

std::string OriginalInterfaceName(std::string_view mesh, uint64_t index) {
  return absl::StrCat("wg-", std::string(mesh), index);
}

absl::StatusOr<OriginalConfig> ParseOriginalConfig(std::string_view text) {
  OriginalConfig config;
  bool have_private_key = false;
  enum class Section { kNone, kInterface, kPeer } section = Section::kNone;
  int line_number = 0;
  auto bad = [&](std::string_view what) {
    return absl::DataLossError(
        absl::StrCat("the original tool's config, line ", line_number, ": ", std::string(what)));
  };
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line = Trim(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.empty()) continue;
    if (line == "[Interface]") {
      section = Section::kInterface;
      continue;
    }
    if (line == "[Peer]") {
      section = Section::kPeer;
      config.peers.emplace_back();
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;  // another comment
    const std::string key = Trim(std::string_view(line).substr(0, eq));
    const std::string value = Trim(std::string_view(line).substr(eq + 1));
    if (section == Section::kInterface) {
      if (key == "PrivateKey") {
        auto k = KeyFromBase64(value);
        if (!k) return bad("PrivateKey is not a base64 WireGuard key");
        config.private_key = *k;
        have_private_key = true;
      } else if (key == "Address") {
        if (!config.tunnel_address) config.tunnel_address = AddressOf(value);
        if (!config.tunnel_address) return bad("Address is not an IP address");
      } else if (key == "ListenPort") {
        int64_t port = 0;
        auto [parsed_end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
        if (ec != std::errc() || parsed_end != value.data() + value.size() || port < 1 || port > 65535)
          return bad("ListenPort is not a port number");
        config.listen_port = port;
      }
    } else if (section == Section::kPeer) {
      OriginalPeer& peer = config.peers.back();
      if (key == "# friendly_name") {
        peer.name = value;
      } else if (key == "PublicKey") {
        auto k = KeyFromBase64(value);
        if (!k) return bad("PublicKey is not a base64 WireGuard key");
        peer.public_key = *k;
      } else if (key == "PresharedKey") {
        auto k = KeyFromBase64(value);
        if (!k) return bad("PresharedKey is not a base64 WireGuard key");
        peer.preshared_key = *k;
      } else if (key == "AllowedIPs" && !peer.tunnel_address) {
        peer.tunnel_address = AddressOf(Trim(value.substr(0, value.find(','))));
      }
    }
  }
  if (!have_private_key) return absl::DataLossError("the original tool's config has no PrivateKey");
  return config;
}

}  // namespace wgmesh
