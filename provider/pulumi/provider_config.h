// The provider's own configuration (`wgmesh:user`, `wgmesh:privateKey`, ...):
// connection defaults for every Node. The engine sends it to CheckConfig and
// Configure as camelCase properties whose non-string values may arrive as
// strings holding JSON (`"true"`, `"300"`, `"{\"host\":...}"`), plus a
// `version` key of its own. This turns it into the handlers'
// Context::provider_config: snake_case, typed, secrets kept.
#ifndef WGMESH_PROVIDER_PULUMI_PROVIDER_CONFIG_H_
#define WGMESH_PROVIDER_PULUMI_PROVIDER_CONFIG_H_

#include <map>
#include <string>
#include <vector>

#include "provider/pulumi/schema.h"
#include "provider/value.h"

namespace wgmesh::pulumi {

struct ConfigFailure {
  std::string property;  // camelCase, as the user wrote it
  std::string reason;
};

struct ProviderConfig {
  Value config = Value::Object();  // snake_case
  std::vector<ConfigFailure> failures;
};

// `args`: the camelCase properties (from a Struct). Unknown keys and values of
// the wrong type are failures; unknown values (preview) are kept.
ProviderConfig ParseProviderConfig(const Value& args, const SchemaModel& schema);

// The legacy form: ConfigureRequest.variables, "wgmesh:config:user" -> text.
Value ArgsFromVariables(const std::map<std::string, std::string>& variables);

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_PROVIDER_CONFIG_H_
