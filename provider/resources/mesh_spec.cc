#include "provider/resources/mesh_spec.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "core/spec_parse.h"
#include "core/validate.h"
#include "provider/value_json.h"

namespace wgmesh::resources {

Value WithoutNullsAndUnknowns(const Value& v) {
  if (v.has_members()) {
    Value out = v.is_map() ? Value::Map() : Value::Object();
    for (const auto& [k, m] : v.members())
      if (!m.is_null() && !m.is_unknown()) out.Set(k, WithoutNullsAndUnknowns(m));
    return out;
  }
  if (v.is_list()) {
    Value out = Value::List();
    for (const Value& e : v.elements())
      if (!e.is_unknown()) out.Append(WithoutNullsAndUnknowns(e));
    return out;
  }
  return v;
}

Diagnostics ToDiagnostics(const Problems& problems, const std::vector<Property>& properties,
                          std::string_view what) {
  Diagnostics out;
  for (const Problem& p : problems.all()) {
    Path path = ToValuePath(p.path, properties);
    // The path is the diagnostic's own; each engine adapter prints it once, in its form.
    std::string detail = p.rule;
    if (!p.value.empty()) detail = absl::StrCat(detail, " (got \"", p.value, "\")");
    Diagnostic d = p.severity == Problem::Severity::kError
                       ? Error(absl::StrCat("Invalid ", std::string(what)), detail)
                       : Warning(absl::StrCat("Note on the ", std::string(what)), detail);
    d.path = std::move(path);
    out.push_back(std::move(d));
  }
  return out;
}

namespace {

using Segments = std::vector<std::string>;

// True when the input at `at` (core path segments) is wholly known. An absent
// member is known (null); a step into an unknown value is not.
bool KnownAt(const Value& root, const Segments& at) {
  const Value* cur = &root;
  for (const std::string& seg : at) {
    if (cur->is_unknown()) return false;
    if (cur->has_members()) {
      cur = cur->Get(seg);
    } else if (cur->is_list()) {
      size_t i = 0;
      auto [ptr, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), i);
      if (ec != std::errc() || i >= cur->elements().size()) return true;
      cur = &cur->elements()[i];
    } else {
      return true;
    }
    if (cur == nullptr) return true;
  }
  return cur->IsWhollyKnown();
}

// The inputs a problem at `path` was judged on, besides the value at `path`
// itself. A problem stands only when all of them are known: an unknown input
// left out of the spec reads as absent or as its default and could raise an
// error that is not there. Derived from the rules of core/validate.cc.
std::vector<Segments> Inputs(const Segments& path, const Value& inputs) {
  std::vector<Segments> out;
  auto every_node = [&](const char* field) {
    if (const Value* nodes = inputs.has_members() ? inputs.Get("nodes") : nullptr;
        nodes && nodes->has_members())
      for (const auto& [name, unused] : nodes->members()) out.push_back({"nodes", name, field});
  };
  if (path.empty()) return out;
  if (path[0] == "stp") return {{"full"}};
  if (path[0] == "underlay_mtu") return {{"underlay_family"}, {"tunnel_type"}, {"network"}};
  if (path[0] != "nodes" || path.size() < 3) return out;
  const std::string& field = path[2];
  out.push_back({"name"});
  if (field == "addr") {
    out.insert(out.end(), {{"network"}, {"tunnel_type"}});
  } else if (field == "endpoint" || field == "peers") {
    // Duplicate host:port (every listen port), topology (every peers list and
    // endpoint, `full`), IPv6 endpoints on an ipv4 underlay.
    out.insert(out.end(), {{"full"}, {"underlay_family"}});
    every_node("endpoint");
    every_node("listen_port");
    every_node("peers");
  }
  return out;
}

// True when the mesh's node names are known: `nodes` and each entry are not
// unknown as a whole (their fields may be).
bool NodeNamesKnown(const Value& inputs) {
  const Value* nodes = inputs.has_members() ? inputs.Get("nodes") : nullptr;
  if (nodes == nullptr || !nodes->has_members()) return nodes == nullptr || !nodes->is_unknown();
  for (const auto& [name, node] : nodes->members())
    if (node.is_unknown()) return false;
  return true;
}

// The problems that are certain while some inputs are unknown.
Problems Decidable(const Problems& problems, const Value& inputs) {
  Problems out;
  for (const Problem& p : problems.all()) {
    const Segments& at = p.path.segments();
    // Under `nodes`: the node names decide "names no node", the count, the
    // topology; a node's own entry (the name rule) is judged by its key alone.
    const bool under_nodes = !at.empty() && at[0] == "nodes";
    bool known = under_nodes ? NodeNamesKnown(inputs) : true;
    if (!under_nodes || at.size() >= 3) known = known && KnownAt(inputs, at);
    for (const Segments& dep : Inputs(p.path.segments(), inputs)) known = known && KnownAt(inputs, dep);
    if (!known) continue;
    if (p.severity == Problem::Severity::kError)
      out.Error(p.path, p.value, p.rule);
    else
      out.Warning(p.path, p.value, p.rule);
  }
  return out;
}

}  // namespace

MeshInputs ReadMeshInputs(const Value& inputs) {
  MeshInputs out;
  const auto& props = Schema().Resource("wgmesh:index:Mesh").properties;
  out.known = inputs.IsWhollyKnown();
  // Only the inputs reach the core parser; outputs in a state are ignored.
  Value in = Value::Object();
  if (inputs.has_members())
    for (const Property& p : props)
      if (const Value* v = inputs.Get(p.name); p.input && v) in.Set(p.name, *v);
  absl::StatusOr<nlohmann::json> doc = ToJson(WithoutNullsAndUnknowns(in).WithoutMarks());
  if (!doc.ok()) {
    out.known = false;
    out.diagnostics.push_back(Error("Invalid mesh", std::string(doc.status().message())));
    return out;
  }
  ParsedSpec parsed = SpecFromDocument(*doc);
  out.spec = std::move(parsed.spec);
  Problems problems = parsed.problems;
  // Every rule runs; with unknown inputs (left out of the spec above), only the
  // problems whose inputs are all known are reported.
  problems.Append(ValidateMesh(out.spec));
  if (!out.known) problems = Decidable(problems, in);
  out.diagnostics = ToDiagnostics(problems, props, "mesh");
  return out;
}

}  // namespace wgmesh::resources
