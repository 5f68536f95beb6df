// Value <- cty JSON, typed by a CtyType: the form of Terraform's stored state
// (UpgradeResourceState.raw_state.json, MoveResourceState.source_state.json) and of
// DynamicValue.json.
//
// Follows cty's JSON rules: objects and maps are JSON objects, lists/sets/tuples arrays,
// a dynamic-typed value is {"value": V, "type": T}. Primitives convert leniently as cty does
// (a number or bool where a string is expected becomes its text; a numeric string becomes a
// number; "true"/"false" become bools). Numbers keep their exact decimal value. Absent object
// attributes decode as null; unknown ones are an error unless ignored.
#ifndef WGMESH_PROVIDER_TERRAFORM_JSON_CODEC_H_
#define WGMESH_PROVIDER_TERRAFORM_JSON_CODEC_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "provider/terraform/cty_type.h"
#include "provider/value.h"

namespace wgmesh::terraform {

struct JsonDecodeOptions {
  // Drop object attributes the type does not have (state written by an older schema).
  bool ignore_undefined_attributes = false;
};

absl::StatusOr<Value> DecodeJson(std::string_view json_text, const CtyType& type,
                                 const JsonDecodeOptions& options = {});

// The same conversion applied to an already parsed, untyped Value (as from ParseJson).
absl::StatusOr<Value> ConformToType(const Value& untyped, const CtyType& type,
                                    const JsonDecodeOptions& options = {});

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_JSON_CODEC_H_
