// The server certificate for go-plugin's AutoMTLS: a fresh self-signed ECDSA
// P-256 certificate per process (CN and SAN DNS "localhost", NotBefore 30 s in
// the past, CA, key usages and EKUs as go-plugin generates its own), whose DER
// goes into the handshake line as unpadded standard base64.
#ifndef WGMESH_PROVIDER_TERRAFORM_TLS_CERT_H_
#define WGMESH_PROVIDER_TERRAFORM_TLS_CERT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wgmesh::terraform {

struct ServerCert {
  std::string cert_pem;
  std::string key_pem;  // secret: kept in memory only
  std::string der;      // the certificate, DER
};

absl::StatusOr<ServerCert> GenerateServerCert();

// Standard alphabet, no '=' padding.
std::string Base64NoPad(std::string_view bytes);

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_TLS_CERT_H_
