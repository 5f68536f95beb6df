#include "provider/pulumi/engine_log.h"

#include <chrono>
#include <cstdio>

#include <grpcpp/grpcpp.h>

namespace wgmesh::pulumi {

void EngineLog::Connect(const std::string& address) {
  std::shared_ptr<pulumirpc::Engine::Stub> stub;
  if (!address.empty()) {
    stub = pulumirpc::Engine::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  }
  std::lock_guard<std::mutex> lock(mu_);
  address_ = address;
  stub_ = std::move(stub);
}

std::string EngineLog::address() const {
  std::lock_guard<std::mutex> lock(mu_);
  return address_;
}

void EngineLog::Log(pulumirpc::LogSeverity severity, std::string_view message,
                    std::string_view urn, bool ephemeral) {
  std::shared_ptr<pulumirpc::Engine::Stub> stub;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stub = stub_;
  }
  if (stub != nullptr) {
    pulumirpc::LogRequest request;
    request.set_severity(severity);
    request.set_message(std::string(message));
    request.set_urn(std::string(urn));
    request.set_ephemeral(ephemeral);
    google::protobuf::Empty reply;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (stub->Log(&context, request, &reply).ok()) return;
  }
  std::fprintf(stderr, "wgmesh: %.*s%s%.*s\n", static_cast<int>(urn.size()), urn.data(),
               urn.empty() ? "" : ": ", static_cast<int>(message.size()), message.data());
}

pulumirpc::LogSeverity EngineLog::SeverityOf(std::string_view level) {
  if (level == "error") return pulumirpc::ERROR;
  if (level == "warn" || level == "warning") return pulumirpc::WARNING;
  if (level == "info") return pulumirpc::INFO;
  return pulumirpc::DEBUG;
}

}  // namespace wgmesh::pulumi
