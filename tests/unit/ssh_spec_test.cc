// mesh.yaml's `ssh` in both forms (core/ssh_spec.h): the original tool's
// Fabric arguments are read with their meaning, unsafe ones are refused, and
// every field meets the string form's rules (issue 10 item 1).
#include "core/ssh_spec.h"

#include <gtest/gtest.h>

#include "core/spec_parse.h"
#include "core/validate.h"
#include "core/yaml_merge.h"

namespace wgmesh {
namespace {

using nlohmann::json;

struct Checked {
  MeshSpec spec;
  Problems problems;
};

// Node a's `ssh` set to `ssh` in a valid two-node mesh; parsed and validated.
Checked WithSsh(const json& ssh) {
  json doc = json::parse(R"j({"name": "lab", "network": "10.0.0.0/24", "nodes": {
      "a": {"addr": "10.0.0.1/24", "endpoint": "192.0.2.1"},
      "b": {"addr": "10.0.0.2/24", "endpoint": "192.0.2.2"}}})j");
  doc["nodes"]["a"]["ssh"] = ssh;
  ParsedSpec parsed = SpecFromDocument(doc);
  Checked out{parsed.spec, parsed.problems};
  out.problems.Append(ValidateMesh(parsed.spec));
  return out;
}

TEST(SshSpec, FabricMappingKeepsItsMeaning) {
  Checked c = WithSsh(json::parse(R"j({"host": "h1", "user": "deploy", "port": "2222",
      "connect_timeout": 9, "connect_kwargs": {"key_filename": ["~/.ssh/a", "/k/b"],
      "compress": true, "banner_timeout": 3.5}, "inline_ssh_env": true})j"));
  ASSERT_TRUE(c.problems.all().empty()) << c.problems.ToString();
  const SshTarget& t = *c.spec.nodes[0].ssh;
  EXPECT_EQ(t.host, "h1");
  EXPECT_EQ(t.user, "deploy");
  EXPECT_EQ(t.port, 2222);
  EXPECT_EQ(t.connect_timeout, 9);
  EXPECT_EQ(t.identity_files, (std::vector<std::string>{"~/.ssh/a", "/k/b"}));
}

TEST(SshSpec, ParamikoTimeoutIsTheConnectTimeoutRoundedUp) {
  Checked c = WithSsh(json::parse(R"j({"host": "h", "connect_kwargs": {"timeout": 2.5,
      "key_filename": "/k"}})j"));
  ASSERT_FALSE(c.problems.has_errors()) << c.problems.ToString();
  EXPECT_EQ(c.spec.nodes[0].ssh->connect_timeout, 3);
  EXPECT_EQ(c.spec.nodes[0].ssh->identity_files, std::vector<std::string>{"/k"});
  Checked twice = WithSsh(json::parse(
      R"j({"host": "h", "connect_timeout": 5, "connect_kwargs": {"timeout": 2}})j"));
  EXPECT_TRUE(twice.problems.HasErrorAt("nodes.a.ssh.connect_kwargs.timeout"));
}

TEST(SshSpec, IgnoredFabricArgumentsAreWarnings) {
  Checked c = WithSsh(json::parse(R"j({"host": "h", "forward_agent": true,
      "connect_kwargs": {"allow_agent": false, "look_for_keys": false}})j"));
  EXPECT_FALSE(c.problems.has_errors()) << c.problems.ToString();
  EXPECT_EQ(c.problems.warnings().size(), 3u) << c.problems.ToString();
}

struct Refused {
  const char* ssh;
  const char* path;
  const char* rule;
};

class SshRefused : public ::testing::TestWithParam<Refused> {};

TEST_P(SshRefused, NamesPathValueAndRule) {
  const Refused& r = GetParam();
  Checked c = WithSsh(json::parse(r.ssh));
  bool found = false;
  for (const Problem& p : c.problems.errors())
    if (p.path.ToString() == r.path && p.ToString().find(r.rule) != std::string::npos) found = true;
  EXPECT_TRUE(found) << r.ssh << "\nwanted " << r.path << ": " << r.rule << "\ngot:\n"
                     << c.problems.ToString();
}

