#include "core/node_ops.h"

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/host_scripts.h"
#include "core/keys.h"
#include "core/live_state.h"
#include "core/names.h"
#include "core/node_plan_json.h"
#include "core/reconcile.h"
#include "core/render_wgquick.h"
#include "core/ssh/scrub.h"

namespace wgmesh {
namespace {

constexpr char kReadBack[] = "@@step read back\n";
// Status payload on Apply errors raised before any change (FailedBeforeAnyChange).
constexpr char kUnchangedPayload[] = "wgmesh.dev/host-unchanged";

absl::Status Unchanged(absl::Status status) {
  status.SetPayload(kUnchangedPayload, absl::Cord("1"));
  return status;
}

// True when a script's output announces no step but the preflight: it
// failed before any change (the host lock and the fingerprint check come
// before the preflight and announce no step).
bool OnlyPreflightRan(const std::string& out) {
  for (size_t at = out.find("@@step "); at != std::string::npos; at = out.find("@@step ", at + 1))
    if (out.compare(at, 17, "@@step preflight\n") != 0) return false;
  return true;
}
// Reads and re-plans when another run changed the host in between.
constexpr int kMaxAttempts = 3;

void Report(const ProgressFn& progress, std::string_view step) {
  if (progress) progress(step);
}

// The node's keys, to be removed from anything the host prints.
ssh::Scrubber Secrets(const NodePlan& plan) {
  ssh::Scrubber scrubber;
  scrubber.Add(plan.private_key);
  for (const auto& p : plan.peers) scrubber.Add(p.preshared_key);
  return scrubber;
}

absl::Status HostError(const ssh::Session& session, const std::string& step,
                       const std::string& detail) {
  return absl::FailedPreconditionError(absl::StrCat(session.target().Describe(), ": ", step,
                                                    " failed", detail.empty() ? "" : ": ",
                                                    detail));
}

// The error for a script that exited non-zero: the failed step ("@@fail") and
// the host's stderr, secrets scrubbed.
absl::Status ScriptError(const ssh::Session& session, std::string_view what,
                         const ssh::ScriptResult& result, const ssh::Scrubber& secrets) {
  std::string step(what);
  if (size_t at = result.out.rfind("@@fail "); at != std::string::npos) {
    size_t end = result.out.find('\n', at);
    step = result.out.substr(at + 7, end == std::string::npos ? end : end - at - 7);
  }
  // The host's stderr on one line, without wg-quick's "[#] command" trace: the
  // step is named already, the tools' own messages say why.
  std::vector<std::string> lines;
  for (const std::string& line :
       std::vector<std::string>(absl::StrSplit(secrets.Scrub(result.err), '\n')))
    if (!line.empty() && line.rfind("[#] ", 0) != 0) lines.push_back(line);
  return HostError(session, "step \"" + step + "\"",
                   lines.empty() ? absl::StrCat("exit status ", result.exit_status)
                                 : absl::StrJoin(lines, "; "));
}

// Runs a script; a non-zero exit is an error (ScriptError).
absl::StatusOr<std::string> Run(ssh::Session& session, std::string_view what,
                                const std::string& script, const ssh::CancelToken* cancel,
                                const ssh::Scrubber& secrets) {
  auto result = session.RunScript(script, cancel);
  if (!result.ok()) return result.status();
  if (result->exit_status != 0) return ScriptError(session, what, *result, secrets);
  return std::move(result->out);
}

// Runs a script that changes the host under the host lock. nullopt: the host
// changed since the read it is based on, and nothing was done.
absl::StatusOr<std::optional<std::string>> RunChange(ssh::Session& session, std::string_view what,
                                                     const std::string& script,
                                                     const ssh::CancelToken* cancel,
                                                     const ssh::Scrubber& secrets) {
  auto result = session.RunScript(script, cancel);
  if (!result.ok()) return result.status();
  if (result->exit_status == kExitStale && result->out.find(kStaleMarker) != std::string::npos)
    return std::nullopt;
  if (result->exit_status != 0) {
    absl::Status error = ScriptError(session, what, *result, secrets);
    return OnlyPreflightRan(result->out) ? Unchanged(error) : error;
  }
  return std::optional<std::string>(std::move(result->out));
}

struct DesiredText {
  std::string config, plan, owner_marker;
  DesiredFiles files;
};

DesiredText TextsOf(const NodePlan& d, std::string_view owner) {
  DesiredText t{RenderWgQuick(d), NodePlanToText(d) + "\n", OwnerMarkerText(owner), {}};
  t.files = {Sha256Hex(t.config), Sha256Hex(t.plan), std::string(owner)};
  return t;
}

NodeStatus StatusOf(const NodePlan& d, const HostRead& read, const Reconciliation& r) {
  const LiveState& live = read.live;
  NodeStatus s;
  const LiveLink* wg = live.Link(d.interface);
  s.interface_up = wg && wg->admin_up;
  s.interface_ifindex = wg ? wg->ifindex : 0;
  s.config_present = live.config.present;
  s.owner = read.claim.owner;
  for (const auto& [name, link] : live.links) {
    const bool ours = name == d.interface || name == d.bridge.name ||
                      name.rfind(TunnelPrefix(d.mesh), 0) == 0;
    if (ours) s.exists = true;
    if (link.master == d.bridge.name) s.port_states[name] = link.port_state;
  }
  s.exists = s.exists || live.config.present || live.plan_config.present;
  if (const LiveLink* br = live.Link(d.bridge.name)) s.bridge_mtu = br->mtu;
  if (live.wireguard)
    for (const auto& lp : live.wireguard->peers) {
      PeerStatus ps{.public_key = lp.public_key,
                    .endpoint = lp.endpoint == "(none)" ? "" : lp.endpoint,
                    .latest_handshake = lp.latest_handshake,
                    .rx_bytes = lp.rx_bytes,
                    .tx_bytes = lp.tx_bytes};
      for (const auto& p : d.peers)
        if (p.public_key == lp.public_key) ps.name = p.name;
      s.peers.push_back(ps);
    }
  s.drift = r.Descriptions();
  s.in_sync = r.empty();
  return s;
}

absl::StatusOr<LiveState> ParseAfter(const ssh::Session& session, const std::string& out) {
  size_t at = out.rfind(kReadBack);
  if (at == std::string::npos) return HostError(session, "read back", "no answer");
  auto live = ParseLiveState(std::string_view(out).substr(at + sizeof(kReadBack) - 1));
  if (!live.ok()) return HostError(session, "read back", std::string(live.status().message()));
  return live;
}

absl::Status KeptChanging(const ssh::Session& session, std::string_view mesh) {
  return absl::AbortedError(absl::StrCat(
      session.target().Describe(), ": mesh ", std::string(mesh), " on this host changed ", kMaxAttempts,
      " times between reading and changing it (another wgmesh run?); nothing more was changed"));
}

void NoteTakeover(const HostClaim& claim, std::string_view owner, OperationReport& report) {
  if (!claim.owner.empty() && claim.owner != owner)
    report.warnings.push_back(absl::StrCat("took the node over from owner ", claim.owner,
                                           " (a renamed or replaced resource, or another front end)"));
}

}  // namespace

NodeHost::NodeHost(std::unique_ptr<ssh::Session> session, const ssh::CancelToken* cancel,
                   ProgressFn progress)
    : session_(std::move(session)), cancel_(cancel), progress_(std::move(progress)) {}
NodeHost::NodeHost(NodeHost&&) noexcept = default;
NodeHost& NodeHost::operator=(NodeHost&&) noexcept = default;
NodeHost::~NodeHost() = default;

absl::StatusOr<NodeHost> NodeHost::Connect(const ssh::ConnectOptions& connection,
                                           const ssh::CancelToken* cancel, ProgressFn progress,
                                           ssh::LogSink log) {
  Report(progress, "connecting to " + connection.target.Describe());
  auto session = ssh::Session::Connect(connection, cancel, std::move(log));
  if (!session.ok()) return session.status();
  return NodeHost(*std::move(session), cancel, std::move(progress));
}

int NodeHost::round_trips() const { return session_->round_trips(); }
std::string NodeHost::Describe() const { return session_->target().Describe(); }

absl::StatusOr<HostRead> NodeHost::ReadMesh(std::string_view mesh, bool with_installed_config,
                                            std::string_view original_interface,
                                            ReadFiles* files) {
  if (!with_installed_config && last_read_ && last_read_mesh_ == mesh) {
    HostRead read = *std::move(last_read_);
    last_read_.reset();  // one reuse: whatever runs next may change the host
    return read;
  }
  last_read_.reset();
  Report(progress_, "reading live state");
  // The configs hold keys, but only stdout carries them: errors come from
  // stderr, which the script does not fill with them.
  auto out = Run(*session_, "read", ReadScript(mesh, with_installed_config, original_interface),
                 cancel_, {});
  if (!out.ok()) return out.status();
  std::string_view text = *out;
  // Trailing sections, last first: "found\n<file>" or "absent\n".
  auto take = [&](std::string_view marker, std::string* file) -> bool {
    const size_t at = text.rfind(marker);
    if (at == std::string_view::npos) return false;
    std::string_view body = text.substr(at + marker.size());
    if (body.rfind("found\n", 0) == 0) *file = std::string(body.substr(6));
    text = text.substr(0, at);
    return true;
  };
  if (with_installed_config) {
    if (!original_interface.empty() && !take(kOriginalSection, &files->original))
      return HostError(*session_, "read", "no original config section");
    if (!take(kInstalledSection, &files->installed))
      return HostError(*session_, "read", "no node config section");
  }
  auto live = ParseLiveState(text);
  if (!live.ok()) return HostError(*session_, "read", std::string(live.status().message()));
  HostClaim claim = ClaimOf(mesh, *live);
  return HostRead{*std::move(live), std::move(claim)};
}

void NodeHost::Remember(std::string_view mesh, const HostRead& read) {
  last_read_ = read;
  last_read_mesh_ = std::string(mesh);
}

absl::StatusOr<InstalledConfig> NodeHost::ReadInstalled(std::string_view mesh,
                                                        std::string_view original_interface) {
  ReadFiles files;
  auto read = ReadMesh(mesh, /*with_installed_config=*/true, original_interface, &files);
  if (!read.ok()) return read.status();
  Remember(mesh, *read);
  if (read->claim.kind == HostClaim::Kind::kOriginalTool && !files.original.empty())
    return InstalledConfig{"", "", std::move(files.original), read->claim.objects};
  if (absl::Status ours = CheckOurs(read->claim, mesh, Describe()); !ours.ok()) return ours;
  if (files.installed.empty())
    return absl::NotFoundError(absl::StrCat(Describe(), ": mesh ", std::string(mesh),
                                            " has no node config on this host (",
                                            PlanConfigPath(mesh), ")"));
  return InstalledConfig{std::move(files.installed), read->claim.owner, "", {}};
}

absl::StatusOr<NodeStatus> NodeHost::Read(const NodePlan& desired, std::string_view owner) {
  auto read = ReadMesh(desired.mesh, false);
  if (!read.ok()) return read.status();
  const DesiredText texts = TextsOf(desired, owner);
  NodeStatus status = StatusOf(desired, *read, Reconcile(desired, read->live, texts.files));
  Remember(desired.mesh, *read);
  if (absl::Status ours = CheckOurs(read->claim, desired.mesh, Describe()); !ours.ok()) {
    status.refusal = std::string(ours.message());
    status.drift = {status.refusal};
    status.in_sync = false;
  }
  return status;
}

absl::StatusOr<OperationReport> NodeHost::Apply(const NodePlan& desired, std::string_view owner,
                                                bool adopt_original) {
  if (!IsValidOwnerId(owner))
    return absl::InvalidArgumentError(absl::StrCat("owner id \"", absl::CHexEscape(std::string(owner)),
                                                   "\" is not a wgmesh owner id"));
  const ssh::Scrubber secrets = Secrets(desired);
  const DesiredText texts = TextsOf(desired, owner);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) Report(progress_, "the host changed since it was read (another run?)");
    auto read = ReadMesh(desired.mesh, false);
    if (!read.ok()) return Unchanged(read.status());
    const bool adopting = adopt_original && read->claim.kind == HostClaim::Kind::kOriginalTool;
    if (absl::Status ours = CheckOurs(read->claim, desired.mesh, Describe()); !ours.ok() && !adopting)
      return Unchanged(ours);
    Reconciliation r = Reconcile(desired, read->live, texts.files);
    if (adopting) PlanAdoption(read->claim, r);
    OperationReport report;
    if (r.empty()) {
      report.after = StatusOf(desired, *read, r);
      report.round_trips = round_trips();
      return report;
    }
    NoteTakeover(read->claim, owner, report);
    report.changes = r.Descriptions();
    report.restarted = r.restart;
    for (const auto& c : report.changes) Report(progress_, c);
    auto script = ApplyScript(desired, r, read->live.fingerprint, texts.config, texts.plan,
                              texts.owner_marker);
    if (!script.ok()) return Unchanged(script.status());
    auto applied = RunChange(*session_, "apply", *script, cancel_, secrets);
    if (!applied.ok()) return applied.status();
    if (!*applied) continue;
    auto after = ParseAfter(*session_, **applied);
    if (!after.ok()) return after.status();
    const HostRead after_read{*after, ClaimOf(desired.mesh, *after)};
    const Reconciliation left = Reconcile(desired, *after, texts.files);
    report.after = StatusOf(desired, after_read, left);
    report.round_trips = round_trips();
    if (!left.empty())
      return HostError(*session_, "verify",
                       "the host still differs from the plan after applying: " +
                           absl::StrJoin(left.Descriptions(), "; "));
    return report;
  }
  return Unchanged(KeptChanging(*session_, desired.mesh));
}

