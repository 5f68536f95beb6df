#include "core/host_scripts.h"

#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/names.h"
#include "core/ownership.h"
#include "core/render_wgquick.h"
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
    // Shell builtins where they do: under emulation every process costs.
    // `line_for PATH TEXT` sets `w` to the first word of TEXT's line whose
    // rest is PATH (a line of `sha256sum` or `stat -c '%a %n'` output).
    "line_for() {\n"
    "  w=''\n"
    "  while read -r a b; do [ \"$b\" = \"$1\" ] && { w=$a; break; }; done <<WGMESH_LINES_END\n"
    "$2\n"
    "WGMESH_LINES_END\n"
    "}\n"
    "first_line() { l=''; [ -f \"$1\" ] && IFS= read -r l <\"$1\"; printf '%s' \"$l\"; }\n";

// `sums`: one `sha256sum` of the mesh's three files (a missing one gives its
// error line); the fingerprint and the file facts are read from it.
std::string SumsFunction(std::string_view mesh) {
  return absl::StrCat("wgmesh_sums() {\n"
                      "  sums=$(sha256sum ", Q(ConfigPath(mesh)), " ", Q(PlanConfigPath(mesh)), " ",
                      Q(OwnerMarkerPath(mesh)), " 2>&1)\n"
                      "}\n");
}

// `fp`, what a change is based on: this mesh's link names and its files'
// digests (from `$sums`), on one line. It changes whenever another run creates
// or removes a link of the mesh or rewrites a file (every change of peers,
// keys or links rewrites a file). Shell builtins only: the names come from a
// glob of /sys, the digests are the first words of `$sums` (a missing file's
// line starts "sha256sum:").
std::string FingerprintFunction(std::string_view mesh) {
  return absl::StrCat(
      "wgmesh_fingerprint() {\n"
      "  fp=''\n"
      "  for n in /sys/class/net/*; do\n"
      "    n=${n##*/}\n"
      "    case \"$n\" in ", Q(WireguardInterfaceName(mesh)), "|", Q(BridgeName(mesh)), "|",
      Q(TunnelPrefix(mesh)), "*) fp=\"$fp$n;\" ;; esac\n"
      "  done\n"
      "  while read -r a b; do fp=\"$fp$a;\"; done <<WGMESH_SUMS_END\n"
      "$sums\n"
      "WGMESH_SUMS_END\n"
      "}\n");
}

