// go-plugin's launch contract, as pure functions: the magic cookie, protocol
// version negotiation, the one handshake line on stdout and the debug-mode
// TF_REATTACH_PROVIDERS value.
#ifndef WGMESH_PROVIDER_TERRAFORM_HANDSHAKE_H_
#define WGMESH_PROVIDER_TERRAFORM_HANDSHAKE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wgmesh::terraform {

inline constexpr char kMagicCookieKey[] = "TF_PLUGIN_MAGIC_COOKIE";
inline constexpr char kMagicCookieValue[] =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
inline constexpr int kProtocolVersion = 6;
// The provider's source address (dev_overrides, filesystem mirrors, reattach).
inline constexpr char kProviderAddress[] = "wgmesh.local/wgmesh/wgmesh";

// FailedPrecondition with a message for people when the cookie is absent or wrong.
absl::Status CheckMagicCookie(const char* value);
// PLUGIN_PROTOCOL_VERSIONS ("5,6", "6,5", "6"; unset = 6): 6, or an error when 6 is absent.
absl::StatusOr<int> NegotiateProtocol(const char* versions);
// "1|6|unix|/tmp/plugin123/p.sock|grpc|<cert>" (cert "" when serving plaintext).
std::string HandshakeLine(std::string_view network, std::string_view address,
                          std::string_view cert_base64);
// {"<provider address>":{"Protocol":"grpc","ProtocolVersion":6,"Pid":N,"Test":true,
//  "Addr":{"Network":"unix","String":"/path"}}}
std::string ReattachJson(std::string_view provider_address, long pid, std::string_view network,
                         std::string_view address);

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_HANDSHAKE_H_
