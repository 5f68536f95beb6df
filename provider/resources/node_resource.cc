#include "provider/resources/node_resource.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/str_cat.h"
#include "core/node_ops.h"
#include "core/names.h"
#include "core/node_plan_json.h"
#include "provider/resources/connection_check.h"
#include "provider/resources/mesh_spec.h"
#include "provider/resources/node_connection.h"
#include "provider/resources/schema.h"

namespace wgmesh::resources {
namespace {

const std::vector<Property>& Props() {
  return Schema().Resource("wgmesh:index:Node").properties;
}

const Value* Member(const Value& v, std::string_view key) {
  return v.has_members() ? v.Get(key) : nullptr;
}

std::string StringAt(const Value& v, std::string_view key) {
  const Value* m = Member(v, key);
  return m && m->is_string() ? m->as_string() : "";
}

// The inputs of a state, defaults resolved (connection settings from the provider).
Value InputsOnly(const Value& inputs, const Value& provider_config) {
  Value out = Value::Object();
  for (const Property& p : Props()) {
    if (!p.input) continue;
    const Value* v = Member(inputs, p.name);
    out.Set(p.name, v ? *v : Value::Null());
  }
  out.Set("connection", ResolveConnectionDefaults(*out.Get("connection"), provider_config));
  return ApplyDefaults(out, Props());
}

struct ParsedConfig {
  std::optional<NodePlan> plan;  // set when the config is known and valid
  Diagnostics diagnostics;
};

ParsedConfig ParseConfig(const Value& config) {
  ParsedConfig out;
  if (!config.is_string()) return out;
  ParsedNodePlan parsed = NodePlanFromText(config.as_string());
  for (const Problem& p : parsed.problems.all()) {
    // The config is one secret string: point at it, name the field inside in the detail.
    std::string detail = absl::StrCat(p.path.empty() ? "" : p.path.ToString() + ": ", p.rule,
                                      ". Pass an entry of a wgmesh_mesh's node_configs.");
    out.diagnostics.push_back(p.severity == Problem::Severity::kError
                                  ? Error("Invalid node config", detail, {PathStep::Attribute("config")})
                                  : Warning("Node config", detail, {PathStep::Attribute("config")}));
  }
  if (!parsed.problems.has_errors()) out.plan = std::move(parsed.plan);
  return out;
}

// The identity inputs (`mesh`, `node_name`): optional, taken from config when unset.
struct IdentityField {
  const char* key;
  const char* what;
  std::string NodePlan::*in_plan;
  bool (*valid)(std::string_view);
};
constexpr IdentityField kIdentity[] = {{"mesh", "mesh", &NodePlan::mesh, &IsValidMeshName},
                                       {"node_name", "node name", &NodePlan::node, &IsValidNodeName}};

// Explicit identity inputs: a valid name, and the one `config` holds when it is known.
Diagnostics CheckIdentity(const Value& inputs, const std::optional<NodePlan>& plan) {
  Diagnostics out;
  for (const IdentityField& f : kIdentity) {
    const Value* v = Member(inputs, f.key);
    if (!v || !v->is_string()) continue;
    const std::string& name = v->as_string();
    Path path = {PathStep::Attribute(f.key)};
    if (!f.valid(name))
      out.push_back(Error(absl::StrCat("Invalid ", f.what),
                          absl::StrCat("\"", name, "\" is not a valid ", f.what), path));
    else if (plan && name != (*plan).*f.in_plan)
      out.push_back(Error(absl::StrCat("The ", f.what, " does not match config"),
                          absl::StrCat("\"", name, "\", but config is the node config of ", f.what,
                                       " \"", (*plan).*f.in_plan,
                                       "\": pass the matching entry of the Mesh's node_configs"),
                          path));
  }
  return out;
}

// Outputs from the config (unknown while it is); explicit identity inputs stay as given.
void SetOutputs(Value& state, const std::optional<NodePlan>& plan) {
  auto set = [&](const char* key, const std::string* v) {
    state.Set(key, v ? Value::String(*v) : Value::Unknown());
  };
  for (const IdentityField& f : kIdentity) {
    const Value* v = Member(state, f.key);
    if (!v || v->is_null()) set(f.key, plan ? &((*plan).*f.in_plan) : nullptr);
  }
  set("public_key", plan ? &plan->public_key : nullptr);
  set("interface_name", plan ? &plan->interface : nullptr);
  set("bridge_address", plan ? &plan->bridge.address : nullptr);
}

void SetSync(Value& state, bool in_sync, const std::vector<std::string>& drift) {
  state.Set("in_sync", Value::Bool(in_sync));
  Value lines = Value::List();
  for (const std::string& d : drift) lines.Append(Value::String(d));
  state.Set("drift", std::move(lines));
}

Value Finish(Value state) { return MarkSecrets(state, Props()); }

// What replaces the node: another identity (mesh, node name) or another host,
// and also one not known yet: an update planned now could turn into a
// replacement at apply, which the engines reject. `inputs` tells which
// identity the user set (the path then names it), `planned` holds the values.
std::vector<Path> ReplacePaths(const Value& prior, const Value& inputs, const Value& planned) {
  std::vector<Path> out;
  auto add = [&](Path p) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
  };
  auto changes = [](const Value* before, const Value* after) {
    if (!after || after->is_unknown()) return true;
    return before && before->is_string() && !EqualIgnoringMarks(*before, *after);
  };
  for (const IdentityField& f : kIdentity) {
    const Value* given = Member(inputs, f.key);
    if (changes(Member(prior, f.key), Member(planned, f.key)))
      add({PathStep::Attribute(given && !given->is_null() ? f.key : "config")});
  }
  const Value* before = Member(prior, "connection");
  const Value* after = Member(planned, "connection");
  if (changes(before ? Member(*before, "host") : nullptr,
              after && after->has_members() ? Member(*after, "host") : nullptr))
    add({PathStep::Attribute("connection"), PathStep::Attribute("host")});
  return out;
}

std::string Describe(const NodePlan& plan, const ssh::ConnectOptions& o) {
  return absl::StrCat("node \"", plan.node, "\" of mesh \"", plan.mesh, "\" on ",
                      o.target.Describe());
}

ProgressFn Progress(const Context& ctx, const std::string& node) {
  if (!ctx.progress) return nullptr;
  return [&ctx, node](std::string_view step) { ctx.progress(absl::StrCat(node, ": ", std::string(step))); };
}

// One host operation's token: the engine's, plus the operation's time limit.
std::shared_ptr<const CancelToken> OperationToken(const Context& ctx) {
  if (!ctx.timeout) return ctx.cancel;
  return std::make_shared<CancelToken>(ctx.cancel, CancelToken::Clock::now() + *ctx.timeout);
}

// A failed host operation's message; says so when the time limit ended it.
std::string FailureText(const absl::Status& status, const CancelToken* token, const Context& ctx) {
  if (token == nullptr || !ctx.timeout || !token->expired()) return std::string(status.message());
  auto ms = ctx.timeout->count();
  return absl::StrCat("timed out after ", ms % 1000 == 0 ? absl::StrCat(ms / 1000, "s") : absl::StrCat(ms, "ms"),
                      " (the engine's timeout for this operation); ", status.message());
}

// forget_unreachable applies: the opt-in is set and no SSH connection could be
// made at all (not an authentication or host key error: those still fail).
bool ForgetsUnreachable(const Value& state, const absl::Status& status) {
  const Value* forget = Member(state, "forget_unreachable");
  return forget && forget->is_bool() && forget->as_bool() &&
         status.code() == absl::StatusCode::kUnavailable;
}

Diagnostic Forgotten(std::string_view mesh, const ssh::ConnectOptions& o, const std::string& why) {
  return Warning(absl::StrCat("Host unreachable: node of mesh \"", std::string(mesh), "\" forgotten"),
                 absl::StrCat(o.target.Describe(), " could not be reached (", why,
                              "). forget_unreachable is set, so the node leaves the state without "
                              "touching the host; if the host comes back, the mesh is still "
                              "configured on it."),
                 {PathStep::Attribute("forget_unreachable")});
}

// The connection to use: the state's, with the secrets handed over for this call.
absl::StatusOr<ssh::ConnectOptions> ConnectionOf(const Value& state, const Context& ctx) {
  Value conn = *state.Get("connection");
  if (ctx.connection_secrets.has_members() && conn.has_members())
    for (const auto& [key, value] : ctx.connection_secrets.members()) conn.Set(key, value);
  return ToConnectOptions(conn, ctx.provider_config);
}

// What the SSH layer warns about during one host operation (a host key
// accepted without verification, on every connection), as warning
// diagnostics of its result: a Terraform warning, a Pulumi engine warning.
class SshWarnings {
 public:
  ssh::LogSink Sink() {
    return [this](std::string_view level, std::string_view message) {
      if (level == "warning") list_.push_back(Warning("SSH connection", std::string(message)));
    };
  }
  // `result` with the warnings added.
  ApplyResult Add(ApplyResult result) const {
    result.diagnostics.insert(result.diagnostics.end(), list_.begin(), list_.end());
    return result;
  }

