// terraform-provider-wgmesh as tofu/terraform start it: a child process with
// go-plugin's environment, one handshake line on stdout, gRPC over a unix
// socket with AutoMTLS, SIGINT ignored, GRPCController.Shutdown ending it, and
// its engine's death ending it too.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "plugin.grpc.pb.h"
#include "provider/terraform/handshake.h"
#include "provider/terraform/tls_cert.h"
#include "tfplugin6.grpc.pb.h"

extern char** environ;

namespace wgmesh::terraform {
namespace {

struct Child {
  pid_t pid = -1;
  int out = -1, err = -1;

  // Reads up to the first newline on stdout (or EOF / timeout).
  std::string ReadLine(int timeout_ms = 15000) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char c;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      if (read(out, &c, 1) != 1) break;
      if (c == '\n') break;
      line += c;
    }
    return line;
  }
  std::string ReadAll(int fd) {
    std::string s;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
    return s;
  }
  // Exit status, or -1 if it did not exit within the timeout.
  int Wait(int timeout_ms = 5000) {
    for (int waited = 0; waited < timeout_ms; waited += 20) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  ~Child() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (out >= 0) close(out);
    if (err >= 0) close(err);
  }
};

// Starts the plugin with the test's environment minus go-plugin's variables, plus `env`;
// through `wrapper` (a command line the plugin's path and args are appended to) when given.
std::unique_ptr<Child> Start(const std::vector<std::string>& env,
                             const std::vector<std::string>& args = {},
                             const std::vector<std::string>& wrapper = {}) {
  std::vector<std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string_view v = *e;
    if (v.starts_with("TF_PLUGIN_MAGIC_COOKIE=") || v.starts_with("PLUGIN_")) continue;
    vars.emplace_back(v);
  }
  vars.insert(vars.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& v : vars) envp.push_back(v.data());
  envp.push_back(nullptr);
  std::string bin = TF_PROVIDER_BINARY;
  std::vector<std::string> argv_s = wrapper;
  argv_s.push_back(bin);
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  const std::string program = argv_s[0];
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) return nullptr;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  auto child = std::make_unique<Child>();
  int rc = posix_spawn(&child->pid, program.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  child->out = out[0];
  child->err = err[0];
  if (rc != 0) child->pid = -1;
  return child;
}

std::string Cookie() { return std::string(kMagicCookieKey) + "=" + kMagicCookieValue; }

std::string DerToPem(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!x) return "";
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  X509_free(x);
  return pem;
}

std::shared_ptr<grpc::Channel> TlsChannel(const std::string& socket, const std::string& server_pem,
                                          const ServerCert& client) {
  grpc::SslCredentialsOptions o;
  o.pem_root_certs = server_pem;
  o.pem_private_key = client.key_pem;
  o.pem_cert_chain = client.cert_pem;
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel("unix:" + socket, grpc::SslCredentials(o), args);
}

grpc::Status GetSchema(const std::shared_ptr<grpc::Channel>& ch,
                       tfplugin6::GetProviderSchema::Response* resp) {
  auto stub = tfplugin6::Provider::NewStub(ch);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  tfplugin6::GetProviderSchema::Request req;
  return stub->GetProviderSchema(&ctx, req, resp);
}

TEST(PluginProcessTest, WithoutTheMagicCookieItExitsWithAMessage) {
  auto child = Start({});
  ASSERT_TRUE(child && child->pid > 0);
  EXPECT_EQ(child->Wait(), 1);
  EXPECT_EQ(child->ReadAll(child->out), "");  // nothing on stdout
  EXPECT_NE(child->ReadAll(child->err).find("plugin"), std::string::npos);
}

TEST(PluginProcessTest, WithoutProtocolSixItExits) {
  auto child = Start({Cookie(), "PLUGIN_PROTOCOL_VERSIONS=4,5"});
  ASSERT_TRUE(child && child->pid > 0);
  EXPECT_EQ(child->Wait(), 1);
  EXPECT_NE(child->ReadAll(child->err).find("protocol 6"), std::string::npos);
}

