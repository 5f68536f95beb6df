// The provider's command line, as the Pulumi engine launches it:
//   pulumi-resource-wgmesh [--logtostderr] [-v=N] [--tracing <endpoint>] <engine address>
// Flags are skipped; the first other argument is the engine's address, for
// Engine/Log (empty under debug attach, where Attach brings it later).
#ifndef WGMESH_PROVIDER_PULUMI_PLUGIN_ARGS_H_
#define WGMESH_PROVIDER_PULUMI_PLUGIN_ARGS_H_

#include <string>
#include <vector>

namespace wgmesh::pulumi {

struct PluginArgs {
  std::string engine_address;
};

PluginArgs ParsePluginArgs(const std::vector<std::string>& args);  // without argv[0]

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_PLUGIN_ARGS_H_