const Refused kRefused[] = {
    // The string form's rule on every field of the mapping (CVE-2023-51385 class:
    // %r / %h of an ssh_config ProxyCommand would put these into a shell).
    {R"j({"host": "h", "user": "x$(id>/tmp/p)"})j", "nodes.a.ssh.user", "without spaces, quotes or shell characters"},
    {R"j({"host": "h", "user": "x`id`"})j", "nodes.a.ssh.user", "shell characters"},
    {R"j({"host": "h", "user": "-oProxyCommand=id"})j", "nodes.a.ssh.user", "not starting with '-'"},
    {R"j({"host": "h", "user": "a@b"})j", "nodes.a.ssh.user", "without '@' or ':'"},
    {R"j({"host": "h;id"})j", "nodes.a.ssh.host", "shell characters"},
    {R"j({"host": "h\nProxyCommand id"})j", "nodes.a.ssh.host", "without spaces"},
    {R"j({"host": "%h"})j", "nodes.a.ssh.host", "shell characters"},
    {R"j({"host": ""})j", "nodes.a.ssh.host", "needs at least `host`"},
    {R"j({"host": "h", "port": 0})j", "nodes.a.ssh.port", "must be a port, 1-65535"},
    {R"j({"host": "h", "port": "22; id"})j", "nodes.a.ssh.port", "must be an integer"},
    {R"j({"host": "h", "identity_file": "/k $(id)"})j", "nodes.a.ssh.identity_file.0", "must be a file path"},
    {R"j({"host": "h", "connect_kwargs": {"key_filename": ["/ok", "/k|id"]}})j", "nodes.a.ssh.identity_file.1", "must be a file path"},
    {R"j({"host": "h", "known_hosts": "/k'x"})j", "nodes.a.ssh.known_hosts", "must be a file path"},
    {R"j({"host": "h", "host_key": "ssh-ed25519 AAAA$(id)"})j", "nodes.a.ssh.host_key", "TYPE BASE64"},
    {R"j({"host": "h", "connect_timeout": 0})j", "nodes.a.ssh.connect_timeout", "1-600 seconds"},
    {R"j({"host": "h", "connect_attempts": 1000})j", "nodes.a.ssh.connect_attempts", "1-600"},
    {R"j({"host": "h", "sudo": "yes please"})j", "nodes.a.ssh.sudo", "must be true or false"},
    // Fabric arguments with an unsafe meaning.
    {R"j({"host": "h", "gateway": "nc %h %p"})j", "nodes.a.ssh.gateway", "write the jump host as ProxyJump in ssh_config"},
    {R"j({"host": "h", "connect_kwargs": {"password": "hunter2"}})j", "nodes.a.ssh.connect_kwargs.password", "reads no secrets from mesh.yaml"},
    {R"j({"host": "h", "connect_kwargs": {"passphrase": "x"}})j", "nodes.a.ssh.connect_kwargs.passphrase", "ssh-agent"},
    {R"j({"host": "h", "connect_kwargs": {"gss_auth": true}})j", "nodes.a.ssh.connect_kwargs.gss_auth", "GSSAPI"},
    {R"j({"host": "h", "connect_kwargs": {"disabled_algorithms": {"kex": ["x"]}}})j", "nodes.a.ssh.connect_kwargs.disabled_algorithms", "in ssh_config"},
    {R"j({"host": "h", "connect_kwargs": {"sock": 3}})j", "nodes.a.ssh.connect_kwargs.sock", "unknown or unsupported"},
    {R"j({"host": "h", "config": {}})j", "nodes.a.ssh.config", "unknown field"},
    // Fabric refused a user or port given both in the host shorthand and apart.
    {R"j({"host": "alice@h", "user": "bob"})j", "nodes.a.ssh.user", "given twice"},
    {R"j({"host": "h:2222", "port": 22})j", "nodes.a.ssh.port", "given twice"},
    {R"j({"host": "h", "insecure_skip_host_key_check": true, "host_key": "ssh-ed25519 AAAA"})j", "nodes.a.ssh.insecure_skip_host_key_check", "contradicts host_key"},
    {R"j({"user": "root"})j", "nodes.a.ssh.host", "needs at least `host`"},
    {R"j("x$(id)@h")j", "nodes.a.ssh", "shell characters"},
};

INSTANTIATE_TEST_SUITE_P(Table, SshRefused, ::testing::ValuesIn(kRefused));

TEST(SshSpec, PasswordValueNeverShown) {
  Checked c = WithSsh(json::parse(R"j({"host": "h", "connect_kwargs": {"password": "hunter2"}})j"));
  EXPECT_EQ(c.problems.ToString().find("hunter2"), std::string::npos) << c.problems.ToString();
}

TEST(SshSpec, Ipv6HostIsNotAPortShorthand) {
  Checked c = WithSsh(json::parse(R"j({"host": "2001:db8::1", "port": 2222})j"));
  EXPECT_FALSE(c.problems.has_errors()) << c.problems.ToString();
}

TEST(SshSpec, SafeWords) {
  for (const char* ok : {"h", "root@h:22", "u@[2001:db8::1]:22", "~/.ssh/id_ed25519", "a.b-c_d"})
    EXPECT_TRUE(IsSafeSshWord(ok)) << ok;
  for (const char* bad : {"", "-x", "a b", "a\tb", "a%r", "a$b", "a'b", "é", "a,b", "a\x01"})
    EXPECT_FALSE(IsSafeSshWord(bad)) << bad;
}

TEST(YamlMerge, MergedKeysYieldToWrittenOnes) {
  json doc = json::parse(R"j({"d": {"user": "root", "port": 22},
      "n": {"<<": [{"port": 2222, "host": "x"}, {"port": 1}], "host": "h"}})j");
  ASSERT_TRUE(ResolveYamlMergeKeys(doc).ok());
  EXPECT_EQ(doc["n"], json::parse(R"j({"host": "h", "port": 2222})j"));
  json bad = json::parse(R"j({"n": {"<<": 5}})j");
  EXPECT_FALSE(ResolveYamlMergeKeys(bad).ok());
}

}  // namespace
}  // namespace wgmesh
