// The catalogue of invalid inputs (tests/data/invalid/*.json, README there):
// loading the cases, building each case's input, and comparing a front end's
// errors with the case's expected attribute path and rule. Shared by the
// in-process test (invalid_catalogue_test.cc) and the one through the real
// engines (tests/e2e/catalogue_engines_test.cc).
#ifndef WGMESH_TESTS_PROTOCOL_INVALID_CATALOGUE_H_
#define WGMESH_TESTS_PROTOCOL_INVALID_CATALOGUE_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace wgmesh::catalogue {

struct Case {
  std::string name;      // the file name
  std::string resource;  // mesh | node | connection | provider
  nlohmann::json set;    // where in the base input the value goes (list of keys)
  nlohmann::json value;
  std::string path;  // expected attribute path, snake_case, dotted
  std::string rule;  // a part of the expected rule text
  std::vector<std::string> fronts;
};

// Every case, sorted by file name.
std::vector<Case> LoadCases();

// The case's input for its resource: the base (tests/data/invalid/base) with
// the value set. A node's (and a connection case's) `config` is the JSON text
// of node a of the base mesh; `connection` is merged into the Node's
// connection (where the case's connection points). Strings may hold "\xHH"
// escapes (RawBytes). Fails when the base mesh does not plan.
absl::StatusOr<nlohmann::json> CaseInput(const Case& c, const nlohmann::json& connection);

// "\xHH" in a case's strings stands for the raw byte (JSON cannot hold
// invalid UTF-8).
std::string RawBytes(const std::string& s);
// JSON text in which "\xHH" in strings became raw bytes.
std::string JsonWithRawBytes(const nlohmann::json& doc);
// True when some string (or key) of `doc` holds a "\xHH" escape: a raw byte
// that no engine's configuration language can carry.
bool HasRawBytes(const nlohmann::json& doc);

// Paths in one form for comparison: nodes["a"].peers[0] -> nodes.a.peers.0.
std::string Dotted(std::string path);
// The expected path as the CLI shows it (odd segments JSON-quoted).
std::string CliPath(const std::string& dotted);
// The expected path as Pulumi names it: camelCase property names (`in_map`:
// the second segment is a map key, kept as it is).
std::string CamelPath(const std::string& dotted, bool in_map);

// What a front end answered: one line per error, "<dotted path>: <text>".
using Answer = std::vector<std::string>;
bool Matches(const Answer& answer, const std::string& path, const std::string& rule);
std::string Show(const Answer& answer);

}  // namespace wgmesh::catalogue

#endif  // WGMESH_TESTS_PROTOCOL_INVALID_CATALOGUE_H_
