#include "provider/resources/mesh_spec.h"

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
    // The path in HCL form (nodes["web.example"].addr): engines do not always show the path.
    std::string detail = path.empty() ? p.rule : absl::StrCat(PathString(path), ": ", p.rule);
    if (!p.value.empty()) detail = absl::StrCat(detail, " (got \"", p.value, "\")");
    Diagnostic d = p.severity == Problem::Severity::kError
                       ? Error(absl::StrCat("Invalid ", std::string(what), ": ", p.rule), detail)
                       : Warning(absl::StrCat(std::string(what), ": ", p.rule), detail);
    d.path = std::move(path);
    out.push_back(std::move(d));
  }
  return out;
}

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
  if (out.known) {
    problems.Append(ValidateMesh(out.spec));
  } else {
    // Type errors in known values stand; a missing field may just be unknown.
    Problems known_only;
    for (const Problem& p : problems.all()) {
      const Value* at = Find(inputs, ToValuePath(p.path, props));
      if (at == nullptr || at->is_null() || at->is_unknown()) continue;
      if (p.severity == Problem::Severity::kError)
        known_only.Error(p.path, p.value, p.rule);
      else
        known_only.Warning(p.path, p.value, p.rule);
    }
    problems = known_only;
  }
  out.diagnostics = ToDiagnostics(problems, props, "mesh");
  return out;
}

}  // namespace wgmesh::resources
