// What changed between a resource's old inputs and its new ones, as Pulumi's
// Diff reports it: one entry per changed property path (descending into
// objects and maps so a preview shows `nodes.c` added or
// `nodes.a.endpoint` updated), never into secrets (their structure stays
// hidden) or lists (reported whole). Null and absent are the same; an
// unknown new value is a change.
#ifndef WGMESH_PROVIDER_PULUMI_INPUT_DIFF_H_
#define WGMESH_PROVIDER_PULUMI_INPUT_DIFF_H_

#include <string>
#include <vector>

#include "provider/value.h"

namespace wgmesh::pulumi {

struct InputChange {
  enum class Kind { kAdd, kDelete, kUpdate };
  Kind kind = Kind::kUpdate;
  Path path;  // snake_case, as the handlers name properties
};

// `names`: the resource's input properties (top-level members outside it are
// not inputs and not compared).
std::vector<InputChange> DiffInputs(const Value& olds, const Value& news,
                                    const std::vector<std::string>& names);

// True when `a` is `b` or lies below it, or the other way round.
bool PathsOverlap(const Path& a, const Path& b);

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_INPUT_DIFF_H_
