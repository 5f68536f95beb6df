#include "core/ssh/scrub.h"

#include "gtest/gtest.h"

namespace wgmesh::ssh {
namespace {

TEST(ScrubTest, RemovesEveryCredential) {
  ConnectOptions o;
  o.target.credentials.password = "hunter2";
  o.target.credentials.private_key_passphrase = "pass phrase";
  o.target.credentials.private_key =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACBnhr8lpL\n"
      "-----END OPENSSH PRIVATE KEY-----\n";
  Target proxy;
  proxy.credentials.password = "bastion-pw";
  o.proxy = proxy;
  Scrubber scrub(o);
  EXPECT_EQ(scrub.Scrub("a hunter2 b hunter2"), "a [redacted] b [redacted]");
  EXPECT_EQ(scrub.Scrub("pass phrase!"), "[redacted]!");
  EXPECT_EQ(scrub.Scrub("x QyNTUxOQAAACBnhr8lpL y"), "x [redacted] y");
  EXPECT_EQ(scrub.Scrub("bastion-pw"), "[redacted]");
  EXPECT_EQ(scrub.Scrub(o.target.credentials.private_key), "[redacted]");
  EXPECT_EQ(scrub.Scrub("-----BEGIN OPENSSH PRIVATE KEY-----"),
            "-----BEGIN OPENSSH PRIVATE KEY-----");
  EXPECT_EQ(scrub.Scrub("nothing secret"), "nothing secret");
}

}  // namespace
}  // namespace wgmesh::ssh