 private:
  Diagnostics list_;
};

int Parallelism(const Context& ctx) {
  const Value* p = Member(ctx.provider_config, "parallelism");
  if (p && p->is_number())
    if (auto v = p->as_number().ToInt64(); v && *v > 0) return static_cast<int>(*v);
  return 16;
}

}  // namespace

class NodeResource::Slot {
 public:
  Slot(NodeResource* r, int limit, const CancelToken* cancel) : r_(r) {
    std::unique_lock lock(r_->mu_);
    while (r_->busy_ >= limit && !(cancel && cancel->cancelled()))
      r_->cv_.wait_for(lock, std::chrono::milliseconds(100));
    ++r_->busy_;
  }
  ~Slot() {
    std::lock_guard lock(r_->mu_);
    --r_->busy_;
    r_->cv_.notify_one();
  }

 private:
  NodeResource* r_;
};

std::optional<ImportId> ParseImportId(std::string_view id) {
  ImportId out;
  size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  out.mesh = std::string(id.substr(0, slash));
  std::string_view rest = id.substr(slash + 1);
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    out.user = std::string(rest.substr(0, at));
    rest = rest.substr(at + 1);
    if (out.user.empty()) return std::nullopt;
  }
  std::string_view port;
  if (!rest.empty() && rest[0] == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(rest.substr(1, close - 1));
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else if (size_t colon = rest.find(':'); colon != std::string_view::npos) {
    if (rest.find(':', colon + 1) != std::string_view::npos) return std::nullopt;  // bare IPv6
    out.host = std::string(rest.substr(0, colon));
    port = rest.substr(colon + 1);
  } else {
    out.host = std::string(rest);
  }
  if (out.host.empty()) return std::nullopt;
  if (!port.empty() || (rest.size() && rest.back() == ':')) {
    int p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535)
      return std::nullopt;
    out.port = p;
  }
  return out;
}

