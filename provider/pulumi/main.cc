// pulumi-resource-wgmesh: the Pulumi resource provider plugin (plugin_server.h)
// serving the Mesh and Node resources; `pulumi-resource-wgmesh --version` prints its version.
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "provider/pulumi/plugin_server.h"
#include "provider/resources/mesh_resource.h"
#include "provider/resources/node_resource.h"
#include "version/version.h"

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::cout << "pulumi-resource-wgmesh " << wgmesh::Version() << "\n";
    return 0;
  }
  std::vector<std::unique_ptr<wgmesh::resources::Resource>> handlers;
  handlers.push_back(std::make_unique<wgmesh::resources::MeshResource>());
  handlers.push_back(std::make_unique<wgmesh::resources::NodeResource>());
  return wgmesh::pulumi::RunPlugin(std::vector<std::string>(argv + 1, argv + argc),
                                   std::move(handlers));
}
