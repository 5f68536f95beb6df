// The `timeouts` block of wgmesh_node: Terraform's usual way to bound an
// operation (create, update, delete), e.g. `timeouts { create = "10m" }`.
// Terraform-only, so the adapter keeps it: the handlers never see it; the
// planned and new states carry it exactly as configured; ApplyResourceChange
// turns the operation's value into the handler's Context::timeout.
// Durations use Go's syntax, as in every Terraform provider: "90s", "10m",
// "1h30m", "500ms" (units h, m, s, ms; at least one; no sign).
#ifndef WGMESH_PROVIDER_TERRAFORM_TIMEOUTS_H_
#define WGMESH_PROVIDER_TERRAFORM_TIMEOUTS_H_

#include <chrono>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "provider/resources/resource.h"
#include "provider/terraform/cty_type.h"
#include "provider/value.h"
#include "tfplugin6.pb.h"

namespace wgmesh::terraform {

inline constexpr char kTimeouts[] = "timeouts";

// True for the resources that have the block (their operations reach hosts).
bool HasTimeouts(std::string_view resource_token);
// The block for the schema, and its value's type (an object of strings).
void AddTimeoutsBlock(tfplugin6::Schema::Block* block);
CtyType TimeoutsType();

absl::StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text);

// An error at timeouts.<operation> for each value that is not a duration.
resources::Diagnostics CheckTimeouts(const Value& config);
// The limit `state`'s block sets for `operation` ("create", "update",
// "delete"); nullopt when unset or invalid (CheckTimeouts reported it).
std::optional<std::chrono::milliseconds> TimeoutOf(const Value& state, std::string_view operation);

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_TIMEOUTS_H_