CheckResult NodeResource::Check(const Value& inputs, const Context& ctx) const {
  CheckResult out;
  out.inputs = Finish(InputsOnly(inputs, ctx.provider_config));
  ParsedConfig config = ParseConfig(*out.inputs.Get("config"));
  out.diagnostics = config.diagnostics;
  for (Diagnostic& d : CheckIdentity(out.inputs, config.plan)) out.diagnostics.push_back(std::move(d));
  const Value& conn = *out.inputs.Get("connection");
  Diagnostics refused = CheckNodeConnection(conn);
  // A refused field is not repeated in further messages (it may hold a newline).
  const bool fields_ok = !HasErrors(refused);
  for (Diagnostic& d : refused) out.diagnostics.push_back(std::move(d));
  if (fields_ok && conn.IsWhollyKnown() && conn.has_members()) {
    absl::StatusOr<ssh::ConnectOptions> o = ToConnectOptions(conn, ctx.provider_config);
    if (!o.ok()) {
      out.diagnostics.push_back(Error("Invalid connection", std::string(o.status().message()),
                                      {PathStep::Attribute("connection")}));
    } else if (o->target.host_key.insecure_skip || (o->proxy && o->proxy->host_key.insecure_skip)) {
      // Shown on every plan / preview, as the schema promises.
      out.diagnostics.push_back(Warning(
          "Host key not verified",
          absl::StrCat("insecure_skip_host_key_check is set for ",
                       o->target.host_key.insecure_skip ? o->target.Describe() : o->proxy->Describe(),
                       ": any host key is accepted, so whoever answers at that address gets the "
                       "node's keys. Pin host_key or use known_hosts_file."),
          {PathStep::Attribute("connection"), PathStep::Attribute("insecure_skip_host_key_check")}));
    }
  }
  return out;
}