// The read function: every fact reconciliation and the ownership rule need,
// in one round trip and few processes (`ip` twice, `wg`, `sha256sum`,
// `stat`). The private key column of `wg show dump` is blanked on the host;
// of the wg-quick file only whether its header is wgmesh's is told.
std::string ReadFunction(std::string_view mesh) {
  const std::string wg = Q(WireguardInterfaceName(mesh)), conf = Q(ConfigPath(mesh)),
                    plan = Q(PlanConfigPath(mesh)), owner = Q(OwnerMarkerPath(mesh));
  return absl::StrCat(
      SumsFunction(mesh), FingerprintFunction(mesh),
      // `wg show <if> dump` with its first field, the private key, replaced by
      // "-" (parameter expansions: no process).
      "print_wg_dump_without_key() {\n"
      "  nl='\n' tab='\t'; head=${1%%$nl*}; rest=${1#\"$head\"}\n"
      "  printf '%s\\t%s%s\\n' - \"${head#*$tab}\" \"$rest\"\n"
      "}\n"
      // "present <mode> <sha256>" or "absent", from $sums and $modes.
      "file_facts() {\n"
      "  line_for \"$1\" \"$sums\"; h=$w; line_for \"$1\" \"$modes\"; m=$w\n"
      "  if [ -f \"$1\" ] && [ -n \"$h\" ] && [ -n \"$m\" ]; then echo \"present $m $h\"; "
      "else echo absent; fi\n"
      "}\n"
      "wgmesh_read() {\n"
      "  echo '@@wgmesh tools'\n"
      "  for t in wg wg-quick ip bridge sha256sum; do\n"
      "    if command -v \"$t\" >/dev/null 2>&1; then echo \"$t yes\"; else echo \"$t no\"; fi\n"
      "  done\n"
      "  if [ -d /run/systemd/system ]; then echo 'systemd yes'; else echo 'systemd no'; fi\n"
      // Links with their details and addresses in one call; the routes of
      // both families (main table: no "table" key) in another.
      "  echo '@@wgmesh links'; ip -j -d addr show 2>/dev/null\n"
      "  echo '@@wgmesh routes'\n"
      "  if [ -e /sys/class/net/", wg, " ]; then ip -j route show table all dev ", wg,
      " 2>/dev/null; fi\n",
      // A `wg` that fails on an interface that exists is an error, not an
      // unconfigured interface (which would plan a restart). The dump is held
      // in a variable, never printed whole.
      "  echo '@@wgmesh wg'\n"
      "  if [ -e /sys/class/net/", wg, " ]; then\n"
      "    if dump=$(wg show ", wg, " dump 2>&1); then\n"
      "      print_wg_dump_without_key \"$dump\"\n"
      "    elif [ \"$(ip -o link show dev ", wg, " type wireguard 2>/dev/null)\" ]; then\n"
      "      echo \"wg show ", wg, " failed: $(printf '%s' \"$dump\" | head -n 3)\" >&2; exit 7\n"
      "    fi\n"
      "  fi\n",
      "  wgmesh_sums; modes=$(stat -c '%a %n' ", conf, " ", plan, " 2>/dev/null)\n",
      "  echo '@@wgmesh config'; file_facts ", conf, "\n",
      "  echo '@@wgmesh plan-config'; file_facts ", plan, "\n",
      "  echo '@@wgmesh owner'\n"
      "  if [ -f ", owner, " ]; then printf 'present %s\\n' \"$(first_line ", owner,
      ")\"; else echo absent; fi\n",
      "  echo '@@wgmesh config-header'\n"
      "  case \"$(first_line ", conf, ")\" in ", Q(kConfigHeaderPrefix),
      "*) echo wgmesh ;; *) echo other ;; esac\n",
      "  echo '@@wgmesh files'\n"
      "  for f in /etc/wireguard/*; do [ -e \"$f\" ] && printf '%s\\n' \"${f##*/}\"; done\n"
      "  echo '@@wgmesh unit'\n"
      "  if [ -d /run/systemd/system ]; then systemctl is-enabled ",
      Q("wg-quick@" + WireguardInterfaceName(mesh)), " 2>/dev/null || true; fi\n",
      "  echo '@@wgmesh fingerprint'; wgmesh_fingerprint; printf '%s\\n' \"$fp\"\n"
      "  echo '@@wgmesh end'\n"
      "}\n");
}

// Removes the temp dirs that runs of earlier versions (this one makes none)
// left when killed mid-script: tmp.<pid>.* is named after the shell that made
// it, and that shell is gone.
std::string RemoveDeadTempDirs() {
  return absl::StrCat("for d in ", kRunDir, "/tmp.*; do\n"
                      "  [ -d \"$d\" ] || continue\n"
                      "  p=${d#", kRunDir, "/tmp.}; p=${p%%.*}\n"
                      "  kill -0 \"$p\" 2>/dev/null || rm -rf \"$d\"\n"
                      "done\n");
}

// Takes the mesh's host lock (bounded wait) and stops, changing nothing, when
// the host is no longer as the read saw it.
std::string LockAndCheck(std::string_view mesh_name, std::string_view fingerprint) {
  const std::string mesh(mesh_name);
  const std::string lock = Q(HostLockPath(mesh));
  return absl::StrCat(
      "current='lock the host'\n"
      // umask 077: the directory is made 0700, the lock file 0600.
      "[ -d ", kRunDir, " ] || mkdir -p ", kRunDir, " || die\n",
      "exec 9>", lock, " || die\n",
      "if command -v flock >/dev/null 2>&1 && ! flock -w ", kHostLockWaitSeconds, " 9; then\n"
      "  echo \"another wgmesh run has held the lock of mesh ", mesh, " (", HostLockPath(mesh),
      ") for ", kHostLockWaitSeconds, " s; try again when it is done\" >&2\n"
      "  exit ", kExitBusy, "\n"
      "fi\n",
      "wgmesh_sums; wgmesh_fingerprint\n"
      "if [ \"$fp\" != ", Q(fingerprint), " ]; then echo '", kStaleMarker,
      "'; exit ", kExitStale, "; fi\n");
}

