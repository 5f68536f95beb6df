// wgmesh:index:Mesh (Terraform wgmesh_mesh): the logical network. Pure: it
// touches no host and opens no connection.
//
// Create draws a random 32-byte seed (secret); every key, preshared key and
// tunnel address is derived from it (core/keys.h SeedKeys), so plans are
// exact: once the seed is in the prior state, Plan computes the very
// node_configs Update will produce. On create the seed-derived outputs are
// unknown; wireguard_mtu and bridge_mtu are known whenever the inputs are.
//
// Id: the mesh name. Import is not supported (the seed exists only in state).
#ifndef WGMESH_PROVIDER_RESOURCES_MESH_RESOURCE_H_
#define WGMESH_PROVIDER_RESOURCES_MESH_RESOURCE_H_

#include "provider/resources/resource.h"

namespace wgmesh::resources {

class MeshResource : public Resource {
 public:
  std::string_view token() const override { return "wgmesh:index:Mesh"; }
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
};

}  // namespace wgmesh::resources

#endif  // WGMESH_PROVIDER_RESOURCES_MESH_RESOURCE_H_
