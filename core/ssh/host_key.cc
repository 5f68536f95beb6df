#include "core/ssh/host_key.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "core/ssh/error.h"

namespace wgmesh::ssh {
namespace {

// The algorithms a server may sign with for a key of this type.
std::string SignatureAlgorithms(absl::string_view type) {
  if (type == "ssh-rsa") return "rsa-sha2-512,rsa-sha2-256,ssh-rsa";
  return std::string(type);
}

std::string KnownHostsPath(ssh_session session) {
  char* path = nullptr;
  if (ssh_options_get(session, SSH_OPTIONS_KNOWNHOSTS, &path) != SSH_OK) return "~/.ssh/known_hosts";
  return TakeLibsshString(path);
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string HowToPin(ssh_session session, ssh_key key) {
  char* entry = nullptr;
  std::string line;
  if (ssh_session_export_known_hosts_entry(session, &entry) == SSH_OK) {
    line = TakeLibsshString(entry);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  }
  std::string how = absl::StrCat("if this is the right key, pin it with host_key = \"",
                                 PublicKeyLine(key), "\"");
  if (!line.empty()) absl::StrAppend(&how, " or add this line to known_hosts: ", line);
  return how;
}

}  // namespace

absl::StatusOr<KeyPtr> ParsePublicKey(absl::string_view text) {
  std::vector<absl::string_view> words =
      absl::StrSplit(text, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    std::string type(words[i]);
    enum ssh_keytypes_e key_type = ssh_key_type_from_name(type.c_str());
    if (key_type == SSH_KEYTYPE_UNKNOWN) continue;
    std::string base64(words[i + 1]);
    ssh_key key = nullptr;
    if (ssh_pki_import_pubkey_base64(base64.c_str(), key_type, &key) != SSH_OK) {
      return absl::InvalidArgumentError(
          absl::StrCat("host_key: the ", type, " key's base64 data is not a valid key"));
    }
    return KeyPtr(key);
  }
  return absl::InvalidArgumentError(
      "host_key: expected \"<type> <base64>\", e.g. \"ssh-ed25519 AAAAC3Nza...\"");
}

KnownHostsMarkers ScanKnownHostsMarkers(absl::string_view known_hosts, ssh_key key) {
  KnownHostsMarkers out;
  for (absl::string_view line : absl::StrSplit(known_hosts, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::StartsWith(line, "@cert-authority")) out.cert_authority = true;
    if (!absl::StartsWith(line, "@revoked")) continue;
    absl::StatusOr<KeyPtr> listed = ParsePublicKey(line.substr(8));
    if (listed.ok() && ssh_key_cmp(listed->get(), key, SSH_KEY_CMP_PUBLIC) == 0) out.revoked = true;
  }
  return out;
}

std::string Fingerprint(ssh_key key) {
  unsigned char* hash = nullptr;
  size_t len = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK) return "?";
  std::string fingerprint =
      TakeLibsshString(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len));
  ssh_clean_pubkey_hash(&hash);
  return fingerprint;
}

std::string PublicKeyLine(ssh_key key) {
  char* base64 = nullptr;
  if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK) return "?";
  return absl::StrCat(ssh_key_type_to_char(ssh_key_type(key)), " ", TakeLibsshString(base64));
}

absl::Status PrepareHostKeyCheck(ssh_session session, const HostKeyCheck& check) {
  if (!check.known_hosts_file.empty() &&
      ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, check.known_hosts_file.c_str()) != SSH_OK) {
    return absl::InvalidArgumentError("cannot use the known_hosts file");
  }
  if (check.pinned.empty() || check.insecure_skip) return absl::OkStatus();
  absl::StatusOr<KeyPtr> pinned = ParsePublicKey(check.pinned);
  if (!pinned.ok()) return pinned.status();
  std::string algorithms = SignatureAlgorithms(ssh_key_type_to_char(ssh_key_type(pinned->get())));
  if (ssh_options_set(session, SSH_OPTIONS_HOSTKEYS, algorithms.c_str()) != SSH_OK) {
    return absl::InvalidArgumentError(absl::StrCat("host_key: unsupported key type ", algorithms));
  }
  return absl::OkStatus();
}