TEST(PluginProcessTest, AutoMtlsServesOnAUnixSocketIgnoresSigintAndShutsDown) {
  absl::StatusOr<ServerCert> client = GenerateServerCert();
  ASSERT_TRUE(client.ok());
  auto child = Start({Cookie(), "PLUGIN_PROTOCOL_VERSIONS=5,6",
                      "PLUGIN_CLIENT_CERT=" + client->cert_pem});
  ASSERT_TRUE(child && child->pid > 0);
  std::string line = child->ReadLine();
  std::vector<std::string> f = absl::StrSplit(line, '|');
  ASSERT_EQ(f.size(), 6u) << line;
  EXPECT_EQ(f[0], "1");
  EXPECT_EQ(f[1], "6");
  EXPECT_EQ(f[2], "unix");
  EXPECT_EQ(f[4], "grpc");
  EXPECT_LT(f[3].size(), 107u);
  EXPECT_EQ(f[5].find('='), std::string::npos);  // unpadded
  std::string der;
  ASSERT_TRUE(absl::Base64Unescape(f[5], &der));
  std::string server_pem = DerToPem(der);
  ASSERT_FALSE(server_pem.empty());

  auto channel = TlsChannel(f[3], server_pem, *client);
  tfplugin6::GetProviderSchema::Response schema;
  grpc::Status s = GetSchema(channel, &schema);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(schema.resource_schemas().contains("wgmesh_mesh"));

  // Ctrl-C reaches the plugin's process group: it keeps serving.
  kill(child->pid, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  tfplugin6::GetProviderSchema::Response again;
  EXPECT_TRUE(GetSchema(channel, &again).ok());

  // A client with another certificate is refused.
  absl::StatusOr<ServerCert> stranger = GenerateServerCert();
  tfplugin6::GetProviderSchema::Response refused;
  EXPECT_FALSE(GetSchema(TlsChannel(f[3], server_pem, *stranger), &refused).ok());

  auto controller = plugin::GRPCController::NewStub(channel);
  grpc::ClientContext ctx;
  plugin::Empty empty, out;
  EXPECT_TRUE(controller->Shutdown(&ctx, empty, &out).ok());
  EXPECT_EQ(child->Wait(), 0);
  EXPECT_FALSE(std::filesystem::exists(f[3]));
}

TEST(PluginProcessTest, DebugModePrintsReattachAndServesPlaintext) {
  auto child = Start({}, {"-debug"});
  ASSERT_TRUE(child && child->pid > 0);
  std::string reattach;
  for (int i = 0; i < 5 && reattach.empty(); ++i) {
    std::string line = child->ReadLine();
    if (auto p = line.find("TF_REATTACH_PROVIDERS='"); p != std::string::npos)
      reattach = line.substr(p + 23, line.rfind('\'') - p - 23);
  }
  ASSERT_FALSE(reattach.empty());
  nlohmann::json j = nlohmann::json::parse(reattach);
  const auto& addr = j.at(kProviderAddress).at("Addr");
  EXPECT_EQ(j.at(kProviderAddress).at("Pid"), child->pid);
  auto channel = grpc::CreateChannel("unix:" + addr.at("String").get<std::string>(),
                                     grpc::InsecureChannelCredentials());
  tfplugin6::GetProviderSchema::Response schema;
  EXPECT_TRUE(GetSchema(channel, &schema).ok());
  kill(child->pid, SIGTERM);
  EXPECT_EQ(child->Wait(), 0);
}

// Issue 9 item 6: an engine killed with SIGKILL never sends Shutdown. The
// plugin notices it was orphaned and exits (cleanly: cancel, shut down).
TEST(PluginProcessTest, WhenItsEngineIsKilledItExits) {
  // Orphans are reparented to this test process, so it can reap the plugin.
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  // A stand-in engine: a shell that starts the plugin, prints its pid, then waits.
  auto engine = Start({Cookie(), "PLUGIN_PROTOCOL_VERSIONS=6"}, {},
                      {"/bin/sh", "-c", "\"$0\" >/dev/null 2>&1 & echo $!; exec sleep 600"});
  ASSERT_TRUE(engine && engine->pid > 0);
  const pid_t plugin = std::stoi(engine->ReadLine());
  ASSERT_GT(plugin, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // serving by now
  ASSERT_EQ(kill(plugin, 0), 0) << "the plugin is not running";
  kill(engine->pid, SIGKILL);
  EXPECT_EQ(engine->Wait(), 128 + SIGKILL);
  int status = -1;
  pid_t reaped = 0;
  for (int waited = 0; waited < 5000 && reaped == 0; waited += 20) {
    reaped = waitpid(plugin, &status, WNOHANG);
    if (reaped == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (reaped == 0) kill(plugin, SIGKILL);
  ASSERT_EQ(reaped, plugin) << "the plugin outlived its engine by 5 s";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  prctl(PR_SET_CHILD_SUBREAPER, 0);
}

}  // namespace
}  // namespace wgmesh::terraform
