#include "provider/pulumi/provider_service.h"

#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "provider/pulumi/input_diff.h"
#include "provider/pulumi/provider_config.h"
#include "provider/pulumi/rpc_status.h"
#include "provider/pulumi/schema.h"
#include "provider/pulumi/struct_codec.h"
#include "provider/resources/connection_check.h"
#include "provider/resources/schema.h"

namespace wgmesh::pulumi {
namespace {

namespace pb = google::protobuf;
using resources::Diagnostic;

// Runs an RPC body; an escaping exception becomes an INTERNAL status.
template <typename F>
grpc::Status Guarded(const char* rpc, F&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        absl::StrCat(rpc, ": internal error: ", e.what()));
  } catch (...) {
    return grpc::Status(grpc::StatusCode::INTERNAL, absl::StrCat(rpc, ": internal error"));
  }
}

grpc::Status Invalid(absl::string_view what, const absl::Status& status) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      absl::StrCat(what, ": ", status.message()));
}

std::string DiagnosticText(const Diagnostic& d) {
  return d.detail.empty() ? d.summary : absl::StrCat(d.summary, ": ", d.detail);
}

// The members of `state` that are inputs of the resource.
Value InputsOf(const Value& state, const std::vector<std::string>& names) {
  Value out = Value::Object();
  if (!state.has_members()) return out;
  for (const std::string& n : names) {
    if (const Value* v = state.Get(n); v != nullptr && !v->is_null()) out.Set(n, *v);
  }
  return out;
}

pulumirpc::PropertyDiff::Kind KindOf(InputChange::Kind kind, bool replace) {
  switch (kind) {
    case InputChange::Kind::kAdd:
      return replace ? pulumirpc::PropertyDiff::ADD_REPLACE : pulumirpc::PropertyDiff::ADD;
    case InputChange::Kind::kDelete:
      return replace ? pulumirpc::PropertyDiff::DELETE_REPLACE : pulumirpc::PropertyDiff::DELETE;
    case InputChange::Kind::kUpdate:
      break;
  }
  return replace ? pulumirpc::PropertyDiff::UPDATE_REPLACE : pulumirpc::PropertyDiff::UPDATE;
}

// An optional input the handler derives from other inputs when unset (a
// Node's mesh and node name, from its config): it has no schema default.
bool IsDerivedInput(const SchemaModel& schema, const std::string& token, const std::string& name) {
  const resources::Property* p = schema.Find(token, name);
  return p != nullptr && p->filled_when_unset && !p->default_value;
}

}  // namespace

std::string TypeFromUrn(std::string_view urn) {
  // urn:pulumi:<stack>::<project>::<qualified type>::<name>; the name may contain "::".
  size_t start = urn.find("::");
  if (start == std::string_view::npos) return "";
  start = urn.find("::", start + 2);
  if (start == std::string_view::npos) return "";
  start += 2;
  size_t end = urn.find("::", start);
  if (end == std::string_view::npos) return "";
  std::string_view qualified = urn.substr(start, end - start);
  size_t dollar = qualified.rfind('$');
  return std::string(dollar == std::string_view::npos ? qualified : qualified.substr(dollar + 1));
}

ProviderService::ProviderService(std::vector<std::unique_ptr<resources::Resource>> resources,
                                 EngineLog* log)
    : resources_(std::move(resources)), log_(log), schema_(SchemaModel::Embedded()) {}

ProviderService::Target ProviderService::Find(const std::string& type,
                                              const std::string& urn) const {
  Target t;
  t.token = type.empty() ? TypeFromUrn(urn) : type;
  // "wgmesh:Mesh" is the short form of "wgmesh:index:Mesh".
  std::string full = t.token;
  if (size_t colon = full.find(':'); colon != std::string::npos &&
                                     full.find(':', colon + 1) == std::string::npos) {
    full = absl::StrCat(full.substr(0, colon), ":index:", full.substr(colon + 1));
  }
  for (const auto& r : resources_) {
    if (r->token() == full) {
      t.resource = r.get();
      t.token = full;
      return t;
    }
  }
  t.status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("unknown resource type \"", t.token, "\""));
  return t;
}

