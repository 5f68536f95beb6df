// terraform-provider-wgmesh: the Terraform / OpenTofu provider plugin.
//   terraform-provider-wgmesh            started by tofu/terraform (go-plugin handshake)
//   terraform-provider-wgmesh -debug     serve plaintext for TF_REATTACH_PROVIDERS
//   terraform-provider-wgmesh -version
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "provider/resources/mesh_resource.h"
#include "provider/terraform/handshake.h"
#include "provider/terraform/log.h"
#include "provider/terraform/provider_service.h"
#include "provider/terraform/server.h"
#include "version/version.h"
#ifdef WGMESH_WITH_NODE
#include "provider/resources/node_resource.h"
#endif

int main(int argc, char** argv) {
  using namespace wgmesh;
  terraform::ServeOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-debug" || arg == "--debug") {
      options.debug = true;
    } else if (arg == "-version" || arg == "--version") {
      std::printf("terraform-provider-wgmesh %.*s (plugin protocol %d)\n",
                  static_cast<int>(Version().size()), Version().data(),
                  terraform::kProtocolVersion);
      return 0;
    } else {
      std::fprintf(stderr, "usage: terraform-provider-wgmesh [-debug | -version]\n");
      return 2;
    }
  }
  terraform::Logger logger(terraform::LogLevelFromEnv());
  std::map<std::string, std::unique_ptr<resources::Resource>> handlers;
  handlers["wgmesh:index:Mesh"] = std::make_unique<resources::MeshResource>();
#ifdef WGMESH_WITH_NODE
  handlers["wgmesh:index:Node"] = std::make_unique<resources::NodeResource>();
#endif
  terraform::ProviderService provider(std::move(handlers), &logger);
  return terraform::Serve(provider, logger, options);
}
