// YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`), which PyYAML's safe_load
// (the original tool's reader) resolves and yaml-cpp does not: applied to the
// document the YAML reader produced, at every depth.
#pragma once

#include <nlohmann/json.hpp>

#include "absl/status/status.h"

namespace wgmesh {

// Keys written in a mapping win over merged ones; of several merged mappings
// the first that has a key wins. An error names the path of a `<<` whose
// value is not a mapping or a list of mappings.
absl::Status ResolveYamlMergeKeys(nlohmann::json& doc);

}  // namespace wgmesh