PlanResult NodeResource::Plan(const Value& prior_state, const Value& inputs,
                              const Context& ctx) const {
  PlanResult out;
  Value state = InputsOnly(inputs, ctx.provider_config);
  ParsedConfig config = ParseConfig(*state.Get("config"));
  out.diagnostics = config.diagnostics;
  for (Diagnostic& d : CheckIdentity(state, config.plan)) out.diagnostics.push_back(std::move(d));
  if (HasErrors(out.diagnostics)) return out;
  const Value given = state;  // before SetOutputs fills the identity from config
  SetOutputs(state, config.plan);
  SetSync(state, true, {});
  // An instance keeps its owner id for life; a new one gets it at create.
  const std::string prior_owner = StringAt(prior_state, "owner_id");
  state.Set("owner_id", prior_owner.empty() ? Value::Unknown() : Value::String(prior_owner));
  if (prior_state.has_members()) out.replace_paths = ReplacePaths(prior_state, given, state);
  out.planned_state = Finish(std::move(state));
  return out;
}

ApplyResult NodeResource::Reconcile(const Value& base_state, const Value& planned_state,
                                    const Context& ctx) {
  if (ctx.preview) return {planned_state, {}};
  std::string owner = StringAt(planned_state, "owner_id");
  if (owner.empty()) owner = StringAt(base_state, "owner_id");
  if (owner.empty()) owner = NewOwnerId("node");
  Value failed = base_state.is_null() ? planned_state : base_state;
  failed.Set("owner_id", Value::String(owner));
  ParsedConfig config = ParseConfig(*planned_state.Get("config"));
  if (!config.plan) {
    if (config.diagnostics.empty())
      config.diagnostics.push_back(Error("Node config is not known", "", {PathStep::Attribute("config")}));
    return {base_state, config.diagnostics};
  }
  absl::StatusOr<ssh::ConnectOptions> opts = ConnectionOf(planned_state, ctx);
  if (!opts.ok())
    return {base_state, {Error("Invalid connection", std::string(opts.status().message()),
                               {PathStep::Attribute("connection")})}};
  absl::StatusOr<OperationReport> report;
  SshWarnings ssh_warnings;
  const std::shared_ptr<const CancelToken> token = OperationToken(ctx);
  {
    Slot slot(this, Parallelism(ctx), token.get());
    report = ApplyNode(*opts, *config.plan, owner, token.get(), Progress(ctx, config.plan->node),
                       ssh_warnings.Sink());
  }
  if (!report.ok()) {
    Diagnostics error = {Error(absl::StrCat("Cannot configure ", Describe(*config.plan, *opts)),
                               FailureText(report.status(), token.get(), ctx))};
    // A first create that changed nothing leaves nothing to record: no tainted object
    // whose destroy would need the connection that just failed.
    if (base_state.is_null() && FailedBeforeAnyChange(report.status()))
      return ssh_warnings.Add({Value::Null(), error});
    SetSync(failed, false, {absl::StrCat("last apply failed: ", report.status().message())});
    return ssh_warnings.Add({Finish(failed), error});
  }
  Value state = planned_state;
  state.Set("owner_id", Value::String(owner));
  SetSync(state, report->after.in_sync, report->after.drift);
  if (!report->after.in_sync) {
    std::string lines;
    for (const std::string& d : report->after.drift) absl::StrAppend(&lines, "\n  ", d);
    return ssh_warnings.Add(
        {Finish(state), {Error(absl::StrCat(Describe(*config.plan, *opts), " is not in sync after apply"),
                               absl::StrCat("Still different:", lines))}});
  }
  if (ctx.log)
    for (const std::string& c : report->changes)
      ctx.log("info", absl::StrCat(config.plan->node, ": ", c));
  Diagnostics warnings;
  for (const std::string& w : report->warnings)
    warnings.push_back(Warning(absl::StrCat(Describe(*config.plan, *opts)), w));
  return ssh_warnings.Add({Finish(std::move(state)), warnings});
}

