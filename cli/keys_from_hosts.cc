#include "cli/keys_from_hosts.h"

#include <map>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/ssh_target.h"
#include "core/keys.h"
#include "core/names.h"
#include "core/node_ops.h"
#include "core/node_plan_json.h"

namespace wgmesh::cli {
namespace {

std::optional<IpAddr> AddressOf(const std::string& cidr) {
  return IpAddr::Parse(cidr.substr(0, cidr.find('/')));
}

}  // namespace

absl::StatusOr<MeshHosts> ResolveHosts(const MeshSpec& spec, const GlobalOptions& options,
                                       std::ostream& err, Problems* problems) {
  const std::string source = options.file == "-" ? "<stdin>" : options.file;
  MeshHosts hosts;
  hosts.spec = spec;
  int errors = 0;
  for (const NodeSpec& node : spec.nodes) {
    auto connection = ConnectionFor(node, options.ssh_config);
    if (!connection.ok()) {
      err << source << ": " << connection.status().message() << "\n";
      if (problems)
        problems->Error(AttrPath{"nodes", node.name, "ssh"}, "",
                        std::string(connection.status().message()));
      ++errors;
      continue;
    }
    hosts.labels.push_back(node.name + " (" + HostLabel(node) + ")");
    hosts.where.push_back(HostLabel(node));
    hosts.connections.push_back(*std::move(connection));
  }
  if (errors > 0)
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", errors, " error(s); no host was touched"));
  return hosts;
}

InstalledConfigs ReadInstalledConfigs(const MeshHosts& hosts, Progress& progress,
                                      const ssh::CancelToken* cancel) {
  const size_t n = hosts.spec.nodes.size();
  InstalledConfigs out;
  out.plans.resize(n);
  out.status.resize(n);
  out.hosts.resize(n);
  out.originals.resize(n);
  out.original_objects.resize(n);
  RunOnHosts(
      hosts.labels, progress,
      [&](size_t i, const ProgressFn& step) -> absl::Status {
        auto host = NodeHost::Connect(hosts.connections[i], cancel, step,
                                      progress.Warnings(hosts.labels[i]));
        if (!host.ok()) {
          out.status[i] = host.status();
          return host.status();
        }
        step("reading keys");
        const NodeSpec& node = hosts.spec.nodes[i];
        auto installed = host->ReadInstalled(
            hosts.spec.name, OriginalInterfaceName(hosts.spec.name, Cidr::Parse(node.addr)->HostPart()));
        out.hosts[i] = *std::move(host);
        if (!installed.ok()) {
          out.status[i] = installed.status();
          return absl::IsNotFound(installed.status()) ? absl::OkStatus() : installed.status();
        }
        if (!installed->original_text.empty()) {
          auto original = ParseOriginalConfig(installed->original_text);
          if (!original.ok()) {
            out.status[i] = absl::DataLossError(absl::StrCat(
                hosts.connections[i].target.Describe(), ": ", original.status().message()));
            return out.status[i];
          }
          out.originals[i] = *std::move(original);
          out.original_objects[i] = installed->original_objects;
          return absl::OkStatus();
        }
        ParsedNodePlan parsed = NodePlanFromText(installed->text);
        if (parsed.problems.has_errors()) {
          out.status[i] = absl::DataLossError(absl::StrCat(
              hosts.connections[i].target.Describe(), ": the installed node config of mesh ",
              hosts.spec.name, " is invalid: ", parsed.problems.errors().front().ToString()));
          return out.status[i];
        }
        out.plans[i] = std::move(parsed.plan);
        return absl::OkStatus();
      },
      [&](size_t i) {
        return std::string(out.is_new(i)     ? "new node"
                           : out.adopting(i) ? "keys read from the original tool's config"
                                             : "keys read");
      });
  return out;
}

std::string DescribeAdoption(const MeshSpec& spec, const InstalledConfigs& installed, size_t i) {
  const std::string original = OriginalInterfaceName(
      spec.name, Cidr::Parse(spec.nodes[i].addr)->HostPart());
  return absl::StrCat(
      "adopt the mesh deployed by the original mesh tool (wireguard-mesh 0.2.x; found ",
      absl::StrJoin(installed.original_objects[i], ", "), "): keep its keys and tunnel address, "
      "rename ", original, " -> ", WireguardInterfaceName(spec.name),
      "; the interface is recreated, so this node's WireGuard sessions restart (peers "
      "handshake again within seconds): `wgmesh up --adopt` migrates it");
}

absl::StatusOr<MeshPlan> PlanFromHosts(const MeshSpec& spec, const InstalledConfigs& installed) {
  std::map<std::string, HostKeys> keys;
  // What the readable hosts know about every peer: public key, tunnel address.
  std::map<std::string, std::string> peer_public_key;
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    if (!installed.plans[i]) continue;
    const NodePlan& p = *installed.plans[i];
    HostKeys& h = keys[spec.nodes[i].name];
    h.private_key = KeyFromBase64(p.private_key);
    h.tunnel_address = AddressOf(p.tunnel_address);
    for (const PeerPlan& peer : p.peers) {
      if (auto psk = KeyFromBase64(peer.preshared_key)) h.preshared_keys[peer.name] = *psk;
      peer_public_key[peer.name] = peer.public_key;
      if (!peer.allowed_ips.empty() && !keys[peer.name].tunnel_address) {
        // Filled in only for hosts we could not read (their own entry wins).
        keys[peer.name].tunnel_address = AddressOf(peer.allowed_ips.front());
      }
    }
  }
  // A mesh the original tool deployed: its keys, its tunnel addresses, its
  // preshared keys by peer (named in the config, else found by public key).
  std::map<std::string, std::string> name_of_public_key;
  for (size_t i = 0; i < spec.nodes.size(); ++i)
    if (installed.originals[i])
      name_of_public_key[KeyToBase64(PublicKeyOf(installed.originals[i]->private_key))] =
          spec.nodes[i].name;
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    if (!installed.originals[i]) continue;
    const OriginalConfig& o = *installed.originals[i];
    HostKeys& h = keys[spec.nodes[i].name];
    h.private_key = o.private_key;
    h.tunnel_address = o.tunnel_address;
    for (const OriginalPeer& peer : o.peers) {
      std::string name = peer.name;
      if (name.empty()) {
        auto known = name_of_public_key.find(KeyToBase64(peer.public_key));
        if (known == name_of_public_key.end()) continue;
        name = known->second;
      }
      if (peer.preshared_key) h.preshared_keys[name] = *peer.preshared_key;
      peer_public_key[name] = KeyToBase64(peer.public_key);
    }
  }
  // A host we could read owns its tunnel address; drop guesses for them.
  for (size_t i = 0; i < spec.nodes.size(); ++i)
    if (installed.plans[i])
      keys[spec.nodes[i].name].tunnel_address = AddressOf(installed.plans[i]->tunnel_address);
    else if (installed.originals[i])
      keys[spec.nodes[i].name].tunnel_address = installed.originals[i]->tunnel_address;
    else if (installed.is_new(i))
      keys[spec.nodes[i].name].tunnel_address.reset();

  ExistingKeys source(std::move(keys));
  auto plan = PlanMesh(spec, source);
  if (!plan.ok()) return plan.status();
  // Unreadable hosts keep the public key their peers have for them.
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    if (installed.readable(i)) continue;
    auto known = peer_public_key.find(spec.nodes[i].name);
    if (known == peer_public_key.end()) continue;
    for (NodePlan& np : plan->nodes)
      for (PeerPlan& peer : np.peers)
        if (peer.name == spec.nodes[i].name) peer.public_key = known->second;
  }
  return plan;
}

}  // namespace wgmesh::cli

#include <csignal>

#include "cli/load_mesh.h"

namespace wgmesh::cli {
namespace {

ssh::CancelToken interrupt_token;

extern "C" void OnInterrupt(int) { interrupt_token.Cancel(); }  // lock-free atomic store

}  // namespace

absl::StatusOr<MeshHosts> LoadMeshHosts(const GlobalOptions& options, std::ostream& err,
                                        Problems* problems) {
  auto spec = LoadMesh(options, err, problems);
  auto hosts = spec.ok() ? ResolveHosts(*spec, options, err, problems) : spec.status();
  if (!hosts.ok()) err << "wgmesh: " << hosts.status().message() << "\n";
  return hosts;
}

const ssh::CancelToken* InterruptToken() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return &interrupt_token;
}

}  // namespace wgmesh::cli
