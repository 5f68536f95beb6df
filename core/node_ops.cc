#include "core/node_ops.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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
// Status payload on ApplyNode errors raised before any change (FailedBeforeAnyChange).
constexpr char kUnchangedPayload[] = "wgmesh.dev/host-unchanged";

absl::Status Unchanged(absl::Status status) {
  status.SetPayload(kUnchangedPayload, absl::Cord("1"));
  return status;
}

// True when a script's output announces no step but the preflight: it failed before any change.
bool OnlyPreflightRan(const std::string& out) {
  for (size_t at = out.find("@@step "); at != std::string::npos; at = out.find("@@step ", at + 1))
    if (out.compare(at, 17, "@@step preflight\n") != 0) return false;
  return true;
}

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

// Runs a script; a non-zero exit is an error naming the failed step and the
// host's stderr (secrets scrubbed).
absl::StatusOr<std::string> Run(ssh::Session& session, std::string_view what,
                                const std::string& script, const ssh::CancelToken* cancel,
                                const ssh::Scrubber& secrets) {
  auto result = session.RunScript(script, cancel);
  if (!result.ok()) return result.status();
  if (result->exit_status == 0) return std::move(result->out);
  std::string step(what);
  if (size_t at = result->out.rfind("@@fail "); at != std::string::npos) {
    size_t end = result->out.find('\n', at);
    step = result->out.substr(at + 7, end == std::string::npos ? end : end - at - 7);
  }
  std::string err = secrets.Scrub(result->err);
  while (!err.empty() && err.back() == '\n') err.pop_back();
  absl::Status error = HostError(session, "step \"" + step + "\"",
                                 err.empty() ? absl::StrCat("exit status ", result->exit_status) : err);
  return OnlyPreflightRan(result->out) ? Unchanged(error) : error;
}

absl::StatusOr<std::unique_ptr<ssh::Session>> Open(const ssh::ConnectOptions& connection,
                                                   const ssh::CancelToken* cancel,
                                                   const ProgressFn& progress) {
  Report(progress, "connecting to " + connection.target.Describe());
  return ssh::Session::Connect(connection, cancel);
}

DesiredFiles FilesOf(const NodePlan& d, std::string* config_text, std::string* plan_text) {
  *config_text = RenderWgQuick(d);
  *plan_text = NodePlanToText(d) + "\n";
  return {Sha256Hex(*config_text), Sha256Hex(*plan_text)};
}

NodeStatus StatusOf(const NodePlan& d, const LiveState& live, const Reconciliation& r) {
  NodeStatus s;
  const LiveLink* wg = live.Link(d.interface);
  s.interface_up = wg && wg->admin_up;
  s.interface_ifindex = wg ? wg->ifindex : 0;
  s.config_present = live.config.present;
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

}  // namespace

absl::StatusOr<NodeStatus> ReadNode(const ssh::ConnectOptions& connection, const NodePlan& desired,
                                    const ssh::CancelToken* cancel, ProgressFn progress) {
  auto session = Open(connection, cancel, progress);
  if (!session.ok()) return session.status();
  Report(progress, "reading live state");
  auto out = Run(**session, "read", ReadScript(desired.mesh), cancel, Secrets(desired));
  if (!out.ok()) return out.status();
  auto live = ParseLiveState(*out);
  if (!live.ok()) return HostError(**session, "read", std::string(live.status().message()));
  std::string config_text, plan_text;
  DesiredFiles files = FilesOf(desired, &config_text, &plan_text);
  return StatusOf(desired, *live, Reconcile(desired, *live, files));
}

absl::StatusOr<OperationReport> ApplyNode(const ssh::ConnectOptions& connection,
                                          const NodePlan& desired, const ssh::CancelToken* cancel,
                                          ProgressFn progress) {
  auto session = Open(connection, cancel, progress);
  if (!session.ok()) return Unchanged(session.status());
  const ssh::Scrubber secrets = Secrets(desired);
  Report(progress, "reading live state");
  auto out = Run(**session, "read", ReadScript(desired.mesh), cancel, secrets);
  if (!out.ok()) return Unchanged(out.status());
  auto live = ParseLiveState(*out);
  if (!live.ok())
    return Unchanged(HostError(**session, "read", std::string(live.status().message())));

  std::string config_text, plan_text;
  const DesiredFiles files = FilesOf(desired, &config_text, &plan_text);
  const Reconciliation r = Reconcile(desired, *live, files);
  OperationReport report;
  if (r.empty()) {
    report.after = StatusOf(desired, *live, r);
    report.round_trips = (*session)->round_trips();
    return report;
  }
  report.changes = r.Descriptions();
  report.restarted = r.restart;
  for (const auto& c : report.changes) Report(progress, c);
  auto applied = Run(**session, "apply", ApplyScript(desired, r, config_text, plan_text),
                     cancel, secrets);
  if (!applied.ok()) return applied.status();
  auto after = ParseAfter(**session, *applied);
  if (!after.ok()) return after.status();
  const Reconciliation left = Reconcile(desired, *after, files);
  report.after = StatusOf(desired, *after, left);
  report.round_trips = (*session)->round_trips();
  if (!left.empty())
    return HostError(**session, "verify",
                     "the host still differs from the plan after applying: " +
                         absl::StrJoin(left.Descriptions(), "; "));
  return report;
}

bool FailedBeforeAnyChange(const absl::Status& status) {
  return !status.ok() && status.GetPayload(kUnchangedPayload).has_value();
}

absl::StatusOr<std::string> ReadInstalledConfig(const ssh::ConnectOptions& connection,
                                                std::string_view mesh,
                                                const ssh::CancelToken* cancel) {
  auto session = ssh::Session::Connect(connection, cancel);
  if (!session.ok()) return session.status();
  auto out = Run(**session, "read config", ReadInstalledConfigScript(mesh), cancel, {});
  if (!out.ok()) return out.status();
  constexpr char kFound[] = "@@wgmesh found\n";
  if (out->rfind(kFound, 0) != 0)
    return absl::NotFoundError(absl::StrCat((*session)->target().Describe(), ": mesh ", std::string(mesh),
                                            " has no node config on this host (",
                                            PlanConfigPath(mesh), ")"));
  return out->substr(sizeof(kFound) - 1);
}

absl::StatusOr<OperationReport> TeardownNode(const ssh::ConnectOptions& connection,
                                             std::string_view mesh, bool remove_config,
                                             const ssh::CancelToken* cancel, ProgressFn progress) {
  auto session = Open(connection, cancel, progress);
  if (!session.ok()) return session.status();
  Report(progress, "removing the links of mesh " + std::string(mesh));
  auto out = Run(**session, "teardown", TeardownScript(mesh, remove_config), cancel, {});
  if (!out.ok()) return out.status();
  auto after = ParseAfter(**session, *out);
  if (!after.ok()) return after.status();
  OperationReport report;
  report.round_trips = (*session)->round_trips();
  for (size_t at = out->find("@@step "); at != std::string::npos; at = out->find("@@step ", at + 1)) {
    size_t end = out->find('\n', at);
    std::string step = out->substr(at + 7, end - at - 7);
    if (step != "read back") report.changes.push_back(step);
  }
  for (const auto& [name, link] : after->links)
    if (name == WireguardInterfaceName(mesh) || name == BridgeName(mesh) ||
        name.rfind(TunnelPrefix(mesh), 0) == 0)
      return HostError(**session, "verify", "link " + name + " is still there after teardown");
  report.after.exists = after->config.present || after->plan_config.present;
  report.after.config_present = after->config.present;
  return report;
}

}  // namespace wgmesh
