// The read script's shell functions run by the local /bin/sh: what the host
// prints is what ParseLiveState reads, the private key never leaves the host,
// and the fingerprint a change checks under the lock is the one the read gave.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/host_scripts.h"
#include "core/live_state.h"
#include "core/names.h"
#include "tests/unit/run_command.h"

namespace wgmesh {
namespace {

using testing::RunWithStdin;

// The read script's prologue and functions, without its run (which would
// clean this machine's kRunDir).
std::string ReadFunctions() {
  std::string script = ReadScript("lab");
  const size_t run = script.find(absl::StrCat("for d in ", kRunDir));
  EXPECT_NE(run, std::string::npos);
  return script.substr(0, run);
}

TEST(ReadScript, PrintsTheWgDumpWithoutItsPrivateKey) {
  const std::string out = RunWithStdin(
      "sh -s", ReadFunctions() +
                   "print_wg_dump_without_key \"$(printf 'PRIV=\\tPUB=\\t51820\\toff\\n"
                   "PEER=\\t(none)\\t[fd00::9]:51820\\tfd00::2/128\\t1700000000\\t5\\t6\\toff')\"\n"
                   "print_wg_dump_without_key \"$(printf 'PRIV=\\tPUB=\\t51821\\toff')\"\n");
  EXPECT_EQ(out,
            "-\tPUB=\t51820\toff\n"
            "PEER=\t(none)\t[fd00::9]:51820\tfd00::2/128\t1700000000\t5\t6\toff\n"
            "-\tPUB=\t51821\toff");
}

TEST(ReadScript, FileFactsGiveModeAndDigestOfRegularFilesOnly) {
  char dir[] = "/tmp/wgmesh-facts-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string d = dir;
  std::ofstream(d + "/a") << "x\n";
  std::ofstream(d + "/a.conf") << "other\n";
  ASSERT_EQ(chmod((d + "/a").c_str(), 0640), 0);
  ASSERT_EQ(mkdir((d + "/c").c_str(), 0700), 0);
  const std::string out = RunWithStdin(
      "sh -s", ReadFunctions() + "cd " + d +
                   " || exit 1\n"
                   "sums=$(sha256sum a.conf a b c 2>&1); modes=$(stat -c '%a %n' a.conf a b c "
                   "2>/dev/null)\n"
                   "file_facts a; file_facts b; file_facts c\n");
  std::system(("rm -rf " + d).c_str());
  EXPECT_EQ(out,
            // sha256 of "x\n"
            "present 640 73cb3858a687a8494ca3323053016282f3dad39d42cf62ca4e79dda2aac7d9ac\n"
            "absent\nabsent");
}

TEST(ReadScript, ReadsThisMachineAndFingerprintsAsTheLockCheckDoes) {
  const std::string out = RunWithStdin(
      "sh -s", ReadFunctions() +
                   "wgmesh_read\n"
                   "wgmesh_sums; wgmesh_fingerprint; echo \"@@lock-check $fp\"\n");
  auto live = ParseLiveState(out);
  ASSERT_TRUE(live.ok()) << live.status() << "\n" << out;
  ASSERT_NE(live->Link("lo"), nullptr) << out;
  EXPECT_GT(live->Link("lo")->mtu, 0);
  EXPECT_FALSE(live->config.present);
  EXPECT_FALSE(live->wireguard.has_value());
  EXPECT_TRUE(live->tools.count("ip") && live->tools.at("ip"));
  ASSERT_FALSE(live->fingerprint.empty()) << out;
  EXPECT_TRUE(absl::EndsWith(out, "\n@@lock-check " + live->fingerprint)) << out;
}

// The fingerprint is the mesh's link names (none of mesh "lab" here) and the
// first word of each digest line, a missing file's included; it runs no
// program (PATH leads nowhere): every process costs under emulation.
TEST(ReadScript, FingerprintIsTheDigestsAndLinkNamesWithoutAProcess) {
  const std::string out = RunWithStdin(
      "sh -s", ReadFunctions() +
                   "PATH=/nonexistent\n"
                   "sums=$(printf '%s\\n' 'd1  /etc/wireguard/wg-lab.conf' "
                   "'sha256sum: /etc/wireguard/wg-lab.json: No such file or directory' "
                   "'d3  /etc/wireguard/wg-lab.owner')\n"
                   "wgmesh_fingerprint; echo \"$fp\"\n"
                   "sums=$(printf '%s\\n' 'd1  /etc/wireguard/wg-lab.conf' "
                   "'d2  /etc/wireguard/wg-lab.json' 'd3  /etc/wireguard/wg-lab.owner')\n"
                   "wgmesh_fingerprint; echo \"$fp\"\n");
  EXPECT_EQ(out, "d1;sha256sum:;d3;\nd1;d2;d3;");
}

}  // namespace
}  // namespace wgmesh
