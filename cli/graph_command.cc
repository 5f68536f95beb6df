// `wgmesh graph [--from-spec] [-T dot|svg|png] [-o FILE]`: the mesh as a
// Graphviz picture (cli/graph.h), from the live state `info` reads or, with
// --from-spec, from the description alone (no host contacted). SVG and PNG
// are drawn by Graphviz's `dot`, run without a shell.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/graph.h"
#include "cli/info.h"
#include "cli/result.h"
#include "cli/ssh_target.h"
#include "core/keys.h"

extern char** environ;

namespace wgmesh::cli {
namespace {

constexpr char kGraphUsage[] =
    "usage: wgmesh [-f FILE] [-J] [-q] [--ssh-config FILE] graph [--from-spec]\n"
    "                                                   [-T dot|svg|png] [-o FILE]\n"
    "\n"
    "Draws the mesh as a Graphviz graph: each node with its address, one edge per\n"
    "peering, the STP root with a double border, ports STP blocks dashed, peers\n"
    "without a handshake in the last 180 s in red, the bridge MTU in the legend.\n"
    "Reads every host as `info` does; with --from-spec draws the planned topology\n"
    "from the description alone, contacting no host. With -J prints the graph as\n"
    "JSON instead.\n"
    "\n"
    "  --from-spec   the planned topology; no host is contacted\n"
    "  -T FORMAT     dot (the default: DOT text), svg or png (need Graphviz's `dot`)\n"
    "  -o FILE       write to FILE instead of standard output\n";

// Runs `dot -T<format>` with `dot_text` on its stdin and its stdout on `out_fd`.
absl::Status RunDot(const std::string& format, const std::string& dot_text, int out_fd) {
  int in[2];
  if (pipe(in) != 0) return absl::InternalError(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_addclose(&actions, in[1]);
  const std::string type = "-T" + format;
  char* argv[] = {const_cast<char*>("dot"), const_cast<char*>(type.c_str()), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  if (spawned != 0) {
    close(in[1]);
    return absl::FailedPreconditionError(
        "cannot run Graphviz's `dot` (" + std::string(std::strerror(spawned)) +
        "): install graphviz for -T " + format + ", or use -T dot");
  }
  size_t written = 0;
  while (written < dot_text.size()) {
    const ssize_t n = write(in[1], dot_text.data() + written, dot_text.size() - written);
    if (n <= 0) break;  // dot exited early: its status says why
    written += static_cast<size_t>(n);
  }
  close(in[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return absl::InternalError("`dot -T" + format + "` failed");
  return absl::OkStatus();
}

// Writes the picture to `path` ("" = stdout).
absl::Status WritePicture(const std::string& format, const std::string& dot_text,
                          const std::string& path) {
  if (format == "dot") {
    if (path.empty()) {
      std::cout << dot_text << std::flush;
      return absl::OkStatus();
    }
    std::ofstream out(path);
    out << dot_text;
    out.close();
    return out ? absl::OkStatus() : absl::InternalError(path + ": cannot write");
  }
  std::cout.flush();
  if (path.empty()) return RunDot(format, dot_text, 1);
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InternalError(path + ": cannot write: " + std::strerror(errno));
  absl::Status st = RunDot(format, dot_text, fd);
  close(fd);
  return st;
}

}  // namespace

int RunGraph(const GlobalOptions& options) {
  bool from_spec = false;
  std::string format = "dot", path;
  for (size_t i = 0; i < options.args.size(); ++i) {
    const std::string& a = options.args[i];
    if (a == "--from-spec") {
      from_spec = true;
    } else if ((a == "-T" || a == "-o") && i + 1 < options.args.size()) {
      (a == "-T" ? format : path) = options.args[++i];
    } else {
      return UsageOrHelp(options, "graph", a, kGraphUsage);
    }
  }
  if (format != "dot" && format != "svg" && format != "png")
    return UsageError(options, "graph", "-T " + format + ": must be dot, svg or png", kGraphUsage);

  MeshGraph graph;
  Json errors = Json::array();
  if (from_spec) {
    auto spec = LoadMeshFor(options, "graph");
    if (!spec.ok()) return kExitFailure;
    SeedKeys keys(RandomKey());  // the topology needs no real key
    auto plan = PlanMesh(*spec, keys);
    if (!plan.ok()) {
      std::cerr << "wgmesh: " << plan.status().message() << "\n";
      return FailureDocument(options, "graph", "spec", plan.status().message());
    }
    std::vector<std::string> hosts;
    for (const NodeSpec& n : spec->nodes) hosts.push_back(HostLabel(n));
    graph = PlannedGraph(*spec, *plan, hosts);
  } else {
    auto info = ReadMeshInfo(options, "graph");
    if (!info.ok()) return kExitFailure;
    graph = PlannedGraph(info->hosts.spec, info->plan, info->hosts.where);
    AddLiveState(info->doc, graph);
    errors = std::move(info->errors);
  }
  const bool ok = errors.empty();
  if (options.json_output) {
    PrintJson(GraphToJson(graph), "graph", ok, std::move(errors), std::cout);
    return ok ? kExitOk : kExitFailure;
  }
  if (absl::Status st = WritePicture(format, GraphToDot(graph), path); !st.ok()) {
    std::cerr << "wgmesh graph: " << st.message() << "\n";
    return kExitFailure;
  }
  return ok ? kExitOk : kExitFailure;
}

}  // namespace wgmesh::cli