// `command <<'DELIMITER' || or_else` with `body` as the command's stdin (not
// expanded, never in argv); an error when a line of it would end the heredoc
// early.
absl::StatusOr<std::string> Heredoc(const std::string& command, std::string_view body,
                                    const std::string& what, const std::string& or_else = "die") {
  constexpr char kEnd[] = "WGMESH_FILE_END_7f3a9c";
  std::string text(body);
  if (!text.empty() && text.back() != '\n') text += '\n';
  if (absl::StrContains(absl::StrCat("\n", text), absl::StrCat("\n", kEnd, "\n")))
    return absl::InternalError(absl::StrCat(what, " contains the heredoc delimiter line"));
  return absl::StrCat(command, " <<'", kEnd, "' || ", or_else, "\n", text, kEnd, "\n");
}

struct FileToWrite {
  std::string path;
  std::string_view text;
  const char* what;
};

// Writes each file to a temp name beside it, fsyncs them, renames them into
// place in order, and fsyncs the directory: after a crash or power loss each
// file is either the old or the new one. The texts travel inside the script
// on stdin, in quoted heredocs.
absl::StatusOr<std::string> WriteFiles(const std::vector<FileToWrite>& files) {
  if (files.empty()) return std::string();
  std::string s = absl::StrCat("step ", Q("write the config files"), "\n",
                               "{ [ -d /etc/wireguard ] || mkdir -p /etc/wireguard; } && "
                               "chmod 700 /etc/wireguard || die\n");
  std::string temps;
  for (const auto& f : files) {
    const std::string tmp = Q(f.path + ".wgmesh-new");
    // A failed write (a full disk) leaves no half-written file behind.
    auto write = Heredoc("cat > " + tmp, f.text, absl::StrCat("the text of ", f.what, " ", f.path),
                         absl::StrCat("{ rm -f ", tmp, "; die; }"));
    if (!write.ok()) return write.status();
    s += *write;
    absl::StrAppend(&temps, " ", tmp);
  }
  // umask 077 makes new files 0600; chmod covers a temp file a killed run left.
  absl::StrAppend(&s, "chmod 600", temps, " || { rm -f", temps, "; die; }\n", "sync", temps,
                  " 2>/dev/null || sync\n");
  for (const auto& f : files)
    absl::StrAppend(&s, "step ", Q(std::string("write ") + f.what + " " + f.path), "\n",
                    "mv -f ", Q(f.path + ".wgmesh-new"), " ", Q(f.path), " || die\n");
  return s + "sync /etc/wireguard 2>/dev/null || true\n";
}

// Probe links get names no mesh uses, unique to this run: two runs on one
// host never collide, and a leftover from a killed run blocks nothing.
std::string ProbeName(const std::string& kind) {
  return absl::StrCat("wgp$$", kind.substr(0, 1), kind.size());
}

std::string ProbeAddArgs(const std::string& kind) {
  const std::string add = "link add dev " + ProbeName(kind) + " type ";
  if (kind == "ip6gretap") return add + "ip6gretap local fd00:ffff::1 remote fd00:ffff::2";
  if (kind == "gretap") return add + "gretap local 127.0.0.2 remote 127.0.0.3";
  return add + Q(kind);
}

