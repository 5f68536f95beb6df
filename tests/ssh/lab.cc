#include "tests/ssh/lab.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/match.h"

namespace wgmesh::ssh::testing {
namespace {

absl::StatusOr<Lab> Load() {
  const char* dir = std::getenv("WGMESH_LAB_DIR");
  std::string file = absl::StrCat(dir != nullptr && *dir ? dir : "/tmp/wgmesh-lab", "/lab.env");
  std::ifstream in(file);
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat(
        file, " not found: these tests need the lab; run them as "
              "`tests/lab/with-lab.sh ctest -L lab` (or `scripts/lab up 3` first)"));
  }
  std::map<std::string, std::string> env;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits('=', 1));
    env[kv.first] = kv.second;
  }
  Lab lab;
  lab.env_file = file;
  if (!absl::SimpleAtoi(env["LAB_NODES"], &lab.nodes) || lab.nodes < 1) {
    return absl::FailedPreconditionError(absl::StrCat(file, ": no LAB_NODES"));
  }
  lab.key_file = env["LAB_SSH_KEY"];
  lab.known_hosts = env["LAB_KNOWN_HOSTS"];
  lab.private_key = ReadFile(lab.key_file);
  if (lab.private_key.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", lab.key_file));
  }
  return lab;
}

}  // namespace

const absl::StatusOr<Lab>& LoadLab() {
  static const absl::StatusOr<Lab> lab = [] {
    ::unsetenv("SSH_AUTH_SOCK");  // tests choose their credentials; never the tester's agent
    return Load();
  }();
  return lab;
}

void LabTest::SetUp() {
  const absl::StatusOr<Lab>& lab = LoadLab();
  ASSERT_TRUE(lab.ok()) << lab.status().message();
  ASSERT_GE(lab->nodes, 3) << "these tests need a lab with 3 nodes (scripts/lab up 3)";
}

int Lab::Port(int node) const {
  std::ifstream in(env_file);
  std::string key = absl::StrCat("LAB_NODE", node, "_PORT=");
  for (std::string line; std::getline(in, line);) {
    int port = 0;
    if (absl::StartsWith(line, key) && absl::SimpleAtoi(line.substr(key.size()), &port)) {
      return port;
    }
  }
  return -1;
}

std::string Lab::Underlay(int node) const { return absl::StrCat("fd00:10::", node); }

std::string Lab::HostKey(int node) const {
  std::ifstream in(known_hosts);
  std::string prefix = absl::StrCat("[127.0.0.1]:", Port(node), " ");
  for (std::string line; std::getline(in, line);) {
    if (absl::StartsWith(line, prefix)) return line.substr(prefix.size());
  }
  return "";
}

ConnectOptions Lab::Options(int node, const std::string& user) const {
  ConnectOptions o;
  o.target.host = "127.0.0.1";
  o.target.port = Port(node);
  o.target.credentials.user = user;
  o.target.credentials.private_key = private_key;
  o.target.host_key.known_hosts_file = known_hosts;
  o.dial_attempts = 3;
  o.per_dial_timeout = std::chrono::seconds(20);
  o.command_timeout = std::chrono::seconds(60);
  return o;
}

TempDir::TempDir() {
  char pattern[] = "/tmp/wgmesh-ssh-test.XXXXXX";
  const char* made = ::mkdtemp(pattern);
  path_ = made != nullptr ? made : "";
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Write(const std::string& name, const std::string& contents, int mode) const {
  std::string file = absl::StrCat(path_, "/", name);
  std::ofstream(file) << contents;
  std::filesystem::permissions(file, static_cast<std::filesystem::perms>(mode));
  return file;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Shell(const std::string& command, int* status) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  int rc = ::pclose(p);
  if (status != nullptr) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace wgmesh::ssh::testing
