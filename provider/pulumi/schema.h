// The Pulumi package schema: schema/wgmesh.schema.json, embedded at build time
// (provider/resources/schema.h).
// GetSchema answers with this text unchanged; GetPluginInfo with its version.
#ifndef WGMESH_PROVIDER_PULUMI_SCHEMA_H_
#define WGMESH_PROVIDER_PULUMI_SCHEMA_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wgmesh::pulumi {

// The provider resource's type token, used for the provider's own config.
inline constexpr std::string_view kProviderToken = "pulumi:providers:wgmesh";

std::string_view SchemaText();
// Parsed once; the embedded text is valid JSON (a build-time fact, checked by tests).
const nlohmann::json& Schema();
std::string SchemaVersion();

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_SCHEMA_H_
