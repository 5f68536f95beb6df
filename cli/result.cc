#include "cli/result.h"

#include <iostream>

#include "cli/load_mesh.h"

namespace wgmesh::cli {
namespace {

// The document of a command that failed before it touched any host.
void PrintLoadFailure(const GlobalOptions& options, absl::string_view command,
                      const absl::Status& status, const Problems& problems) {
  if (!options.json_output) return;
  Json errors = Json::array();
  for (const Problem& p : problems.errors()) errors.push_back(SpecError(p));
  // A file that cannot be read or parsed has no problem list: its message.
  if (errors.empty()) errors.push_back(PlainError("spec", status.message()));
  PrintJson(Json::object(), command, false, std::move(errors), std::cout);
}

}  // namespace

Json SpecError(const Problem& problem) {
  return Json{{"kind", "spec"},
              {"message", problem.ToString()},
              {"path", problem.path.ToString()},
              {"path_segments", problem.path.segments()},
              {"value", problem.value},
              {"rule", problem.rule}};
}

Json HostError(const std::string& node, const std::string& host, const std::string& step,
               absl::string_view message) {
  return Json{{"kind", "host"}, {"node", node},  {"host", host},
              {"step", step},   {"message", std::string(message)}};
}

Json PlainError(absl::string_view kind, absl::string_view message) {
  return Json{{"kind", std::string(kind)}, {"message", std::string(message)}};
}

void PrintJson(Json doc, absl::string_view command, bool ok, Json errors, std::ostream& out) {
  doc["format_version"] = kJsonFormatVersion;
  doc["command"] = std::string(command);
  doc["ok"] = ok;
  doc["errors"] = errors.is_array() ? std::move(errors) : Json::array();
  out << doc.dump(2) << "\n";
}

int FailureDocument(const GlobalOptions& options, absl::string_view command, absl::string_view kind,
                    absl::string_view message) {
  if (options.json_output)
    PrintJson(Json::object(), command, false, Json::array({PlainError(kind, message)}), std::cout);
  return kExitFailure;
}

int UsageError(const GlobalOptions& options, absl::string_view command, absl::string_view message,
               absl::string_view usage) {
  std::cerr << "wgmesh" << (command.empty() ? "" : " ") << command << ": " << message << "\n\n"
            << usage;
  if (options.json_output)
    PrintJson(Json::object(), command, false, Json::array({PlainError("usage", message)}),
              std::cout);
  return kExitUsage;
}

int UsageOrHelp(const GlobalOptions& options, absl::string_view command, const std::string& arg,
                absl::string_view usage) {
  if (arg == "--help" || arg == "-h") {
    std::cout << usage;
    return kExitOk;
  }
  return UsageError(options, command, "unknown argument " + arg, usage);
}

absl::StatusOr<MeshSpec> LoadMeshFor(const GlobalOptions& options, absl::string_view command) {
  Problems problems;
  auto spec = LoadMesh(options, std::cerr, &problems);
  if (!spec.ok()) {
    std::cerr << "wgmesh: " << spec.status().message() << "\n";
    PrintLoadFailure(options, command, spec.status(), problems);
  }
  return spec;
}

absl::StatusOr<MeshHosts> LoadMeshHostsFor(const GlobalOptions& options,
                                           absl::string_view command) {
  Problems problems;
  auto hosts = LoadMeshHosts(options, std::cerr, &problems);
  if (!hosts.ok()) PrintLoadFailure(options, command, hosts.status(), problems);
  return hosts;
}

}  // namespace wgmesh::cli