resources::Context ProviderService::MakeContext(const std::string& urn, bool preview,
                                                double timeout_seconds) const {
  resources::Context ctx;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ctx.provider_config = provider_config_;
  }
  ctx.cancel = cancel_.Current();
  EngineLog* log = log_;
  ctx.progress = [log, urn](std::string_view step) { log->Progress(urn, step); };
  ctx.log = [log, urn](std::string_view level, std::string_view message) {
    log->Log(EngineLog::SeverityOf(level), message, urn);
  };
  ctx.preview = preview;
  // customTimeouts: seconds, 0 when the program set none.
  if (timeout_seconds > 0)
    ctx.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1000));
  return ctx;
}

std::string ProviderService::Located(const Diagnostic& d, const std::string& token) const {
  std::string text = DiagnosticText(d);
  if (d.path.empty()) return text;
  const std::string where = schema_.PathToCamel(token, d.path);
  // The path once: a detail that starts with it already names it.
  if (text.rfind(where, 0) == 0 || d.detail.rfind(where, 0) == 0) return text;
  return absl::StrCat(where, ": ", text);
}

std::string ProviderService::Report(const resources::Diagnostics& diagnostics,
                                    const std::string& token, const std::string& urn,
                                    bool log_warnings) const {
  std::vector<std::string> errors;
  for (const Diagnostic& d : diagnostics) {
    std::string text = Located(d, token);
    if (d.severity == Diagnostic::Severity::kWarning) {
      if (log_warnings) log_->Log(pulumirpc::WARNING, text, urn);
    } else {
      errors.push_back(std::move(text));
    }
  }
  return absl::StrJoin(errors, "; ");
}

// ---------------------------------------------------------------- plugin

