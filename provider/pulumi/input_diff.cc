#include "provider/pulumi/input_diff.h"

#include <algorithm>
#include <set>

namespace wgmesh::pulumi {
namespace {

bool Absent(const Value* v) { return v == nullptr || v->is_null(); }

void Compare(const Value* old_v, const Value* new_v, Path& path,
             std::vector<InputChange>& out) {
  if (Absent(old_v) && Absent(new_v)) return;
  if (Absent(old_v)) {
    out.push_back({InputChange::Kind::kAdd, path});
    return;
  }
  if (Absent(new_v)) {
    out.push_back({InputChange::Kind::kDelete, path});
    return;
  }
  const bool descend = old_v->has_members() && new_v->has_members() && !old_v->secret() &&
                       !new_v->secret();
  if (!descend) {
    if (!EqualIgnoringMarks(*old_v, *new_v)) out.push_back({InputChange::Kind::kUpdate, path});
    return;
  }
  std::set<std::string> keys;
  for (const auto& [k, v] : old_v->members()) keys.insert(k);
  for (const auto& [k, v] : new_v->members()) keys.insert(k);
  const bool is_map = old_v->is_map() || new_v->is_map();
  for (const std::string& k : keys) {
    path.push_back(is_map ? PathStep::Key(k) : PathStep::Attribute(k));
    Compare(old_v->Get(k), new_v->Get(k), path, out);
    path.pop_back();
  }
}

}  // namespace

std::vector<InputChange> DiffInputs(const Value& olds, const Value& news,
                                    const std::vector<std::string>& names) {
  std::vector<InputChange> out;
  Path path;
  for (const std::string& name : names) {
    path.push_back(PathStep::Attribute(name));
    Compare(olds.Get(name), news.Get(name), path, out);
    path.pop_back();
  }
  return out;
}

bool PathsOverlap(const Path& a, const Path& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const PathStep& x = a[i];
    const PathStep& y = b[i];
    if (x.kind == PathStep::Kind::kIndex || y.kind == PathStep::Kind::kIndex) {
      if (x.kind != y.kind || x.index != y.index) return false;
    } else if (x.name != y.name) {  // attribute and key steps name members alike
      return false;
    }
  }
  return true;
}

}  // namespace wgmesh::pulumi
