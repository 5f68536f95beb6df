// Runs the provider as a Pulumi plugin: listens on 127.0.0.1 on a free port,
// then writes that port as the only line on stdout (flushed): the engine
// waits for it. Serves until SIGINT or SIGTERM, which cancel in-flight host
// work and shut the server down promptly. The process is non-dumpable; when
// started by an engine, the engine's death counts as SIGTERM
// (provider/plugin_process.h).
#ifndef WGMESH_PROVIDER_PULUMI_PLUGIN_SERVER_H_
#define WGMESH_PROVIDER_PULUMI_PLUGIN_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "provider/pulumi/provider_service.h"

namespace wgmesh::pulumi {

// The engine's limit for messages in both directions.
inline constexpr int kMaxMessageBytes = 400 * 1024 * 1024;

// Starts `service` on 127.0.0.1:0; the chosen port goes to *port.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartServer(grpc::Service* service, int* port);

// The whole plugin process, serving `handlers`: returns the exit code. Blocks
// SIGINT/SIGTERM in every thread (call before any thread starts) and waits
// for them.
int RunPlugin(const std::vector<std::string>& args,
              std::vector<std::unique_ptr<resources::Resource>> handlers);

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_PLUGIN_SERVER_H_