// Every kind in one `ip -batch` (add each, then delete each). Only when that
// fails, each kind alone, to name the one the kernel lacks.
std::string ProbeKinds(const std::vector<std::string>& kinds) {
  if (kinds.empty()) return "";
  std::string batch, each;
  for (const auto& kind : kinds) absl::StrAppend(&batch, ProbeAddArgs(kind), "\n");
  for (const auto& kind : kinds) absl::StrAppend(&batch, "link del dev ", ProbeName(kind), "\n");
  for (const auto& kind : kinds)
    absl::StrAppend(&each, "  ip link del dev ", ProbeName(kind), " 2>/dev/null\n",
                    "  if err=$(ip ", ProbeAddArgs(kind), " 2>&1); then ip link del dev ",
                    ProbeName(kind), "; else echo \"the kernel cannot create ", kind,
                    " links: $err\" >&2; die; fi\n");
  // Unquoted heredoc: $$ expands; the lines hold no user input.
  return absl::StrCat("if ! ip -batch - >/dev/null 2>&1 <<WGMESH_PROBE_END\n", batch,
                      "WGMESH_PROBE_END\nthen\n", each, "fi\n");
}

std::string Preflight(const NodePlan& d, const Reconciliation& r) {
  std::string s =
      "step preflight\n"
      "for t in wg wg-quick ip bridge sha256sum; do\n"
      "  command -v \"$t\" >/dev/null 2>&1 || { echo \"missing tool: $t (install wireguard-tools "
      "and iproute2)\" >&2; die; }\n"
      "done\n"
      // Left by versions before 0.2, whose probe had a fixed name.
      "if [ -e /sys/class/net/wgmesh-probe ]; then ip link del dev wgmesh-probe 2>/dev/null; fi\n";
  s += ProbeKinds(r.kinds_created);
  if (r.rebuild) {  // another WireGuard interface on our port would make wg-quick up fail midway
    std::string ours = Q(d.interface);  // and the adopted interface, removed before the rebuild
    for (const auto& link : r.adopted_links) ours += "|" + Q(link);
    absl::StrAppend(&s, "wg show all listen-port 2>/dev/null | while read -r dev port; do\n"
                        "  case \"$dev\" in ", ours, ") continue ;; esac\n"
                        "  if [ \"$port\" = ", d.listen_port,
                    " ]; then echo \"UDP port ", d.listen_port,
                    " is already used by WireGuard interface $dev: give this node another "
                    "listen_port\" >&2; exit 1; fi\n"
                    "done || die\n");
  }
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

// One `ip -batch -` with `lines` on stdin. ip splits a line at blanks and
// gives quotes, "#" and "\\" meanings of its own: every word must be plain
// (names and addresses are validated upstream; this is the backstop).
absl::StatusOr<std::string> IpBatchCommand(const IpBatch& lines) {
  if (lines.empty()) return std::string();
  for (const auto& line : lines)
    for (char c : line)
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
          std::string_view(" _=+.,:/@%^-").find(c) == std::string_view::npos)
        return absl::InternalError(
            absl::StrCat("`ip` batch line \"", line, "\" has a character that needs quoting"));
  return Heredoc("ip -batch -", absl::StrJoin(lines, "\n"), "an `ip` batch");
}

// What one reconciliation step runs (reconcile.h ReconcileStep).
absl::StatusOr<std::string> StepCommands(const NodePlan& d, const ReconcileStep& step) {
  auto batch = IpBatchCommand(step.ip_batch);
  if (!batch.ok()) return batch.status();
  std::string s = *batch;
  if (step.wireguard != ReconcileStep::Wireguard::kNone) {
    // Keys on stdin: never in argv, never in a file.
    const bool whole = step.wireguard == ReconcileStep::Wireguard::kSetconf;
    auto wg = Heredoc(absl::StrCat("wg ", whole ? "setconf " : "addconf ", Q(d.interface),
                                   " /dev/stdin"),
                      whole ? RenderWgSetconf(d) : RenderWgAddconf(d, step.peers),
                      "the WireGuard config");
    if (!wg.ok()) return wg.status();
    s += *wg;
  }
  for (const auto& c : step.commands) absl::StrAppend(&s, "{ ", c, "; } || die\n");
  return s;
}

}  // namespace

