// Messages to the user through the engine's pulumirpc.Engine/Log: warnings,
// errors and ephemeral progress lines ("n1: connecting") shown beside the
// resource while `pulumi up` runs. Thread-safe. Without an engine address
// (tests, debug attach before Attach) messages go to stderr, which the engine
// shows only at debug level.
#ifndef WGMESH_PROVIDER_PULUMI_ENGINE_LOG_H_
#define WGMESH_PROVIDER_PULUMI_ENGINE_LOG_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "pulumi/engine.grpc.pb.h"

namespace wgmesh::pulumi {

class EngineLog {
 public:
  EngineLog() = default;
  // (Re)connects to the engine at `address` ("127.0.0.1:port"); "" disconnects.
  void Connect(const std::string& address);
  std::string address() const;

  void Log(pulumirpc::LogSeverity severity, std::string_view message, std::string_view urn,
           bool ephemeral = false);
  // A transient status line for the resource `urn`.
  void Progress(std::string_view urn, std::string_view step) {
    Log(pulumirpc::INFO, step, urn, /*ephemeral=*/true);
  }
  // Maps the handlers' level names (trace, debug, info, warn, error).
  static pulumirpc::LogSeverity SeverityOf(std::string_view level);

 private:
  mutable std::mutex mu_;
  std::string address_;
  std::shared_ptr<pulumirpc::Engine::Stub> stub_;
};

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_ENGINE_LOG_H_
