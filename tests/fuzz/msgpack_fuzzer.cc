// Terraform DynamicValue msgpack: as a dynamic value ([type JSON, value]) and
// under a fixed object type; what decodes must encode again.
#include "provider/terraform/msgpack.h"
#include "provider/terraform/msgpack_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace wgmesh;
using terraform::CtyType;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const CtyType kObject = CtyType::Object(
      {{"name", CtyType::String()},
       {"port", CtyType::Number()},
       {"on", CtyType::Bool()},
       {"peers", CtyType::List(CtyType::String())},
       {"nodes", CtyType::Map(CtyType::Object({{"addr", CtyType::String()},
                                               {"extra", CtyType::Dynamic()}}))},
       {"pair", CtyType::Tuple({CtyType::String(), CtyType::Set(CtyType::Number())})}},
      {"on"});
  const std::string_view bytes = fuzz::Text(data, size);
  terraform::MsgpackReader reader(bytes);
  (void)reader.Skip();
  static const CtyType kDynamic = CtyType::Dynamic();
  for (const CtyType* type : {&kDynamic, &kObject}) {
    absl::StatusOr<Value> v = terraform::DecodeMsgpack(bytes, *type);
    if (!v.ok()) continue;
    (void)v->DebugString();
    (void)terraform::EncodeMsgpack(*v, *type);
  }
  return 0;
}
