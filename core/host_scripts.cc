#include "core/host_scripts.h"

#include "absl/strings/str_cat.h"
#include "core/names.h"
#include "core/shell.h"

namespace wgmesh {
namespace {

std::string Q(std::string_view w) { return ShellQuote(w); }

constexpr char kPrologue[] =
    "set -u\n"
    "export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
    "umask 077\n"
    "current=''\n"
    "step() { current=\"$1\"; echo \"@@step $1\"; }\n"
    "die() { echo \"@@fail $current\"; exit 3; }\n"
    "file_facts() {\n"
    "  if [ -f \"$1\" ]; then\n"
    "    printf 'present %s %s\\n' \"$(stat -c %a \"$1\")\" \"$(sha256sum <\"$1\" | cut -d' ' -f1)\"\n"
    "  else echo absent; fi\n"
    "}\n";

// The read function: every fact reconciliation needs, in one round trip. The
// private key column of `wg show dump` is blanked on the host.
std::string ReadFunction(std::string_view mesh) {
  const std::string wg = Q(WireguardInterfaceName(mesh));
  return absl::StrCat(
      "wgmesh_read() {\n"
      "  echo '@@wgmesh tools'\n"
      "  for t in wg wg-quick ip bridge sha256sum; do\n"
      "    if command -v \"$t\" >/dev/null 2>&1; then echo \"$t yes\"; else echo \"$t no\"; fi\n"
      "  done\n"
      "  if [ -d /run/systemd/system ]; then echo 'systemd yes'; else echo 'systemd no'; fi\n"
      "  echo '@@wgmesh links'; ip -j -d link show 2>/dev/null\n"
      "  echo '@@wgmesh addrs'; ip -j addr show 2>/dev/null\n",
      "  echo '@@wgmesh routes4'; ip -4 -j route show dev ", wg, " 2>/dev/null\n",
      "  echo '@@wgmesh routes6'; ip -6 -j route show dev ", wg, " 2>/dev/null\n",
      "  echo '@@wgmesh wg'; wg show ", wg,
      " dump 2>/dev/null | awk -v OFS='\\t' 'NR == 1 { $1 = \"-\" } { print }'\n",
      "  echo '@@wgmesh config'; file_facts ", Q(ConfigPath(mesh)), "\n",
      "  echo '@@wgmesh plan-config'; file_facts ", Q(PlanConfigPath(mesh)), "\n",
      "  echo '@@wgmesh unit'\n"
      "  if [ -d /run/systemd/system ]; then systemctl is-enabled ",
      Q("wg-quick@" + WireguardInterfaceName(mesh)), " 2>/dev/null || true; fi\n",
      "  echo '@@wgmesh end'\n"
      "}\n");
}

// Writes `text` to `path` atomically, mode 0600. The text travels inside the
// script on stdin; the heredoc delimiter cannot occur in it (checked).
std::string WriteFile(const std::string& path, std::string_view text, const char* what) {
  constexpr char kEnd[] = "WGMESH_FILE_END_7f3a9c";
  const std::string tmp = path + ".wgmesh-new";
  std::string body(text);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return absl::StrCat("step ", Q(std::string("write ") + what + " " + path), "\n",
                      "mkdir -p /etc/wireguard && chmod 700 /etc/wireguard || die\n",
                      "cat > ", Q(tmp), " <<'", kEnd, "' || die\n", body, kEnd, "\n",
                      "chmod 600 ", Q(tmp), " && mv -f ", Q(tmp), " ", Q(path), " || die\n");
}

std::string ProbeCommand(const std::string& kind) {
  const std::string add = "ip link add dev wgmesh-probe type ";
  if (kind == "ip6gretap") return add + "ip6gretap local fd00:ffff::1 remote fd00:ffff::2";
  if (kind == "gretap") return add + "gretap local 127.0.0.2 remote 127.0.0.3";
  return add + Q(kind);
}

std::string Preflight(const NodePlan& d, const Reconciliation& r) {
  std::string s =
      "step preflight\n"
      "for t in wg wg-quick ip bridge sha256sum; do\n"
      "  command -v \"$t\" >/dev/null 2>&1 || { echo \"missing tool: $t (install wireguard-tools "
      "and iproute2)\" >&2; die; }\n"
      "done\n";
  for (const auto& kind : r.kinds_created)
    absl::StrAppend(&s, "if ", ProbeCommand(kind), " 2>\"$tmp/probe\"; then ip link del dev "
                        "wgmesh-probe; else echo \"the kernel cannot create ", kind,
                    " links: $(cat \"$tmp/probe\")\" >&2; die; fi\n");
  if (r.rebuild)  // another WireGuard interface on our port would make wg-quick up fail midway
    absl::StrAppend(&s, "wg show all listen-port 2>/dev/null | while read -r dev port; do\n"
                        "  if [ \"$port\" = ", d.listen_port, " ] && [ \"$dev\" != ", Q(d.interface),
                    " ]; then echo \"UDP port ", d.listen_port,
                    " is already used by WireGuard interface $dev: give this node another "
                    "listen_port\" >&2; exit 1; fi\n"
                    "done || die\n");
  // Bridging the uplink cuts the host off: refuse the interfaces of the
  // default routes and the one this SSH session arrives on.
  if (!d.bridge.extra_ports.empty())
    s += "devs() { grep -o ' dev [^ ]*' | cut -d' ' -f3 | tr '\\n' ' '; }\n"
         "uplinks=\" $({ ip -4 route show default; ip -6 route show default; } 2>/dev/null | devs)\"\n"
         "if [ -n \"${SSH_CONNECTION:-}\" ]; then\n"
         "  uplinks=\"$uplinks $(ip route get \"${SSH_CONNECTION%% *}\" 2>/dev/null | devs)\"\n"
         "fi\n";
  for (const auto& port : d.bridge.extra_ports)
    absl::StrAppend(&s, "ip link show dev ", Q(port), " >/dev/null 2>&1 || { echo \"bridge port ",
                    port, " does not exist on this host\" >&2; die; }\n",
                    "case \"$uplinks \" in *\" \"", Q(port), "\" \"*) echo \"bridge port ", port,
                    " carries the default route or this SSH session: bridging it would cut the "
                    "host off\" >&2; die ;; esac\n");
  return s;
}

}  // namespace

std::string ReadScript(std::string_view mesh) {
  return absl::StrCat(kPrologue, ReadFunction(mesh), "wgmesh_read\n");
}

std::string ApplyScript(const NodePlan& d, const Reconciliation& r, std::string_view config_text,
                        std::string_view plan_config_text) {
  std::string s = absl::StrCat(
      kPrologue, ReadFunction(d.mesh),
      "tmp=$(mktemp -d /run/wgmesh.XXXXXX 2>/dev/null || mktemp -d) || exit 4\n"
      "trap 'rm -rf \"$tmp\"' EXIT\n",
      Preflight(d, r));
  if (r.write_config) s += WriteFile(d.config_path, config_text, "the wg-quick config");
  if (r.write_plan_config)
    s += WriteFile(PlanConfigPath(d.mesh), plan_config_text, "the node config");
  for (const auto& step : r.steps) {
    absl::StrAppend(&s, "step ", Q(step.description), "\n");
    for (const auto& c : step.commands) absl::StrAppend(&s, "{ ", c, "; } || die\n");
  }
  return s + "step 'read back'\nwgmesh_read\n";
}

std::string TeardownScript(std::string_view mesh, bool remove_config) {
  const std::string wg = WireguardInterfaceName(mesh), br = BridgeName(mesh);
  std::string s = absl::StrCat(
      kPrologue, ReadFunction(mesh), "step ", Q("remove the links of mesh " + std::string(mesh)),
      "\n",
      "for l in $(ip -o link show | sed -n 's/^[0-9]*: \\([^:@]*\\).*/\\1/p'); do\n"
      "  case \"$l\" in ", Q(TunnelPrefix(mesh)), "*) ip link del dev \"$l\" || die ;; esac\n"
      "done\n",
      "for l in ", Q(br), " ", Q(wg), "; do\n"
      "  if ip link show dev \"$l\" >/dev/null 2>&1; then ip link del dev \"$l\" || die; fi\n"
      "done\n",
      "if [ -d /run/systemd/system ]; then systemctl disable ", Q("wg-quick@" + wg),
      " >/dev/null 2>&1 || true; fi\n");
  if (remove_config)
    absl::StrAppend(&s, "step 'remove the config files'\nrm -f ", Q(ConfigPath(mesh)), " ",
                    Q(PlanConfigPath(mesh)), " || die\n");
  return s + "step 'read back'\nwgmesh_read\n";
}

std::string ReadInstalledConfigScript(std::string_view mesh) {
  const std::string path = Q(PlanConfigPath(mesh));
  return absl::StrCat(kPrologue, "if [ -f ", path, " ]; then echo '@@wgmesh found'; cat ", path,
                      "; else echo '@@wgmesh absent'; fi\n");
}

}  // namespace wgmesh
