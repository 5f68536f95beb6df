#include "core/ssh/auth.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/ssh/error.h"
#include "core/ssh/handles.h"

namespace wgmesh::ssh {
namespace {

const char* OrNull(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

std::string AcceptedMethods(ssh_session session) {
  int methods = ssh_userauth_list(session, nullptr);
  std::vector<std::string> names;
  if (methods & SSH_AUTH_METHOD_PUBLICKEY) names.push_back("publickey");
  if (methods & SSH_AUTH_METHOD_PASSWORD) names.push_back("password");
  if (methods & SSH_AUTH_METHOD_INTERACTIVE) names.push_back("keyboard-interactive");
  if (methods & SSH_AUTH_METHOD_GSSAPI_MIC) names.push_back("gssapi-with-mic");
  return names.empty() ? "unknown" : absl::StrJoin(names, ", ");
}

// Answers every prompt with the password; OpenSSH asks one "Password:" round.
int KeyboardInteractive(ssh_session session, const std::string& password) {
  int rc = ssh_userauth_kbdint(session, nullptr, nullptr);
  for (int rounds = 0; rc == SSH_AUTH_INFO && rounds < 4; ++rounds) {
    int prompts = ssh_userauth_kbdint_getnprompts(session);
    for (int i = 0; i < prompts; ++i) {
      if (ssh_userauth_kbdint_setanswer(session, i, password.c_str()) < 0) return SSH_AUTH_ERROR;
    }
    rc = ssh_userauth_kbdint(session, nullptr, nullptr);
  }
  return rc;
}

}  // namespace

absl::Status Authenticate(ssh_session session, const Credentials& credentials,
                          bool config_identities, absl::string_view where,
                          const Scrubber& scrubber) {
  std::vector<std::string> tried;
  // SSH_AUTH_ERROR is a transport failure, not a refusal.
  auto transport_error = [&](absl::string_view method) {
    return StepError(absl::StatusCode::kUnavailable, where, kStepAuth,
                     absl::StrCat(method, ": ", ssh_get_error(session)), scrubber);
  };

  if (!credentials.private_key.empty()) {
    ssh_key raw = nullptr;
    if (ssh_pki_import_privkey_base64(credentials.private_key.c_str(),
                                      OrNull(credentials.private_key_passphrase), nullptr,
                                      nullptr, &raw) != SSH_OK) {
      return StepError(absl::StatusCode::kInvalidArgument, where, kStepAuth,
                       credentials.private_key_passphrase.empty()
                           ? "cannot read private_key (not a private key, or encrypted: set "
                             "private_key_passphrase)"
                           : "cannot read private_key (wrong private_key_passphrase, or not a "
                             "private key)",
                       scrubber);
    }
    KeyPtr key(raw);
    int rc = ssh_userauth_publickey(session, nullptr, key.get());
    if (rc == SSH_AUTH_SUCCESS) return absl::OkStatus();
    if (rc == SSH_AUTH_ERROR) return transport_error("private key");
    tried.push_back("private_key");
  }

  if (config_identities) {
    int rc = ssh_userauth_publickey_auto(session, nullptr,
                                         OrNull(credentials.private_key_passphrase));
    if (rc == SSH_AUTH_SUCCESS) return absl::OkStatus();
    if (rc == SSH_AUTH_ERROR) return transport_error("identity files");
    tried.push_back("IdentityFile keys and agent");
  } else {
    const char* env = std::getenv("SSH_AUTH_SOCK");
    std::string socket = !credentials.agent_socket.empty() ? credentials.agent_socket
                         : env != nullptr                  ? env
                                                           : "";
    if (!socket.empty()) {
      ssh_options_set(session, SSH_OPTIONS_IDENTITY_AGENT, socket.c_str());
      int rc = ssh_userauth_agent(session, nullptr);
      if (rc == SSH_AUTH_SUCCESS) return absl::OkStatus();
      if (rc == SSH_AUTH_ERROR && !credentials.agent_socket.empty()) {
        return transport_error(absl::StrCat("ssh-agent at ", socket));
      }
      tried.push_back("ssh-agent");
    }
  }

  if (!credentials.password.empty()) {
    int rc = ssh_userauth_password(session, nullptr, credentials.password.c_str());
    if (rc == SSH_AUTH_SUCCESS) return absl::OkStatus();
    if (rc == SSH_AUTH_ERROR) return transport_error("password");
    if (ssh_userauth_list(session, nullptr) & SSH_AUTH_METHOD_INTERACTIVE) {
      rc = KeyboardInteractive(session, credentials.password);
      if (rc == SSH_AUTH_SUCCESS) return absl::OkStatus();
      if (rc == SSH_AUTH_ERROR) return transport_error("keyboard-interactive");
    }
    tried.push_back("password");
  }

  char* user_raw = nullptr;
  std::string user = ssh_options_get(session, SSH_OPTIONS_USER, &user_raw) == SSH_OK
                         ? TakeLibsshString(user_raw)
                         : credentials.user;
  if (tried.empty()) {
    return StepError(absl::StatusCode::kInvalidArgument, where, kStepAuth,
                     "no credentials: set private_key, password or agent_socket (or SSH_AUTH_SOCK)",
                     scrubber);
  }
  return StepError(absl::StatusCode::kPermissionDenied, where, kStepAuth,
                   absl::StrCat("the server refused user \"", user, "\" (tried ",
                                absl::StrJoin(tried, ", "), "; the server accepts ",
                                AcceptedMethods(session), ")"),
                   scrubber);
}

}  // namespace wgmesh::ssh
