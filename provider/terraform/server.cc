#include "provider/terraform/server.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/server_credentials.h>

#include "absl/strings/str_cat.h"
#include "plugin.grpc.pb.h"
#include "provider/plugin_process.h"
#include "provider/terraform/handshake.h"
#include "provider/terraform/tls_cert.h"

namespace wgmesh::terraform {
namespace {

constexpr int kMaxMessage = 256 << 20;

class StopSignal {
 public:
  void Notify() {
    std::lock_guard lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return stop_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

// go-plugin calls Shutdown after every graph walk; the process then exits.
class Controller final : public plugin::GRPCController::Service {
 public:
  explicit Controller(StopSignal* stop) : stop_(stop) {}
  grpc::Status Shutdown(grpc::ServerContext*, const plugin::Empty*, plugin::Empty*) override {
    stop_->Notify();
    return grpc::Status::OK;
  }

 private:
  StopSignal* stop_;
};

int Fail(Logger& logger, const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  logger.Log("error", message);
  return 1;
}

}  // namespace

int Serve(ProviderService& provider, Logger& logger, const ServeOptions& options) {
  // Ctrl-C reaches the whole process group; the engine cancels with StopProvider instead.
  // SIGTERM (and SIGINT in debug mode) are taken by a thread that stops the server cleanly.
  signal(SIGPIPE, SIG_IGN);
  static sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  if (options.debug)
    sigaddset(&sigs, SIGINT);
  else
    signal(SIGINT, SIG_IGN);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  MakeNonDumpable();
  // An engine killed with SIGKILL never says stop: its death is the SIGTERM.
  // In debug mode the provider outlives the shell that started it, by design.
  if (!options.debug) StopWhenParentDies();

  const char* client_cert = nullptr;
  if (!options.debug) {
    if (absl::Status s = CheckMagicCookie(std::getenv(kMagicCookieKey)); !s.ok())
      return Fail(logger, std::string(s.message()));
    if (absl::StatusOr<int> v = NegotiateProtocol(std::getenv("PLUGIN_PROTOCOL_VERSIONS")); !v.ok())
      return Fail(logger, std::string(v.status().message()));
    client_cert = std::getenv("PLUGIN_CLIENT_CERT");
    if (client_cert && !*client_cert) client_cert = nullptr;
  }

  std::shared_ptr<grpc::ServerCredentials> creds = grpc::InsecureServerCredentials();
  std::string cert_b64;
  if (client_cert) {
    absl::StatusOr<ServerCert> cert = GenerateServerCert();
    if (!cert.ok()) return Fail(logger, std::string(cert.status().message()));
    grpc::SslServerCredentialsOptions tls(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    tls.pem_root_certs = client_cert;
    tls.pem_key_cert_pairs.push_back({cert->key_pem, cert->cert_pem});
    creds = grpc::SslServerCredentials(tls);
    cert_b64 = Base64NoPad(cert->der);
  }

  const char* tmp = std::getenv("TMPDIR");
  std::string dir_template = absl::StrCat(tmp && *tmp ? tmp : "/tmp", "/plugin-wgmesh-XXXXXX");
  if (mkdtemp(dir_template.data()) == nullptr)
    return Fail(logger, absl::StrCat("cannot create a socket directory in ", dir_template));
  const std::string dir = dir_template;
  std::string socket = dir + "/p.sock";
  if (socket.size() >= 107) {  // sun_path limit
    std::filesystem::remove_all(dir);
    dir_template = "/tmp/plugin-wgmesh-XXXXXX";
    if (mkdtemp(dir_template.data()) == nullptr) return Fail(logger, "cannot create /tmp socket dir");
    socket = dir_template + "/p.sock";
  }
  const std::string socket_dir = std::filesystem::path(socket).parent_path();

  static StopSignal stop;  // outlives the detached signal thread
  Controller controller(&stop);
  grpc::ServerBuilder builder;
  builder.SetMaxReceiveMessageSize(kMaxMessage);
  builder.SetMaxSendMessageSize(kMaxMessage);
  builder.AddListeningPort("unix:" + socket, creds);
  builder.RegisterService(&provider);
  builder.RegisterService(&controller);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::filesystem::remove_all(socket_dir);
    return Fail(logger, absl::StrCat("cannot serve gRPC on unix socket ", socket));
  }

  if (options.debug) {
    std::string json = ReattachJson(kProviderAddress, static_cast<long>(getpid()), "unix", socket);
    std::fprintf(options.out,
                 "Provider started. To attach Terraform CLI or OpenTofu, set the "
                 "TF_REATTACH_PROVIDERS environment variable with the following:\n\n"
                 "\tTF_REATTACH_PROVIDERS='%s'\n\n",
                 json.c_str());
  } else {
    std::fprintf(options.out, "%s\n", HandshakeLine("unix", socket, cert_b64).c_str());
  }
  std::fflush(options.out);
  logger.Log("info", "serving", {{"socket", socket}, {"tls", client_cert ? "true" : "false"}});

  std::thread signals([] {
    int sig = 0;
    sigwait(&sigs, &sig);
    stop.Notify();
  });
  signals.detach();

  stop.Wait();
  provider.CancelAll();  // a stop signal also stops host work in flight
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  std::error_code ec;
  std::filesystem::remove_all(socket_dir, ec);
  return 0;
}

}  // namespace wgmesh::terraform
