// Value <-> JSON (nlohmann::json and JSON text).
//
// JSON has no unknowns and no secret marks: ToJson fails on an unknown (naming its path) and
// writes secrets as their plain data, so callers decide what may be revealed. Objects and maps
// both become JSON objects; JSON objects come back as Value objects. Numbers stay exact where
// nlohmann can hold them (int64, uint64, double); ParseJson keeps any JSON number exactly.
#ifndef WGMESH_PROVIDER_VALUE_JSON_H_
#define WGMESH_PROVIDER_VALUE_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "provider/value.h"

namespace wgmesh {

// Fails on unknowns, non-finite doubles and decimals no double represents exactly.
absl::StatusOr<nlohmann::json> ToJson(const Value& value);
// Fails only on binary or discarded JSON values.
absl::StatusOr<Value> FromJson(const nlohmann::json& json);
// Parses JSON text; numbers keep their exact decimal value (e.g. beyond uint64).
absl::StatusOr<Value> ParseJson(std::string_view text);

}  // namespace wgmesh

#endif  // WGMESH_PROVIDER_VALUE_JSON_H_
