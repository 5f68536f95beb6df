#include "provider/pulumi/plugin_server.h"

#include <csignal>
#include <cstdio>
#include <pthread.h>

#include <chrono>

#include "absl/status/status.h"
#include "provider/pulumi/engine_log.h"
#include "provider/pulumi/plugin_args.h"
#include "provider/plugin_process.h"

namespace wgmesh::pulumi {

absl::StatusOr<std::unique_ptr<grpc::Server>> StartServer(grpc::Service* service, int* port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), port);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *port == 0) {
    return absl::UnavailableError("cannot listen on 127.0.0.1");
  }
  return server;
}

int RunPlugin(const std::vector<std::string>& args,
              std::vector<std::unique_ptr<resources::Resource>> handlers) {
  // Signals are taken by sigwait below, never delivered to a gRPC or SSH thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  MakeNonDumpable();

  EngineLog log;
  const PluginArgs parsed = ParsePluginArgs(args);
  log.Connect(parsed.engine_address);
  // Started by the engine (it passes its address): an engine killed with
  // SIGKILL never says stop, so its death is the SIGTERM. Started by hand
  // (PULUMI_DEBUG_PROVIDERS), the plugin outlives its shell by design.
  if (!parsed.engine_address.empty()) StopWhenParentDies();
  ProviderService service(std::move(handlers), &log);

  int port = 0;
  absl::StatusOr<std::unique_ptr<grpc::Server>> server = StartServer(&service, &port);
  if (!server.ok()) {
    std::fprintf(stderr, "pulumi-resource-wgmesh: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("%d\n", port);
  std::fflush(stdout);

  int signal = 0;
  sigwait(&signals, &signal);
  service.CancelAll();
  (*server)->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}

}  // namespace wgmesh::pulumi
