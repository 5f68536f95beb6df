#include "provider/terraform/handshake.h"

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace wgmesh::terraform {

absl::Status CheckMagicCookie(const char* value) {
  if (value != nullptr && std::string_view(value) == kMagicCookieValue) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "This binary is a plugin. These are not meant to be executed directly.\n"
      "Please execute the program that consumes these plugins (tofu or terraform), which "
      "will load any plugins automatically. To run it for a debugger, start it with -debug.");
}

absl::StatusOr<int> NegotiateProtocol(const char* versions) {
  if (versions == nullptr || *versions == '\0') return kProtocolVersion;
  for (absl::string_view part : absl::StrSplit(versions, ',')) {
    int v = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(part), &v) && v == kProtocolVersion)
      return kProtocolVersion;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("terraform-provider-wgmesh speaks plugin protocol ", kProtocolVersion,
                   " only; the client offers \"", versions,
                   "\". Use Terraform >= 1.0 or any OpenTofu release."));
}

std::string HandshakeLine(std::string_view network, std::string_view address,
                          std::string_view cert_base64) {
  return absl::StrCat("1|", kProtocolVersion, "|", std::string(network), "|", std::string(address),
                      "|grpc|", std::string(cert_base64));
}

std::string ReattachJson(std::string_view provider_address, long pid, std::string_view network,
                         std::string_view address) {
  nlohmann::json j;
  j[std::string(provider_address)] = {
      {"Protocol", "grpc"},
      {"ProtocolVersion", kProtocolVersion},
      {"Pid", pid},
      {"Test", true},
      {"Addr", {{"Network", std::string(network)}, {"String", std::string(address)}}},
  };
  return j.dump();
}

}  // namespace wgmesh::terraform
