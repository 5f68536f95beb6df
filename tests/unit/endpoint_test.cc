#include "core/endpoint.h"

#include <gtest/gtest.h>

namespace wgmesh {
namespace {

struct Good {
  const char* text;
  const char* formatted;  // with default port 51999
};

TEST(Endpoint, AcceptsEveryDocumentedForm) {
  for (const Good& g : {Good{"vpn.example.com", "vpn.example.com:51999"},
                        Good{"vpn.example.com:1234", "vpn.example.com:1234"},
                        Good{"192.0.2.1", "192.0.2.1:51999"},
                        Good{"192.0.2.1:51820", "192.0.2.1:51820"},
                        Good{"[2001:db8::1]", "[2001:db8::1]:51999"},
                        Good{"[2001:db8::1]:443", "[2001:db8::1]:443"},
                        Good{"2001:db8::1", "[2001:db8::1]:51999"},
                        Good{"2001:DB8:0::1", "[2001:db8::1]:51999"}}) {
    auto ep = ParseEndpoint(g.text);
    ASSERT_TRUE(ep.ok()) << g.text << ": " << ep.status();
    EXPECT_EQ(ep->Format(51999), g.formatted) << g.text;
  }
}

TEST(Endpoint, RefusesEverythingElse) {
  for (const char* bad :
       {"", "host:", "host:0", "host:65536", "host:12ab", "host:1:2", "[2001:db8::1",
        "[192.0.2.1]:80", "[2001:db8::1]x", "[2001:db8::1]:", "2001:db8::1:51820:x",
        "-host", "ho st", "host;rm", "a..b", "999.1.1.1", "$(reboot)", "host:080"}) {
    EXPECT_FALSE(ParseEndpoint(bad).ok()) << bad;
  }
}

TEST(Endpoint, BareIpv6IsNeverSplitAtTheLastColon) {
  // The original tool split "2001:db8::1:8080" into host and port. It is a
  // valid IPv6 address, so wgmesh takes it as one; a port needs brackets.
  auto ep = ParseEndpoint("2001:db8::1:8080");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->host, "2001:db8::1:8080");
  EXPECT_FALSE(ep->port);
  auto bad = ParseEndpoint("2001:db8::1:51820");  // 51820 is no IPv6 group
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("[ipv6]:port"), std::string::npos);
}

}  // namespace
}  // namespace wgmesh
