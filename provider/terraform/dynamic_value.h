// tfplugin6.DynamicValue / RawState <-> Value, for a schema's CtyType.
//
// Requests carry msgpack (json is accepted too); an empty DynamicValue is null. Replies are
// always msgpack. Stored state (RawState) must be JSON; the pre-0.12 flatmap form is refused.
#ifndef WGMESH_PROVIDER_TERRAFORM_DYNAMIC_VALUE_H_
#define WGMESH_PROVIDER_TERRAFORM_DYNAMIC_VALUE_H_

#include "absl/status/statusor.h"
#include "provider/terraform/cty_type.h"
#include "provider/terraform/json_codec.h"
#include "provider/value.h"
#include "tfplugin6.pb.h"

namespace wgmesh::terraform {

absl::StatusOr<Value> DecodeDynamicValue(const tfplugin6::DynamicValue& dv, const CtyType& type);
absl::StatusOr<tfplugin6::DynamicValue> EncodeDynamicValue(const Value& value, const CtyType& type);
absl::StatusOr<Value> DecodeRawState(const tfplugin6::RawState& raw, const CtyType& type,
                                     const JsonDecodeOptions& options = {});

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_DYNAMIC_VALUE_H_