absl::StatusOr<OperationReport> NodeHost::Teardown(std::string_view mesh, bool remove_config,
                                                   std::string_view owner) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto read = ReadMesh(mesh, false);
    if (!read.ok()) return read.status();
    if (absl::Status ours = CheckOurs(read->claim, mesh, Describe()); !ours.ok()) return ours;
    OperationReport report;
    if (!MayRemove(read->claim, owner)) {
      report.left_alone = true;
      report.after.exists = true;
      report.after.owner = read->claim.owner;
      report.warnings.push_back(absl::StrCat(
          Describe(), ": mesh ", std::string(mesh), " on this host now belongs to ", read->claim.owner,
          " (a renamed or replaced resource took it over): left as it is"));
      report.round_trips = round_trips();
      return report;
    }
    Report(progress_, "removing the links of mesh " + std::string(mesh));
    auto out = RunChange(*session_, "teardown",
                         TeardownScript(mesh, remove_config, read->live.fingerprint), cancel_, {});
    if (!out.ok()) return out.status();
    if (!*out) continue;
    auto after = ParseAfter(*session_, **out);
    if (!after.ok()) return after.status();
    report.round_trips = round_trips();
    const std::string& text = **out;
    for (size_t at = text.find("@@step "); at != std::string::npos; at = text.find("@@step ", at + 1)) {
      size_t end = text.find('\n', at);
      std::string step = text.substr(at + 7, end - at - 7);
      if (step != "read back") report.changes.push_back(step);
    }
    for (const auto& [name, link] : after->links)
      if (name == WireguardInterfaceName(mesh) || name == BridgeName(mesh) ||
          name.rfind(TunnelPrefix(mesh), 0) == 0)
        return HostError(*session_, "verify", "link " + name + " is still there after teardown");
    report.after.exists = after->config.present || after->plan_config.present;
    report.after.config_present = after->config.present;
    // Read under the lock after the change: the basis of a next operation (a
    // `down -r` removing the configs next), checked by its fingerprint.
    Remember(mesh, HostRead{*after, ClaimOf(mesh, *after)});
    return report;
  }
  return KeptChanging(*session_, mesh);
}

