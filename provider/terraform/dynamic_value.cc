#include "provider/terraform/dynamic_value.h"

#include <utility>

#include "absl/status/status.h"
#include "provider/terraform/msgpack_codec.h"

namespace wgmesh::terraform {

absl::StatusOr<Value> DecodeDynamicValue(const tfplugin6::DynamicValue& dv, const CtyType& type) {
  if (!dv.msgpack().empty()) return DecodeMsgpack(dv.msgpack(), type);
  if (!dv.json().empty()) return DecodeJson(dv.json(), type);
  return Value::Null();
}

absl::StatusOr<tfplugin6::DynamicValue> EncodeDynamicValue(const Value& value, const CtyType& type) {
  absl::StatusOr<std::string> bytes = EncodeMsgpack(value, type);
  if (!bytes.ok()) return bytes.status();
  tfplugin6::DynamicValue dv;
  dv.set_msgpack(*std::move(bytes));
  return dv;
}

absl::StatusOr<Value> DecodeRawState(const tfplugin6::RawState& raw, const CtyType& type,
                                     const JsonDecodeOptions& options) {
  if (!raw.json().empty()) return DecodeJson(raw.json(), type, options);
  if (!raw.flatmap().empty()) {
    return absl::UnimplementedError("state in the legacy flatmap form cannot be upgraded");
  }
  return Value::Null();
}

}  // namespace wgmesh::terraform