ApplyResult NodeResource::Create(const Value& planned_state, const Context& ctx) {
  return Reconcile(Value::Null(), planned_state, ctx);
}

ApplyResult NodeResource::Update(const Value& prior_state, const Value& planned_state,
                                 const Context& ctx) {
  return Reconcile(prior_state, planned_state, ctx);
}

ApplyResult NodeResource::Delete(const Value& prior_state, const Context& ctx) {
  if (ctx.preview) return {Value::Null(), {}};
  std::string mesh = StringAt(prior_state, "mesh");
  if (ParsedConfig c = ParseConfig(*prior_state.Get("config")); c.plan) mesh = c.plan->mesh;
  absl::StatusOr<ssh::ConnectOptions> opts = ConnectionOf(prior_state, ctx);
  if (!opts.ok())
    return {prior_state, {Error("Invalid connection", std::string(opts.status().message()),
                                {PathStep::Attribute("connection")})}};
  const Value* remove = Member(prior_state, "remove_config_on_delete");
  bool remove_config = !(remove && remove->is_bool() && !remove->as_bool());
  absl::StatusOr<OperationReport> report;
  SshWarnings ssh_warnings;
  const std::shared_ptr<const CancelToken> token = OperationToken(ctx);
  {
    Slot slot(this, Parallelism(ctx), token.get());
    report = TeardownNode(*opts, mesh, remove_config, StringAt(prior_state, "owner_id"),
                          token.get(), Progress(ctx, StringAt(prior_state, "node_name")),
                          ssh_warnings.Sink());
  }
  if (!report.ok() && ForgetsUnreachable(prior_state, report.status()))
    return ssh_warnings.Add(
        {Value::Null(), {Forgotten(mesh, *opts, FailureText(report.status(), token.get(), ctx))}});
  if (!report.ok())
    return ssh_warnings.Add({prior_state, {Error(absl::StrCat("Cannot remove mesh \"", mesh, "\" from ",
                                                              opts->target.Describe()),
                                                 FailureText(report.status(), token.get(), ctx))}});
  Diagnostics warnings;
  for (const std::string& w : report->warnings)
    warnings.push_back(Warning(absl::StrCat("Mesh \"", mesh, "\" left on ", opts->target.Describe()), w));
  return ssh_warnings.Add({Value::Null(), warnings});
}

ApplyResult NodeResource::Read(const Value& state, const Context& ctx) {
  ParsedConfig config = ParseConfig(*state.Get("config"));
  if (!config.plan) return {state, config.diagnostics};
  absl::StatusOr<ssh::ConnectOptions> opts = ConnectionOf(state, ctx);
  if (!opts.ok())
    return {state, {Error("Invalid connection", std::string(opts.status().message()),
                          {PathStep::Attribute("connection")})}};
  absl::StatusOr<NodeStatus> status;
  SshWarnings ssh_warnings;
  const std::shared_ptr<const CancelToken> token = OperationToken(ctx);
  {
    Slot slot(this, Parallelism(ctx), token.get());
    status = ReadNode(*opts, *config.plan, StringAt(state, "owner_id"), token.get(),
                      Progress(ctx, config.plan->node), ssh_warnings.Sink());
  }
  if (!status.ok() && ForgetsUnreachable(state, status.status()))
    return ssh_warnings.Add(
        {Value::Null(),
         {Forgotten(config.plan->mesh, *opts, FailureText(status.status(), token.get(), ctx))}});
  if (!status.ok())
    return ssh_warnings.Add({state, {Error(absl::StrCat("Cannot read ", Describe(*config.plan, *opts)),
                                           FailureText(status.status(), token.get(), ctx))}});
  // wiped: the engine plans a create
  if (!status->exists) return ssh_warnings.Add({Value::Null(), {}});
  Value out = state;
  SetOutputs(out, config.plan);
  SetSync(out, status->in_sync, status->drift);
  return ssh_warnings.Add({Finish(std::move(out)), {}});
}

