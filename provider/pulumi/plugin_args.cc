#include "provider/pulumi/plugin_args.h"

namespace wgmesh::pulumi {

PluginArgs ParsePluginArgs(const std::vector<std::string>& args) {
  PluginArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--tracing" || a == "-tracing") {
      ++i;  // its value is the next argument
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;  // --logtostderr, -v=9, --tracing=...
    if (out.engine_address.empty()) out.engine_address = a;
  }
  return out;
}

}  // namespace wgmesh::pulumi
