// Pulumi's protobuf Struct values (inputs, outputs, config): the binary
// message as gRPC delivers it, decoded to a Value and encoded back.
#include "provider/pulumi/struct_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace wgmesh;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  google::protobuf::Struct s;
  if (!s.ParseFromArray(data, static_cast<int>(size))) return 0;
  absl::StatusOr<Value> v = pulumi::FromStruct(s);
  if (!v.ok()) return 0;
  (void)v->DebugString();
  (void)pulumi::ToStruct(*v);
  return 0;
}
