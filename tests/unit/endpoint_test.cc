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

TEST(Endpoint, BareIpv6ThatEndsLikeAPortIsRefusedAsAmbiguous) {
  // The original tool splits "2001:db8::1:8080" at the last colon (host
  // 2001:db8::1, port 8080), and so does wg; it is also a valid IPv6 address.
  // Taken as the address, an adopted mesh lost every peer: refused, naming
  // both readings.
  auto ambiguous = ParseEndpoint("fd00:10::2:5320");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.status().message(),
            "is ambiguous: the original mesh tool and wg read it as address fd00:10::2 port "
            "5320; write [fd00:10::2]:5320 for that, or [fd00:10::2:5320] for the address alone");
  for (const char* bracketed : {"[fd00:10::2]:5320", "[fd00:10::2:5320]"})
    EXPECT_TRUE(ParseEndpoint(bracketed).ok()) << bracketed;
  // Unambiguous bare addresses stay addresses: what precedes the last colon
  // is no address, or what follows it is no port.
  for (const char* address : {"2001:db8::1", "fd00:10::2", "2001:db8::1:abcd", "2001:db8::1:0",
                              "1:2:3:4:5:6:7:8080"}) {
    auto ep = ParseEndpoint(address);
    ASSERT_TRUE(ep.ok()) << address << ": " << ep.status();
    EXPECT_FALSE(ep->port) << address;
  }
  auto bad = ParseEndpoint("2001:db8::1:51820");  // 51820 is no IPv6 group
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("[ipv6]:port"), std::string::npos);
}

}  // namespace
}  // namespace wgmesh
