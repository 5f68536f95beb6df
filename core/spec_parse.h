// Reading a mesh description: text (YAML or JSON) -> document -> MeshSpec.
// Type errors are collected as Problems with attribute paths, like validation
// errors, so a user sees every mistake in one run.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "core/problems.h"
#include "core/spec.h"

namespace wgmesh {

enum class DocFormat { kYaml, kJson };

// Parses YAML (the original tool's mesh.yaml; YAML 1.1 booleans such as `yes`
// are accepted as PyYAML did) or JSON into a JSON document. The error names
// `source` and the line and column.
absl::StatusOr<nlohmann::json> ParseDocument(std::string_view text, DocFormat format,
                                             std::string_view source);

struct ParsedSpec {
  MeshSpec spec;
  Problems problems;  // type errors and unknown fields
};

// Turns a document into a MeshSpec. Absent optional fields keep their defaults.
ParsedSpec SpecFromDocument(const nlohmann::json& doc);

// The reverse, for round trips and for the CLI's JSON output: only fields that
// differ from the defaults are written, with the `ssh` target.
nlohmann::json SpecToDocument(const MeshSpec& spec);

}  // namespace wgmesh