absl::Status VerifyHostKey(ssh_session session, const HostKeyCheck& check, absl::string_view where,
                           const LogSink& log, const Scrubber& scrubber) {
  ssh_key raw = nullptr;
  if (ssh_get_server_publickey(session, &raw) != SSH_OK) {
    return StepError(absl::StatusCode::kUnavailable, where, kStepHostKey,
                     absl::StrCat("no host key from the server: ", ssh_get_error(session)), scrubber);
  }
  KeyPtr key(raw);
  const std::string presented =
      absl::StrCat(ssh_key_type_to_char(ssh_key_type(raw)), " key ", Fingerprint(raw));

  if (check.insecure_skip) {
    if (log) {
      log("warning", absl::StrCat(where, ": host key NOT verified (insecure_skip); accepted ",
                                  presented));
    }
    return absl::OkStatus();
  }

  if (!check.pinned.empty()) {
    absl::StatusOr<KeyPtr> pinned = ParsePublicKey(check.pinned);
    if (!pinned.ok()) {
      return StepError(absl::StatusCode::kInvalidArgument, where, kStepHostKey,
                       pinned.status().message(), scrubber);
    }
    if (ssh_key_cmp(pinned->get(), raw, SSH_KEY_CMP_PUBLIC) == 0) return absl::OkStatus();
    return StepError(absl::StatusCode::kPermissionDenied, where, kStepHostKey,
                     absl::StrCat("the server's ", presented, " does not match the pinned ",
                                  Fingerprint(pinned->get()),
                                  "; refusing to connect (possible man-in-the-middle, or the "
                                  "host was reinstalled: ",
                                  HowToPin(session, raw), ")"),
                     scrubber);
  }

  const std::string file = KnownHostsPath(session);
  // libssh skips marker lines: refuse a revoked key here, as OpenSSH does.
  KnownHostsMarkers markers = ScanKnownHostsMarkers(ReadFileOrEmpty(file), raw);
  char* global = nullptr;
  if (ssh_options_get(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, &global) == SSH_OK) {
    KnownHostsMarkers g = ScanKnownHostsMarkers(ReadFileOrEmpty(TakeLibsshString(global)), raw);
    markers.revoked |= g.revoked;
    markers.cert_authority |= g.cert_authority;
  }
  if (markers.revoked)
    return StepError(absl::StatusCode::kPermissionDenied, where, kStepHostKey,
                     absl::StrCat("the server's ", presented, " is marked @revoked in known_hosts; "
                                  "refusing to connect"),
                     scrubber);
  const std::string no_certificates =
      markers.cert_authority
          ? " (@cert-authority lines are not used: wgmesh does not accept host certificates)"
          : "";
  switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
      return absl::OkStatus();
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
      return StepError(absl::StatusCode::kPermissionDenied, where, kStepHostKey,
                       absl::StrCat("the server's ", presented, " differs from the key in ", file,
                                    "; refusing to connect (possible man-in-the-middle, or the "
                                    "host was reinstalled: ",
                                    HowToPin(session, raw), ")"),
                       scrubber);
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      return StepError(absl::StatusCode::kPermissionDenied, where, kStepHostKey,
                       absl::StrCat("unknown host: it presents ", presented, ", which is not in ",
                                    file, no_certificates, "; ", HowToPin(session, raw)),
                       scrubber);
    case SSH_KNOWN_HOSTS_ERROR:
      break;
  }
  return StepError(absl::StatusCode::kFailedPrecondition, where, kStepHostKey,
                   absl::StrCat("cannot check ", file, ": ", ssh_get_error(session)), scrubber);
}

}  // namespace wgmesh::ssh