std::string ReadScript(std::string_view mesh, bool with_installed_config,
                       std::string_view original_interface) {
  std::string s = absl::StrCat(kPrologue, ReadFunction(mesh), RemoveDeadTempDirs(), "wgmesh_read\n");
  auto print_file = [&](std::string_view section, const std::string& path) {
    absl::StrAppend(&s, "printf '%s' ", Q(section), "\nif [ -f ", Q(path),
                    " ]; then echo found; cat ", Q(path), "; else echo absent; fi\n");
  };
  if (with_installed_config) print_file(kInstalledSection, PlanConfigPath(mesh));
  if (with_installed_config && !original_interface.empty())
    print_file(kOriginalSection, "/etc/wireguard/" + std::string(original_interface) + ".conf");
  return s;
}

absl::StatusOr<std::string> ApplyScript(const NodePlan& d, const Reconciliation& r,
                                        std::string_view fingerprint,
                                        std::string_view config_text,
                                        std::string_view plan_config_text,
                                        std::string_view owner_marker_text) {
  std::string s = absl::StrCat(kPrologue, ReadFunction(d.mesh), LockAndCheck(d.mesh, fingerprint),
                               Preflight(d, r));
  // The markers first: whatever a cut-short run leaves is marked as wgmesh's.
  std::vector<FileToWrite> files;
  if (r.write_owner) files.push_back({OwnerMarkerPath(d.mesh), owner_marker_text, "the owner marker"});
  if (r.write_plan_config)
    files.push_back({PlanConfigPath(d.mesh), plan_config_text, "the node config"});
  if (r.write_config) files.push_back({d.config_path, config_text, "the wg-quick config"});
  auto writes = WriteFiles(files);
  if (!writes.ok()) return writes.status();
  s += *writes;
  for (const auto& step : r.steps) {
    auto run = StepCommands(d, step);
    if (!run.ok()) return run.status();
    absl::StrAppend(&s, "step ", Q(step.description), "\n", *run);
  }
  return s + "step 'read back'\nwgmesh_read\n";
}

std::string TeardownScript(std::string_view mesh, bool remove_config,
                           std::string_view fingerprint) {
  const std::string wg = WireguardInterfaceName(mesh), br = BridgeName(mesh);
  std::string s = absl::StrCat(
      kPrologue, ReadFunction(mesh), LockAndCheck(mesh, fingerprint), "step ",
      Q("remove the links of mesh " + std::string(mesh)), "\n",
      // One `ip -batch` for all; a name with a character ip's batch parser
      // reads otherwise (only someone else's) gets its own `ip link del`.
      "batch=''\n"
      "for l in /sys/class/net/*; do\n"
      "  l=${l##*/}\n"
      "  case \"$l\" in\n"
      "    *[!A-Za-z0-9_.-]*) case \"$l\" in ", Q(TunnelPrefix(mesh)), "*) ip link del dev \"$l\" || die ;; esac ;;\n"
      "    ", Q(TunnelPrefix(mesh)), "*|", Q(br), "|", Q(wg), ") batch=\"${batch}link del dev $l\n\" ;;\n"
      "  esac\n"
      "done\n"
      "if [ -n \"$batch\" ]; then printf '%s' \"$batch\" | ip -batch - || die; fi\n",
      "if [ -d /run/systemd/system ]; then systemctl disable ", Q("wg-quick@" + wg),
      " >/dev/null 2>&1 || true; fi\n");
  // The owner marker last: until then the files are marked as wgmesh's. The
  // original tool's configs kept aside by an adoption go too: their keys are
  // the ones being removed.
  if (remove_config)
    absl::StrAppend(&s, "step 'remove the config files'\nrm -f ", Q(ConfigPath(mesh)), " ",
                    Q(PlanConfigPath(mesh)), " /etc/wireguard/", Q("wg-" + std::string(mesh)),
                    "[0-9]*.conf", kAdoptedSuffix, " || die\nrm -f ", Q(OwnerMarkerPath(mesh)),
                    " || die\n");
  return s + "step 'read back'\nwgmesh_read\n";
}

}  // namespace wgmesh
