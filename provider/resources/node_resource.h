// wgmesh:index:Node (Terraform wgmesh_node): one host's part of a mesh,
// configured over SSH through core/node_ops.h.
//
// - Plan is pure: outputs (mesh, node_name, public_key, interface_name,
//   bridge_address) come from `config`; in_sync is always planned true and
//   drift empty, so a host that drifted (Read: in_sync=false, drift lines)
//   shows up as an in-place update that repairs it.
// - Changing the mesh or node name inside `config`, or connection.host,
//   replaces the node (tear down on the old identity, configure the new).
// - Read of a host without any trace of the mesh (wiped) returns null: gone.
// - A host that cannot be reached fails Read and Delete, unless the state has
//   forget_unreachable = true: then both return null with a warning (the
//   node leaves the state; nothing on the host is touched).
// - Context::timeout bounds each host operation; the error then says so.
// - Errors keep state: a failed Update returns the prior state marked
//   in_sync=false; a failed Create that may have changed the host returns the
//   planned state marked in_sync=false (the engine taints it and the next
//   apply converges); a failed Delete returns the prior state.
// - A failed Create that changed nothing on the host (connect, authentication,
//   read or preflight failed: core FailedBeforeAnyChange) returns a null
//   state: the engine records nothing, and the next apply after the user
//   fixed the connection simply creates.
// - Host operations run at most `parallelism` (provider setting, default 16)
//   at a time per process.
//
// Import id: "<mesh>/[<user>@]<host>[:<port>]" (IPv6 hosts in brackets:
// "lab/root@[fd00:10::1]:22"). The node's config is read back from the host
// (ReadInstalledConfig); credentials and host-key settings come from the
// provider configuration. Id() gives the same form.
#ifndef WGMESH_PROVIDER_RESOURCES_NODE_RESOURCE_H_
#define WGMESH_PROVIDER_RESOURCES_NODE_RESOURCE_H_

#include <condition_variable>
#include <mutex>
#include <optional>

#include "provider/resources/resource.h"

namespace wgmesh::resources {

struct ImportId {
  std::string mesh, user, host;
  int port = 22;
};
// Parses the import id form above; user "" when absent.
std::optional<ImportId> ParseImportId(std::string_view id);

class NodeResource : public Resource {
 public:
  std::string_view token() const override { return "wgmesh:index:Node"; }
  CheckResult Check(const Value& inputs, const Context& ctx) const override;
  PlanResult Plan(const Value& prior_state, const Value& inputs,
                  const Context& ctx) const override;
  ApplyResult Create(const Value& planned_state, const Context& ctx) override;
  ApplyResult Update(const Value& prior_state, const Value& planned_state,
                     const Context& ctx) override;
  ApplyResult Delete(const Value& prior_state, const Context& ctx) override;
  ApplyResult Read(const Value& state, const Context& ctx) override;
  ApplyResult Import(std::string_view id, const Context& ctx) override;
  std::string Id(const Value& state) const override;

 private:
  // Holds one of `parallelism` slots for the duration of a host operation.
  class Slot;
  ApplyResult Reconcile(const Value& base_state, const Value& planned_state, const Context& ctx);

  std::mutex mu_;
  std::condition_variable cv_;
  int busy_ = 0;
};

}  // namespace wgmesh::resources

#endif  // WGMESH_PROVIDER_RESOURCES_NODE_RESOURCE_H_
