// The lab as the SSH tests see it: lab.env, and options for a node and user.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "core/ssh/session.h"
#include "gtest/gtest.h"

namespace wgmesh::ssh::testing {

struct Lab {
  int nodes = 0;
  std::string key_file;     // LAB_SSH_KEY
  std::string private_key;  // its contents
  std::string known_hosts;  // LAB_KNOWN_HOSTS

  int Port(int node) const;
  std::string Underlay(int node) const;  // fd00:10::N
  // "ssh-ed25519 AAAA..." of node N, from known_hosts.
  std::string HostKey(int node) const;
  // Connects to 127.0.0.1:port of node N with the lab key, known_hosts checked.
  ConnectOptions Options(int node, const std::string& user = "root") const;

  std::string env_file;
};

// Loaded once from ${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env.
const absl::StatusOr<Lab>& LoadLab();

// A fixture whose tests fail with a clear message when there is no lab.
class LabTest : public ::testing::Test {
 protected:
  void SetUp() override;
  const Lab& lab() const { return *LoadLab(); }
};

// A fresh directory under /tmp, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& contents, int mode = 0600) const;

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
// Runs a local shell command; returns its stdout (exit status in *status).
std::string Shell(const std::string& command, int* status = nullptr);

double SecondsSince(std::chrono::steady_clock::time_point start);

}  // namespace wgmesh::ssh::testing