ApplyResult NodeResource::Import(std::string_view id, const Context& ctx) {
  std::optional<ImportId> parsed = ParseImportId(id);
  if (!parsed)
    return {Value::Null(),
            {Error("Invalid import id",
                   absl::StrCat("\"", std::string(id), "\": expected <mesh>/[<user>@]<host>[:<port>], e.g. "
                                "lab/root@192.0.2.1:22 or lab/[2001:db8::1]:22"))}};
  // The mesh name becomes host paths (/etc/wireguard/wg-<mesh>.conf): checked before any use.
  if (!IsValidMeshName(parsed->mesh))
    return {Value::Null(),
            {Error("Invalid import id",
                   absl::StrCat("\"", parsed->mesh,
                                "\" is not a mesh name: a letter followed by letters and digits"))}};
  Value conn = Value::Object();
  conn.Set("host", Value::String(parsed->host));
  conn.Set("port", Value::Int(parsed->port));
  if (!parsed->user.empty()) conn.Set("user", Value::String(parsed->user));
  Value inputs = Value::Object();
  inputs.Set("connection", conn);
  Value state = InputsOnly(inputs, ctx.provider_config);
  absl::StatusOr<ssh::ConnectOptions> opts =
      ToConnectOptions(*state.Get("connection"), ctx.provider_config);
  if (!opts.ok()) return {Value::Null(), {Error("Invalid import id", std::string(opts.status().message()))}};
  absl::StatusOr<InstalledConfig> installed;
  {
    Slot slot(this, Parallelism(ctx), ctx.cancel.get());
    installed = ReadInstalledConfig(*opts, parsed->mesh, ctx.cancel.get());
  }
  if (!installed.ok())
    return {Value::Null(), {Error(absl::StrCat("Cannot import mesh \"", parsed->mesh, "\" from ",
                                               opts->target.Describe()),
                                  std::string(installed.status().message()))}};
  ParsedConfig config = ParseConfig(Value::String(installed->text));
  if (!config.plan) return {Value::Null(), config.diagnostics};
  // The canonical text, as the Mesh's node_configs holds it: the host's copy may be
  // formatted differently, and the next plan must compare equal.
  state.Set("config", Value::String(NodePlanToText(*config.plan)));
  SetOutputs(state, config.plan);
  // The host's owner stays the owner: importing changes nothing on the host.
  state.Set("owner_id", Value::String(installed->owner.empty() ? NewOwnerId("node")
                                                                : installed->owner));
  SetSync(state, true, {});
  return {Finish(std::move(state)), {}};
}

std::string NodeResource::Id(const Value& state) const {
  const Value* conn = Member(state, "connection");
  if (!conn) return StringAt(state, "mesh");
  std::string host = StringAt(*conn, "host");
  if (host.find(':') != std::string::npos) host = absl::StrCat("[", host, "]");
  std::string user = StringAt(*conn, "user");
  const Value* port = Member(*conn, "port");
  int64_t p = port && port->is_number() ? port->as_number().ToInt64().value_or(22) : 22;
  return absl::StrCat(StringAt(state, "mesh"), "/", user.empty() ? "" : user + "@", host, ":", p);
}

}  // namespace wgmesh::resources
