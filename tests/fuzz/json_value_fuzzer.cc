// JSON values: ParseJson (Pulumi config values, Terraform JSON state),
// Terraform's cty JSON decoding under a dynamic type, and cty type JSON.
#include "provider/terraform/cty_type.h"
#include "provider/terraform/json_codec.h"
#include "provider/value_json.h"
#include "tests/fuzz/fuzz_support.h"

using namespace wgmesh;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = fuzz::Text(data, size);
  absl::StatusOr<Value> v = ParseJson(text);
  if (v.ok()) {
    absl::StatusOr<nlohmann::json> j = ToJson(*v);
    if (j.ok()) (void)j->dump();
  }
  (void)terraform::DecodeJson(text, terraform::CtyType::Dynamic());
  absl::StatusOr<terraform::CtyType> type = terraform::CtyType::Parse(text);
  if (type.ok()) (void)type->ToJson().dump();
  return 0;
}
