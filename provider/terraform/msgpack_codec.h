// Value <-> msgpack, the encoding of Terraform's DynamicValue, typed by a CtyType.
//
// Decoding accepts everything Terraform may send: integers of any width, float32/64 and
// decimal strings for numbers; any msgpack extension (including refined unknowns, ext 12)
// as an unknown; nil as null; a dynamic-typed value as [bin(type JSON), value]. An object
// must not carry attributes its type lacks; absent attributes decode as null.
//
// Encoding writes the smallest integer formats, float64 for non-integral numbers and a
// decimal string beyond both; unknowns only as d4 00 00; every object with exactly its
// type's attributes (null for those the Value lacks), in sorted order. Secret marks are not
// on the wire (sensitivity comes from the schema) and are dropped.
#ifndef WGMESH_PROVIDER_TERRAFORM_MSGPACK_CODEC_H_
#define WGMESH_PROVIDER_TERRAFORM_MSGPACK_CODEC_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "provider/terraform/cty_type.h"
#include "provider/value.h"

namespace wgmesh::terraform {

absl::StatusOr<Value> DecodeMsgpack(std::string_view bytes, const CtyType& type);
absl::StatusOr<std::string> EncodeMsgpack(const Value& value, const CtyType& type);

// The type a dynamic-typed Value is sent as: lists as tuples, objects as objects, maps as
// map(T) when all elements agree (else objects), null and unknown as dynamic.
CtyType ImpliedType(const Value& value);

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_MSGPACK_CODEC_H_
