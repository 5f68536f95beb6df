// Printing a document as YAML (the original tool's default) or JSON (-J).
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace wgmesh::cli {

void PrintDocument(const nlohmann::ordered_json& doc, bool json, std::ostream& out);

// A node's address as the original printed it: the IP alone, canonical
// ("10.1.0.1/24" -> "10.1.0.1").
std::string AddressOnly(const std::string& cidr);

// "2024-05-01T12:00:00Z"; "never" for 0.
std::string UtcTime(int64_t unix_seconds);

}  // namespace wgmesh::cli
