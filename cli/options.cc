#include "cli/options.h"

namespace wgmesh::cli {

absl::StatusOr<GlobalOptions> ParseGlobalOptions(const std::vector<std::string>& argv) {
  GlobalOptions o;
  bool json_flag = false;
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    // The original's long spellings (--file, --json, --json-out, --quiet) too.
    if (a == "-f" || a == "--file") {
      if (i + 1 >= argv.size()) return absl::InvalidArgumentError(a + " needs a file name (or -)");
      o.file = argv[++i];
    } else if (a.rfind("--file=", 0) == 0) {
      o.file = a.substr(7);
    } else if (a == "-j" || a == "--json") {
      json_flag = true;
    } else if (a == "-J" || a == "--json-out") {
      o.json_output = true;
    } else if (a == "-q" || a == "--quiet") {
      o.quiet = true;
    } else if (a == "--ssh-config") {
      if (i + 1 >= argv.size()) return absl::InvalidArgumentError("--ssh-config needs a file name");
      o.ssh_config = argv[++i];
    } else if (a.rfind("--ssh-config=", 0) == 0) {
      o.ssh_config = a.substr(13);
    } else if (a == "-h" || a == "--help") {
      o.command = "help";
      return o;
    } else if (a == "--version") {
      o.command = "version";
      return o;
    } else if (!a.empty() && a[0] == '-') {
      return absl::InvalidArgumentError("unknown option " + a);
    } else {
      break;
    }
  }
  if (i == argv.size()) return absl::InvalidArgumentError("no command given");
  o.command = argv[i];
  o.args.assign(argv.begin() + static_cast<long>(i) + 1, argv.end());
  const bool json_name = o.file.size() > 5 && o.file.substr(o.file.size() - 5) == ".json";
  o.json_input = json_flag || json_name;
  return o;
}

}  // namespace wgmesh::cli
