// Printing a document as YAML (the original tool's default) or JSON (-J).
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace wgmesh::cli {

void PrintDocument(const nlohmann::ordered_json& doc, bool json, std::ostream& out);

// "2024-05-01T12:00:00Z"; "never" for 0.
std::string UtcTime(int64_t unix_seconds);

}  // namespace wgmesh::cli
