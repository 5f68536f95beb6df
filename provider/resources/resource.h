// The protocol-neutral resource interface: what the Terraform and the Pulumi
// adapters call, and what the Mesh and Node handlers implement. The adapters
// only translate wire formats and RPC shapes; every decision about meshes and
// hosts is made behind this interface.
//
// Values:
// - Inputs and states are Value objects keyed by the schema's property names
//   in snake_case (schema `listenPort` -> `listen_port`). The Pulumi adapter
//   converts camelCase <-> snake_case; Terraform uses snake_case natively.
// - A state holds every input and output property of the resource (absent
//   optional inputs are null). Inputs that have a schema `default` are filled
//   with it in the planned state; Terraform therefore declares them
//   optional+computed.
// - Properties the schema marks `secret` carry the Value secret mark in every
//   value a handler returns.
// - Unknown (Value::Unknown) appears in inputs while the engine plans with
//   values not yet known, and in a planned state where an output will only be
//   known after Create/Update. Create/Update/Read/Import return wholly known
//   states.
//
// Call order (both engines):
//   Check(inputs)                         validate; no I/O
//   Plan(prior_state, inputs)             prior_state null on create; no I/O
//   Create(planned) / Update(prior, planned) / Delete(prior)
//   Read(state)                           refresh; null state = gone
//   Import(id)                            -> a state that Read then refreshes
// Pulumi maps Diff to Plan (changed = planned != olds, replaces = the replace
// paths), and Create/Update in preview to Plan's planned state.
//
// Errors: a failed Create/Update returns the partial state of what now exists
// together with error diagnostics (the engine saves that state, the next run
// converges); a failure that changed nothing returns the prior state (Create:
// null). Handlers never throw.
#ifndef WGMESH_PROVIDER_RESOURCES_RESOURCE_H_
#define WGMESH_PROVIDER_RESOURCES_RESOURCE_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cancel.h"
#include "provider/value.h"

namespace wgmesh::resources {

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string summary;  // one line: "invalid mesh: addr must lie inside network"
  std::string detail;   // more, may be empty; never a secret
  Path path;            // into the inputs: nodes["a"].addr; empty = the resource
};
using Diagnostics = std::vector<Diagnostic>;

bool HasErrors(const Diagnostics& diagnostics);
Diagnostic Error(std::string summary, std::string detail = {}, Path path = {});
Diagnostic Warning(std::string summary, std::string detail = {}, Path path = {});

// Everything a call may need from its surroundings.
struct Context {
  // Provider-level settings (the schema's `provider.inputProperties`, snake_case):
  // connection defaults (user, private_key, known_hosts_file, proxy, ...),
  // parallelism, command_timeout. A null Value when the provider has none.
  Value provider_config;
  // Cancelled by the engine's Stop/Cancel; handlers pass it to every host
  // operation. Null = never cancelled. Held for the whole call: the engine
  // adapters renew their token on Configure (core/cancel.h).
  std::shared_ptr<const CancelToken> cancel;
  // The engine's time limit for this operation (Terraform `timeouts`, Pulumi
  // customTimeouts): host work stops when it runs out and the error says so.
  std::optional<std::chrono::milliseconds> timeout;
  // Secret connection fields the engine hands over for this call only and
  // never stores (Terraform write-only attributes): {"private_key": ...,
  // "password": ...} over the state's `connection`. Null when none.
  Value connection_secrets;
  // A short line per step for progress output ("b: adding peer c"). No secrets.
  std::function<void(std::string_view step)> progress;
  // Log lines at "trace" | "debug" | "info" | "warn" | "error". No secrets.
  std::function<void(std::string_view level, std::string_view message)> log;
  // Pulumi preview: Create/Update must not touch anything and return the
  // planned state (unknowns allowed).
  bool preview = false;
};

struct CheckResult {
  Value inputs;  // the inputs with defaults filled and secrets marked
  Diagnostics diagnostics;
};

struct PlanResult {
  Value planned_state;             // null when the diagnostics hold an error
  std::vector<Path> replace_paths;  // changed inputs that force a replacement
  Diagnostics diagnostics;
};

struct ApplyResult {
  Value state;  // new state; on error the partial state (null = nothing exists)
  Diagnostics diagnostics;
};

class Resource {
 public:
  virtual ~Resource() = default;

  // "wgmesh:index:Mesh": the schema token. Terraform's name is derived from it.
  virtual std::string_view token() const = 0;

  // Validates inputs (may hold unknowns; only known parts are checked).
  virtual CheckResult Check(const Value& inputs, const Context& ctx) const = 0;

  // The state Create/Update will produce, exact where it can be known without
  // touching anything. prior_state is null on create.
  virtual PlanResult Plan(const Value& prior_state, const Value& inputs,
                          const Context& ctx) const = 0;

  virtual ApplyResult Create(const Value& planned_state, const Context& ctx) = 0;
  virtual ApplyResult Update(const Value& prior_state, const Value& planned_state,
                             const Context& ctx) = 0;
  // Success returns a null state. On error, state is what still exists.
  virtual ApplyResult Delete(const Value& prior_state, const Context& ctx) = 0;

  // The live state; null when the object is gone. A read that fails (host
  // unreachable) is an error with the prior state, never "gone".
  virtual ApplyResult Read(const Value& state, const Context& ctx) = 0;

  // A state for an existing object named by `id` (format documented per
  // resource), or an error diagnostic when it is not importable.
  virtual ApplyResult Import(std::string_view id, const Context& ctx) = 0;

  // The engine-visible id of a state (Pulumi's resource id; Terraform import id).
  virtual std::string Id(const Value& state) const = 0;
};

}  // namespace wgmesh::resources

#endif  // WGMESH_PROVIDER_RESOURCES_RESOURCE_H_
