#include "provider/resources/mesh_resource.h"

#include "absl/strings/str_cat.h"
#include "core/keys.h"
#include "core/mtu.h"
#include "core/node_plan_json.h"
#include "core/plan.h"
#include "provider/resources/mesh_spec.h"
#include "provider/resources/schema.h"

namespace wgmesh::resources {
namespace {

const std::vector<Property>& Props() {
  return Schema().Resource("wgmesh:index:Mesh").properties;
}

// The state: inputs (defaults filled) plus outputs, secrets marked.
Value InputsOnly(const Value& inputs) {
  Value out = Value::Object();
  for (const Property& p : Props()) {
    if (!p.input) continue;
    const Value* v = inputs.has_members() ? inputs.Get(p.name) : nullptr;
    out.Set(p.name, v ? *v : Value::Null());
  }
  return ApplyDefaults(out, Props());
}

void SetUnknownOutputs(Value& state) {
  for (const Property& p : Props())
    if (!p.input) state.Set(p.name, Value::Unknown());
}

// Fills every output from a known seed and a valid, known spec.
absl::Status FillOutputs(Value& state, const MeshSpec& spec, const std::string& seed_b64) {
  std::optional<Key> seed = KeyFromBase64(seed_b64);
  if (!seed) return absl::InvalidArgumentError("the seed in state is not 32 bytes of base64");
  SeedKeys keys(*seed);
  absl::StatusOr<MeshPlan> plan = PlanMesh(spec, keys);
  if (!plan.ok()) return plan.status();
  Value public_keys = Value::Map(), tunnels = Value::Map(), configs = Value::Map();
  for (const NodePlan& n : plan->nodes) {
    public_keys.Set(n.node, Value::String(n.public_key));
    tunnels.Set(n.node, Value::String(n.tunnel_address));
    configs.Set(n.node, Value::String(NodePlanToText(n)));
  }
  state.Set("seed", Value::String(seed_b64));
  state.Set("public_keys", std::move(public_keys));
  state.Set("tunnel_addresses", std::move(tunnels));
  state.Set("node_configs", std::move(configs));
  state.Set("wireguard_mtu", Value::Int(plan->mtus.wireguard));
  state.Set("bridge_mtu", Value::Int(plan->mtus.bridge));
  return absl::OkStatus();
}

std::string SeedOf(const Value& state) {
  const Value* seed = state.has_members() ? state.Get("seed") : nullptr;
  return seed && seed->is_string() ? seed->as_string() : "";
}

// The state for `inputs` with `seed` ("" = not yet drawn).
PlanResult Compute(const Value& inputs, const std::string& seed) {
  PlanResult out;
  Value state = InputsOnly(inputs);
  MeshInputs in = ReadMeshInputs(state);
  out.diagnostics = in.diagnostics;
  if (HasErrors(out.diagnostics)) return out;
  SetUnknownOutputs(state);
  if (!seed.empty()) state.Set("seed", Value::String(seed));  // drawn once, kept for good
  if (in.known) {
    Mtus mtus = ComputeMtus(in.spec.underlay_mtu, in.spec.underlay_family, in.spec.tunnel_type);
    state.Set("wireguard_mtu", Value::Int(mtus.wireguard));
    state.Set("bridge_mtu", Value::Int(mtus.bridge));
    if (!seed.empty()) {
      if (absl::Status s = FillOutputs(state, in.spec, seed); !s.ok()) {
        out.diagnostics.push_back(Error("Cannot plan the mesh", std::string(s.message())));
        return out;
      }
    }
  }
  out.planned_state = MarkSecrets(state, Props());
  return out;
}

}  // namespace

CheckResult MeshResource::Check(const Value& inputs, const Context&) const {
  CheckResult out;
  out.inputs = MarkSecrets(InputsOnly(inputs), Props());
  out.diagnostics = ReadMeshInputs(out.inputs).diagnostics;
  return out;
}

PlanResult MeshResource::Plan(const Value& prior_state, const Value& inputs,
                              const Context&) const {
  return Compute(inputs, SeedOf(prior_state));
}

ApplyResult MeshResource::Create(const Value& planned_state, const Context& ctx) {
  if (ctx.preview) return {planned_state, {}};
  std::string seed = SeedOf(planned_state);
  if (seed.empty()) seed = KeyToBase64(RandomKey());
  PlanResult r = Compute(planned_state, seed);
  return {r.planned_state, r.diagnostics};
}

ApplyResult MeshResource::Update(const Value& prior_state, const Value& planned_state,
                                 const Context& ctx) {
  if (ctx.preview) return {planned_state, {}};
  std::string seed = SeedOf(prior_state);
  if (seed.empty()) seed = KeyToBase64(RandomKey());
  PlanResult r = Compute(planned_state, seed);
  if (HasErrors(r.diagnostics)) return {prior_state, r.diagnostics};
  return {r.planned_state, r.diagnostics};
}

ApplyResult MeshResource::Delete(const Value&, const Context&) { return {Value::Null(), {}}; }

ApplyResult MeshResource::Read(const Value& state, const Context&) {
  return {MarkSecrets(state, Props()), {}};
}

ApplyResult MeshResource::Import(std::string_view id, const Context&) {
  return {Value::Null(),
          {Error("Mesh cannot be imported",
                 absl::StrCat("A mesh's key seed exists only in state, so mesh \"", std::string(id),
                              "\" cannot be read back. Create a new wgmesh_mesh and import "
                              "its nodes, or keep the existing state."))}};
}

std::string MeshResource::Id(const Value& state) const {
  const Value* name = state.has_members() ? state.Get("name") : nullptr;
  return name && name->is_string() ? name->as_string() : "";
}

}  // namespace wgmesh::resources
