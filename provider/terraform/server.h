// Serving the provider the way go-plugin expects: a unix socket in a fresh
// temporary directory, gRPC with AutoMTLS when PLUGIN_CLIENT_CERT is set (a
// fresh server certificate; the client must present exactly that
// certificate), 256 MiB messages, plugin.GRPCController/Shutdown, the one
// handshake line on stdout, SIGINT ignored (the engine sends StopProvider).
// Debug mode serves plaintext, skips the cookie check, prints a
// TF_REATTACH_PROVIDERS value and stops on SIGINT/SIGTERM. The process is
// non-dumpable, and (unless in debug mode) stops like on SIGTERM when its
// parent engine dies (provider/plugin_process.h).
#ifndef WGMESH_PROVIDER_TERRAFORM_SERVER_H_
#define WGMESH_PROVIDER_TERRAFORM_SERVER_H_

#include <cstdio>

#include "provider/terraform/log.h"
#include "provider/terraform/provider_service.h"

namespace wgmesh::terraform {

struct ServeOptions {
  bool debug = false;
  std::FILE* out = stdout;  // the handshake line / reattach instructions
};

// Returns the process exit code.
int Serve(ProviderService& provider, Logger& logger, const ServeOptions& options);

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_SERVER_H_