absl::StatusOr<NodeStatus> ReadNode(const ssh::ConnectOptions& connection, const NodePlan& desired,
                                    std::string_view owner, const ssh::CancelToken* cancel,
                                    ProgressFn progress, ssh::LogSink log) {
  auto host = NodeHost::Connect(connection, cancel, std::move(progress), std::move(log));
  if (!host.ok()) return host.status();
  return host->Read(desired, owner);
}

absl::StatusOr<OperationReport> ApplyNode(const ssh::ConnectOptions& connection,
                                          const NodePlan& desired, std::string_view owner,
                                          const ssh::CancelToken* cancel, ProgressFn progress,
                                          ssh::LogSink log) {
  auto host = NodeHost::Connect(connection, cancel, std::move(progress), std::move(log));
  if (!host.ok()) return Unchanged(host.status());
  return host->Apply(desired, owner);
}

bool FailedBeforeAnyChange(const absl::Status& status) {
  return !status.ok() && status.GetPayload(kUnchangedPayload).has_value();
}

absl::StatusOr<InstalledConfig> ReadInstalledConfig(const ssh::ConnectOptions& connection,
                                                    std::string_view mesh,
                                                    const ssh::CancelToken* cancel,
                                                    ssh::LogSink log) {
  auto host = NodeHost::Connect(connection, cancel, nullptr, std::move(log));
  if (!host.ok()) return host.status();
  return host->ReadInstalled(mesh);
}

absl::StatusOr<OperationReport> TeardownNode(const ssh::ConnectOptions& connection,
                                             std::string_view mesh, bool remove_config,
                                             std::string_view owner,
                                             const ssh::CancelToken* cancel, ProgressFn progress,
                                             ssh::LogSink log) {
  auto host = NodeHost::Connect(connection, cancel, std::move(progress), std::move(log));
  if (!host.ok()) return host.status();
  return host->Teardown(mesh, remove_config, owner);
}

}  // namespace wgmesh
