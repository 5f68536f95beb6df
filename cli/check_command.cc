// `wgmesh check`: validates the mesh description and every node's `ssh`
// (key files read, aliases looked up in the ssh_config file). Touches no host.
// With -J it prints what wgmesh understood: the mesh in wgmesh's own field
// names and, per node, where it would connect.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/keys_from_hosts.h"
#include "cli/result.h"
#include "core/spec_parse.h"

namespace wgmesh::cli {

int RunCheck(const GlobalOptions& options) {
  if (!options.args.empty())
    return UsageOrHelp(options, "check", options.args[0],
                       "usage: wgmesh [-f FILE] [-J] [--ssh-config FILE] check\n\n"
                       "Validates the mesh description and every node's ssh connection, and prints\n"
                       "every problem with its field path. Touches no host. With -J prints the mesh\n"
                       "as wgmesh reads it and where each node would be reached. Exit status 0\n"
                       "when valid, 1 when not.\n");
  auto hosts = LoadMeshHostsFor(options, "check");
  if (!hosts.ok()) return kExitFailure;
  const MeshSpec& spec = hosts->spec;
  if (options.json_output) {
    Json connections = Json::object();
    for (size_t i = 0; i < spec.nodes.size(); ++i) {
      const ssh::Target& t = hosts->connections[i].target;
      Json c = {{"describe", t.Describe()}, {"host", t.host},
                          {"user", t.credentials.user}, {"port", t.port}};
      if (!t.config_alias.empty()) c["alias"] = t.config_alias;
      connections[spec.nodes[i].name] = c;
    }
    Json doc = {{"valid", true}, {"spec", SpecToDocument(spec)}, {"connections", connections}};
    PrintJson(std::move(doc), "check", true, Json::array(), std::cout);
  } else if (!options.quiet) {
    std::cout << "mesh " << spec.name << ": " << spec.nodes.size() << " nodes, valid\n";
  }
  return kExitOk;
}

}  // namespace wgmesh::cli
