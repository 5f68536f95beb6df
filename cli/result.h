// How every `wgmesh` command ends: its exit code and, with -J, one JSON
// document on stdout with a fixed envelope (docs/cli.md, "JSON output"):
//
//   { ...the command's own keys...,
//     "format_version": 1,      bumped only when a key changes meaning or goes
//     "command": "plan",
//     "ok": true,               false exactly when the exit code is not 0
//                               (plan --detailed-exitcode: 0 or 2 are ok)
//     "errors": [ {"kind": "usage"|"spec"|"host", "message": "...", ...} ] }
//
// The envelope comes after the command's keys so that `info` keeps the
// original tool's keys first. Text output never changes with -J: errors are
// still printed to stderr as text; the JSON document is added on stdout.
#pragma once

#include <ostream>
#include <string>
#include "absl/strings/string_view.h"

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "cli/keys_from_hosts.h"
#include "cli/options.h"
#include "core/problems.h"

namespace wgmesh::cli {

inline constexpr int kJsonFormatVersion = 1;

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // a spec error, or a host failed
inline constexpr int kExitUsage = 2;    // bad command line
inline constexpr int kExitChanges = 2;  // plan --detailed-exitcode: changes pending

using Json = nlohmann::ordered_json;

// The error objects of "errors". A spec problem: kind "spec", path (dotted, as
// in the text) and path_segments, value, rule. A host failure: kind "host",
// node, host (the `ssh` as written), step, message.
Json SpecError(const Problem& problem);
Json HostError(const std::string& node, const std::string& host, const std::string& step,
               absl::string_view message);
Json PlainError(absl::string_view kind, absl::string_view message);

// Adds the envelope to `doc` and prints it (2-space indent).
void PrintJson(Json doc, absl::string_view command, bool ok, Json errors, std::ostream& out);

// A failure with one error whose text the caller printed on stderr: with -J
// its error document on stdout. Returns kExitFailure.
int FailureDocument(const GlobalOptions& options, absl::string_view command, absl::string_view kind,
                    absl::string_view message);

// A command-line error: `wgmesh COMMAND: MESSAGE` and the usage on stderr,
// the error document on stdout with -J. Returns kExitUsage. `--help` is not
// an error: UsageOrHelp prints the usage on stdout and returns kExitOk.
int UsageError(const GlobalOptions& options, absl::string_view command, absl::string_view message,
               absl::string_view usage);
int UsageOrHelp(const GlobalOptions& options, absl::string_view command, const std::string& arg,
                absl::string_view usage);

// Loads and validates the mesh (LoadMesh), or also resolves every node's
// connection (LoadMeshHosts). On failure the text errors are on stderr and,
// with -J, the error document (every problem with its path) on stdout; the
// command then exits kExitFailure.
absl::StatusOr<MeshSpec> LoadMeshFor(const GlobalOptions& options, absl::string_view command);
absl::StatusOr<MeshHosts> LoadMeshHostsFor(const GlobalOptions& options, absl::string_view command);

}  // namespace wgmesh::cli
