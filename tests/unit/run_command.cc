#include "tests/unit/run_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace wgmesh::testing {

std::string RunWithStdin(const std::string& command, const std::string& input) {
  char path[] = "/tmp/wgmesh-test-out-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  FILE* p = popen((command + " > " + path).c_str(), "w");
  EXPECT_NE(p, nullptr);
  std::fputs(input.c_str(), p);
  EXPECT_EQ(pclose(p), 0) << command;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path);
  std::string out = ss.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace wgmesh::testing
