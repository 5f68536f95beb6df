// go-plugin's launch contract: cookie, protocol negotiation, the handshake
// line, reattach JSON, the AutoMTLS certificate and the JSON log lines.
#include "provider/terraform/handshake.h"

#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "absl/strings/str_split.h"
#include "provider/terraform/log.h"
#include "provider/terraform/tls_cert.h"

namespace wgmesh::terraform {
namespace {

TEST(HandshakeTest, MagicCookieMustMatchExactly) {
  EXPECT_TRUE(CheckMagicCookie(kMagicCookieValue).ok());
  EXPECT_FALSE(CheckMagicCookie(nullptr).ok());
  EXPECT_FALSE(CheckMagicCookie("d602bf8f").ok());
  EXPECT_NE(CheckMagicCookie(nullptr).message().find("plugin"), std::string::npos);
}

TEST(HandshakeTest, PicksProtocolSixFromTheOfferedSet) {
  EXPECT_EQ(*NegotiateProtocol("5,6"), 6);
  EXPECT_EQ(*NegotiateProtocol("6,5"), 6);
  EXPECT_EQ(*NegotiateProtocol("6"), 6);
  EXPECT_EQ(*NegotiateProtocol(nullptr), 6);
  absl::StatusOr<int> five = NegotiateProtocol("5");
  ASSERT_FALSE(five.ok());
  EXPECT_NE(five.status().message().find("protocol 6"), std::string::npos);
}

TEST(HandshakeTest, LineHasExactlySixFields) {
  std::string line = HandshakeLine("unix", "/tmp/plugin-x/p.sock", "MIIB");
  EXPECT_EQ(line, "1|6|unix|/tmp/plugin-x/p.sock|grpc|MIIB");
  std::vector<std::string> plain = absl::StrSplit(HandshakeLine("unix", "/s", ""), '|');
  EXPECT_EQ(plain.size(), 6u);
}

TEST(HandshakeTest, ReattachJsonNamesTheProviderAndSocket) {
  nlohmann::json j = nlohmann::json::parse(ReattachJson(kProviderAddress, 123, "unix", "/tmp/x.sock"));
  const auto& p = j.at(kProviderAddress);
  EXPECT_EQ(p.at("Protocol"), "grpc");
  EXPECT_EQ(p.at("ProtocolVersion"), 6);
  EXPECT_EQ(p.at("Pid"), 123);
  EXPECT_EQ(p.at("Test"), true);
  EXPECT_EQ(p.at("Addr").at("Network"), "unix");
  EXPECT_EQ(p.at("Addr").at("String"), "/tmp/x.sock");
}

TEST(HandshakeTest, Base64IsStandardAndUnpadded) {
  EXPECT_EQ(Base64NoPad(""), "");
  EXPECT_EQ(Base64NoPad("f"), "Zg");
  EXPECT_EQ(Base64NoPad("fo"), "Zm8");
  EXPECT_EQ(Base64NoPad("foo"), "Zm9v");
  EXPECT_EQ(Base64NoPad("\xfb\xff"), "+/8");
}

TEST(HandshakeTest, ServerCertificateIsWhatGoPluginClientsVerify) {
  absl::StatusOr<ServerCert> cert = GenerateServerCert();
  ASSERT_TRUE(cert.ok()) << cert.status();
  EXPECT_NE(cert->cert_pem.find("BEGIN CERTIFICATE"), std::string::npos);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(cert->der.data());
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(cert->der.size()));
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(X509_check_host(x, "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ca(x), 1);
  EXPECT_TRUE(X509_get_extended_key_usage(x) & XKU_SSL_SERVER);
  EXPECT_TRUE(X509_get_extended_key_usage(x) & XKU_SSL_CLIENT);
  EXPECT_EQ(EVP_PKEY_base_id(X509_get0_pubkey(x)), EVP_PKEY_EC);
  // Valid from before now (clock skew) and self-signed.
  EXPECT_LT(X509_cmp_current_time(X509_get0_notBefore(x)), 0);
  EXPECT_EQ(X509_verify(x, X509_get0_pubkey(x)), 1);
  X509_free(x);
  // Fresh per process: two certificates differ.
  EXPECT_NE(GenerateServerCert()->der, cert->der);
}

TEST(LogTest, JsonLinesCarryLevelMessageAndMicrosecondTimestamp) {
  auto when = std::chrono::system_clock::time_point(std::chrono::microseconds(1700000000123456));
  nlohmann::json j = nlohmann::json::parse(JsonLogLine("warn", "host a: slow", when, {{"host", "a"}}));
  EXPECT_EQ(j.at("@level"), "warn");
  EXPECT_EQ(j.at("@message"), "host a: slow");
  EXPECT_EQ(j.at("@timestamp"), "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(j.at("host"), "a");
}

TEST(LogTest, LevelsFollowTfLog) {
  EXPECT_EQ(ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("json"), LogLevel::kTrace);
  EXPECT_EQ(ParseLogLevel("off"), LogLevel::kOff);
  EXPECT_EQ(ParseLogLevel("bogus"), LogLevel::kWarn);
  Logger info(LogLevel::kInfo);
  EXPECT_TRUE(info.Enabled("error"));
  EXPECT_TRUE(info.Enabled("info"));
  EXPECT_FALSE(info.Enabled("debug"));
  Logger off(LogLevel::kOff);
  EXPECT_FALSE(off.Enabled("error"));
}

}  // namespace
}  // namespace wgmesh::terraform