grpc::Status ProviderService::Handshake(Ctx*, const pulumirpc::ProviderHandshakeRequest* request,
                                        pulumirpc::ProviderHandshakeResponse* response) {
  return Guarded("Handshake", [&] {
    if (!request->engine_address().empty()) log_->Connect(request->engine_address());
    response->set_accept_secrets(true);
    response->set_accept_resources(true);
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::GetPluginInfo(Ctx*, const pb::Empty*,
                                            pulumirpc::PluginInfo* response) {
  return Guarded("GetPluginInfo", [&] {
    response->set_version(schema_.version());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::GetSchema(Ctx*, const pulumirpc::GetSchemaRequest* request,
                                        pulumirpc::GetSchemaResponse* response) {
  return Guarded("GetSchema", [&] {
    if (!request->subpackage_name().empty()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("no subpackage \"", request->subpackage_name(), "\""));
    }
    response->set_schema(std::string(schema_.text()));
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::Attach(Ctx*, const pulumirpc::PluginAttach* request, pb::Empty*) {
  return Guarded("Attach", [&] {
    log_->Connect(request->address());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::Cancel(Ctx*, const pb::Empty*, pb::Empty*) {
  return Guarded("Cancel", [&] {
    CancelAll();
    return grpc::Status::OK;
  });
}

// ---------------------------------------------------------------- provider config

grpc::Status ProviderService::CheckConfig(Ctx*, const pulumirpc::CheckRequest* request,
                                          pulumirpc::CheckResponse* response) {
  return Guarded("CheckConfig", [&] {
    absl::StatusOr<Value> news = FromStruct(request->news());
    if (!news.ok()) return Invalid("provider configuration", news.status());
    ProviderConfig parsed = ParseProviderConfig(*news, schema_);
    for (const ConfigFailure& f : parsed.failures) {
      pulumirpc::CheckFailure* failure = response->add_failures();
      failure->set_property(f.property);
      failure->set_reason(f.reason);
    }
    // The same rules as Terraform's ValidateProviderConfig.
    for (const Diagnostic& d : resources::CheckProviderConfig(parsed.config)) {
      pulumirpc::CheckFailure* failure = response->add_failures();
      failure->set_property(schema_.PathToCamel(kProviderToken, d.path));
      failure->set_reason(DiagnosticText(d));
    }
    *response->mutable_inputs() = request->news();
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::DiffConfig(Ctx*, const pulumirpc::DiffRequest* request,
                                         pulumirpc::DiffResponse* response) {
  return Guarded("DiffConfig", [&] {
    const pb::Struct& old_struct =
        request->old_inputs().fields_size() > 0 ? request->old_inputs() : request->olds();
    absl::StatusOr<Value> olds = FromStruct(old_struct);
    absl::StatusOr<Value> news = FromStruct(request->news());
    if (!olds.ok()) return Invalid("old provider configuration", olds.status());
    if (!news.ok()) return Invalid("provider configuration", news.status());
    // Compare typed values: "true" from the config file equals true.
    Value old_config = ParseProviderConfig(*olds, schema_).config;
    Value new_config = ParseProviderConfig(*news, schema_).config;
    std::vector<std::string> names;
    for (const auto& [k, v] : old_config.members()) names.push_back(k);
    for (const auto& [k, v] : new_config.members()) {
      if (old_config.Get(k) == nullptr) names.push_back(k);
    }
    // Connection defaults change how hosts are reached, never what they are:
    // no replacement.
    for (const InputChange& c : DiffInputs(old_config, new_config, names)) {
      std::string path = schema_.PathToCamel(kProviderToken, c.path);
      (*response->mutable_detaileddiff())[path].set_kind(KindOf(c.kind, false));
      (*response->mutable_detaileddiff())[path].set_inputdiff(true);
      const std::string top = schema_.PathToCamel(kProviderToken, {c.path.front()});
      bool listed = false;
      for (const std::string& d : response->diffs()) listed = listed || d == top;
      if (!listed) response->add_diffs(top);
    }
    response->set_hasdetaileddiff(true);
    response->set_changes(response->diffs_size() > 0 ? pulumirpc::DiffResponse::DIFF_SOME
                                                     : pulumirpc::DiffResponse::DIFF_NONE);
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::Configure(Ctx*, const pulumirpc::ConfigureRequest* request,
                                        pulumirpc::ConfigureResponse* response) {
  return Guarded("Configure", [&] { return DoConfigure(*request, response); });
}

grpc::Status ProviderService::DoConfigure(const pulumirpc::ConfigureRequest& request,
                                          pulumirpc::ConfigureResponse* response) {
  Value args;
  if (request.has_args()) {
    absl::StatusOr<Value> decoded = FromStruct(request.args());
    if (!decoded.ok()) return Invalid("provider configuration", decoded.status());
    args = *std::move(decoded);
  } else {
    args = ArgsFromVariables({request.variables().begin(), request.variables().end()});
  }
  ProviderConfig parsed = ParseProviderConfig(args, schema_);
  std::vector<std::string> problems;
  for (const ConfigFailure& f : parsed.failures) {
    problems.push_back(absl::StrCat("wgmesh:", f.property, ": ", f.reason));
  }
  if (!problems.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, absl::StrJoin(problems, "; "));
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    provider_config_ = std::move(parsed.config);
  }
  cancel_.Renew();  // a new deployment: an earlier Cancel no longer applies
  response->set_acceptsecrets(true);
  response->set_supportspreview(true);
  response->set_acceptresources(true);
  return grpc::Status::OK;
}

// ---------------------------------------------------------------- resources

grpc::Status ProviderService::Check(Ctx*, const pulumirpc::CheckRequest* request,
                                    pulumirpc::CheckResponse* response) {
  return Guarded("Check", [&] { return DoCheck(*request, response); });
}

grpc::Status ProviderService::DoCheck(const pulumirpc::CheckRequest& request,
                                      pulumirpc::CheckResponse* response) {
  Target t = Find(request.type(), request.urn());
  if (t.resource == nullptr) return t.status;
  absl::StatusOr<Value> news = FromStruct(request.news());
  if (!news.ok()) return Invalid("inputs", news.status());

  resources::CheckResult result =
      t.resource->Check(schema_.ToSnake(t.token, *news), MakeContext(request.urn(), false));
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Diagnostic::Severity::kWarning) {
      log_->Log(pulumirpc::WARNING, Located(d, t.token), request.urn());
      continue;
    }
    // The engine prints the property path with the reason.
    pulumirpc::CheckFailure* failure = response->add_failures();
    failure->set_property(schema_.PathToCamel(t.token, d.path));
    failure->set_reason(DiagnosticText(d));
  }
  if (result.inputs.has_members()) {
    absl::StatusOr<pb::Struct> inputs = ToStruct(schema_.ToCamel(t.token, result.inputs));
    if (!inputs.ok()) return ToGrpc(inputs.status());
    *response->mutable_inputs() = *std::move(inputs);
  } else {
    *response->mutable_inputs() = request.news();
  }
  return grpc::Status::OK;
}

grpc::Status ProviderService::Diff(Ctx*, const pulumirpc::DiffRequest* request,
                                   pulumirpc::DiffResponse* response) {
  return Guarded("Diff", [&] { return DoDiff(*request, response); });
}

grpc::Status ProviderService::DoDiff(const pulumirpc::DiffRequest& request,
                                     pulumirpc::DiffResponse* response) {
  Target t = Find(request.type(), request.urn());
  if (t.resource == nullptr) return t.status;
  absl::StatusOr<Value> olds = FromStruct(request.olds());
  absl::StatusOr<Value> news = FromStruct(request.news());
  absl::StatusOr<Value> old_inputs = request.old_inputs().fields_size() > 0
                                         ? FromStruct(request.old_inputs())
                                         : olds;
  if (!olds.ok()) return Invalid("old state", olds.status());
  if (!news.ok()) return Invalid("inputs", news.status());
  if (!old_inputs.ok()) return Invalid("old inputs", old_inputs.status());
  const Value prior = schema_.ToSnake(t.token, *olds);
  const Value inputs = schema_.ToSnake(t.token, *news);

  resources::PlanResult plan = t.resource->Plan(prior, inputs, MakeContext(request.urn(), true));
  if (std::string errors = Report(plan.diagnostics, t.token, request.urn(), /*log_warnings=*/false);
      !errors.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, errors);
  }

  // Inputs the handler derives when unset (a Node's mesh) are judged by the
  // plan, not by the old inputs: setting one to the value it already had is no
  // change (and must not trip the schema's replaceOnChanges).
  std::vector<std::string> compared;
  for (const std::string& name : schema_.InputNames(t.token))
    if (!IsDerivedInput(schema_, t.token, name)) compared.push_back(name);
  // Defaults on both sides: old inputs from before an input existed read as its
  // default, as the new ones do after Check.
  const auto& props = *schema_.Properties(t.token);
  std::vector<InputChange> changes =
      DiffInputs(resources::ApplyDefaults(schema_.ToSnake(t.token, *old_inputs), props),
                 resources::ApplyDefaults(inputs, props), compared);
  // Outputs the plan changes without an input change (a Node whose host
  // drifted: in_sync false -> true) are changes too: the update repairs them.
  // Outputs the plan cannot know yet follow from input changes already listed.
  std::vector<std::string> outputs;
  const std::vector<std::string> input_names = schema_.InputNames(t.token);
  if (plan.planned_state.has_members()) {
    for (const auto& [name, v] : plan.planned_state.members()) {
      bool is_input = false;
      for (const std::string& n : input_names) is_input = is_input || n == name;
      if (!is_input && v.IsWhollyKnown()) outputs.push_back(name);
    }
  }
  std::vector<InputChange> output_changes = DiffInputs(prior, plan.planned_state, outputs);
  // A replacement the handler asks for with no input change under it still shows.
  for (const Path& r : plan.replace_paths) {
    bool covered = false;
    for (const InputChange& c : changes) covered = covered || PathsOverlap(c.path, r);
    if (!covered && !r.empty()) changes.push_back({InputChange::Kind::kUpdate, r});
  }
  auto add_unique = [](pb::RepeatedPtrField<std::string>* list, const std::string& s) {
    for (const std::string& e : *list) {
      if (e == s) return;
    }
    *list->Add() = s;
  };
  const size_t input_change_count = changes.size();
  changes.insert(changes.end(), output_changes.begin(), output_changes.end());
  for (size_t i = 0; i < changes.size(); ++i) {
    const InputChange& c = changes[i];
    bool replace = false;
    for (const Path& r : plan.replace_paths) replace = replace || PathsOverlap(c.path, r);
    pulumirpc::PropertyDiff& d =
        (*response->mutable_detaileddiff())[schema_.PathToCamel(t.token, c.path)];
    d.set_kind(KindOf(c.kind, replace));
    d.set_inputdiff(i < input_change_count);
    const std::string top = schema_.PathToCamel(t.token, {c.path.front()});
    add_unique(response->mutable_diffs(), top);
    if (replace) add_unique(response->mutable_replaces(), top);
  }
  // Without a replacement, what the plan knows and keeps stays as it is: the
  // engine can show those outputs as known during preview.
  if (response->replaces_size() == 0 && plan.planned_state.has_members()) {
    for (const auto& [name, v] : plan.planned_state.members()) {
      const Value* before = prior.has_members() ? prior.Get(name) : nullptr;
      if (before != nullptr && v.IsWhollyKnown() && EqualIgnoringMarks(*before, v))
        add_unique(response->mutable_stables(), schema_.PathToCamel(t.token, {PathStep::Attribute(name)}));
    }
  }
  response->set_hasdetaileddiff(true);
  response->set_changes(changes.empty() ? pulumirpc::DiffResponse::DIFF_NONE
                                        : pulumirpc::DiffResponse::DIFF_SOME);
  // As Terraform does by default: the old object goes before the new one comes,
  // so a replacement on the same host never tears down what it just built.
  response->set_deletebeforereplace(response->replaces_size() > 0);
  return grpc::Status::OK;
}

grpc::Status ProviderService::Create(Ctx*, const pulumirpc::CreateRequest* request,
                                     pulumirpc::CreateResponse* response) {
  return Guarded("Create", [&] {
    return DoApply(request->urn(), request->type(), "", nullptr, request->properties(),
                   request->preview(), request->timeout(), response->mutable_id(),
                   response->mutable_properties());
  });
}

grpc::Status ProviderService::Update(Ctx*, const pulumirpc::UpdateRequest* request,
                                     pulumirpc::UpdateResponse* response) {
  return Guarded("Update", [&] {
    std::string id;
    return DoApply(request->urn(), request->type(), request->id(), &request->olds(),
                   request->news(), request->preview(), request->timeout(), &id,
                   response->mutable_properties());
  });
}

grpc::Status ProviderService::DoApply(const std::string& urn, const std::string& type,
                                      const std::string& id, const pb::Struct* olds,
                                      const pb::Struct& news, bool preview, double timeout,
                                      std::string* id_out, pb::Struct* properties_out) {
  Target t = Find(type, urn);
  if (t.resource == nullptr) return t.status;
  Value prior;
  if (olds != nullptr) {
    absl::StatusOr<Value> decoded = FromStruct(*olds);
    if (!decoded.ok()) return Invalid("old state", decoded.status());
    prior = schema_.ToSnake(t.token, *decoded);
  }
  absl::StatusOr<Value> decoded_news = FromStruct(news);
  if (!decoded_news.ok()) return Invalid("inputs", decoded_news.status());
  const Value inputs = schema_.ToSnake(t.token, *decoded_news);

  const resources::Context ctx = MakeContext(urn, preview, timeout);
  resources::PlanResult plan = t.resource->Plan(prior, inputs, ctx);
  if (std::string errors = Report(plan.diagnostics, t.token, urn, /*log_warnings=*/false);
      !errors.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, errors);
  }
  if (preview) {
    // Nothing is touched: the planned state, unknown only where it truly is.
    absl::StatusOr<pb::Struct> planned = ToStruct(schema_.ToCamel(t.token, plan.planned_state));
    if (!planned.ok()) return ToGrpc(planned.status());
    *properties_out = *std::move(planned);
    *id_out = id;
    return grpc::Status::OK;
  }

  resources::ApplyResult result = olds == nullptr
                                      ? t.resource->Create(plan.planned_state, ctx)
                                      : t.resource->Update(prior, plan.planned_state, ctx);
  const std::string errors = Report(result.diagnostics, t.token, urn);
  if (!result.state.has_members()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        errors.empty() ? "the operation returned no state" : errors);
  }
  absl::StatusOr<pb::Struct> state = ToStruct(schema_.ToCamel(t.token, result.state));
  if (!state.ok()) return ToGrpc(state.status());
  const std::string new_id = t.resource->Id(result.state);
  if (!errors.empty()) {
    std::vector<std::string> reasons;
    for (const Diagnostic& d : result.diagnostics) {
      if (d.severity == Diagnostic::Severity::kError) reasons.push_back(DiagnosticText(d));
    }
    return InitFailed(new_id, *state, news, reasons);
  }
  *properties_out = *std::move(state);
  *id_out = new_id.empty() ? id : new_id;
  return grpc::Status::OK;
}

grpc::Status ProviderService::Read(Ctx*, const pulumirpc::ReadRequest* request,
                                   pulumirpc::ReadResponse* response) {
  return Guarded("Read", [&] { return DoRead(*request, response); });
}

grpc::Status ProviderService::DoRead(const pulumirpc::ReadRequest& request,
                                     pulumirpc::ReadResponse* response) {
  Target t = Find(request.type(), request.urn());
  if (t.resource == nullptr) return t.status;
  const resources::Context ctx = MakeContext(request.urn(), false);

  Value state;
  if (request.properties().fields_size() == 0) {
    // pulumi import: only the id is known.
    resources::ApplyResult imported = t.resource->Import(request.id(), ctx);
    if (std::string errors = Report(imported.diagnostics, t.token, request.urn());
        !errors.empty()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, errors);
    }
    state = std::move(imported.state);
  } else {
    absl::StatusOr<Value> props = FromStruct(request.properties());
    if (!props.ok()) return Invalid("state", props.status());
    state = schema_.ToSnake(t.token, *props);
  }
  if (state.has_members()) {
    resources::ApplyResult read = t.resource->Read(state, ctx);
    if (std::string errors = Report(read.diagnostics, t.token, request.urn()); !errors.empty()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, errors);
    }
    state = std::move(read.state);
  }
  if (!state.has_members()) return grpc::Status::OK;  // gone: empty id

  // Inputs the handler derives when unset (a Node's mesh, from its config) stay
  // unset unless the program set them: else the next Diff sees an input removed.
  absl::StatusOr<Value> old_inputs = FromStruct(request.inputs());
  if (!old_inputs.ok()) return Invalid("inputs", old_inputs.status());
  const Value given = schema_.ToSnake(t.token, *old_inputs);
  std::vector<std::string> input_names;
  for (const std::string& name : schema_.InputNames(t.token)) {
    const Value* set = given.has_members() ? given.Get(name) : nullptr;
    if (!IsDerivedInput(schema_, t.token, name) || (set != nullptr && !set->is_null()))
      input_names.push_back(name);
  }
  absl::StatusOr<pb::Struct> properties = ToStruct(schema_.ToCamel(t.token, state));
  absl::StatusOr<pb::Struct> inputs =
      ToStruct(schema_.ToCamel(t.token, InputsOf(state, input_names)));
  if (!properties.ok()) return ToGrpc(properties.status());
  if (!inputs.ok()) return ToGrpc(inputs.status());
  const std::string id = t.resource->Id(state);
  response->set_id(id.empty() ? request.id() : id);
  *response->mutable_properties() = *std::move(properties);
  *response->mutable_inputs() = *std::move(inputs);
  return grpc::Status::OK;
}

grpc::Status ProviderService::Delete(Ctx*, const pulumirpc::DeleteRequest* request,
                                     pb::Empty*) {
  return Guarded("Delete", [&] { return DoDelete(*request); });
}

grpc::Status ProviderService::DoDelete(const pulumirpc::DeleteRequest& request) {
  Target t = Find(request.type(), request.urn());
  if (t.resource == nullptr) return t.status;
  absl::StatusOr<Value> props = FromStruct(request.properties());
  if (!props.ok()) return Invalid("state", props.status());
  resources::ApplyResult result =
      t.resource->Delete(schema_.ToSnake(t.token, *props),
                         MakeContext(request.urn(), false, request.timeout()));
  if (std::string errors = Report(result.diagnostics, t.token, request.urn()); !errors.empty()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, errors);
  }
  return grpc::Status::OK;
}

}  // namespace wgmesh::pulumi
