#include "core/yaml_merge.h"

#include <string>

namespace wgmesh {
namespace {

using nlohmann::json;

constexpr char kMergeKey[] = "<<";
constexpr int kMaxDepth = 64;  // the documents are small; a deeper one is refused

absl::Status Resolve(json& v, const std::string& path, int depth) {
  if (depth > kMaxDepth)
    return absl::InvalidArgumentError(path + ": nested deeper than " + std::to_string(kMaxDepth));
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      if (absl::Status st = Resolve(v[i], path + "." + std::to_string(i), depth + 1); !st.ok())
        return st;
    return absl::OkStatus();
  }
  if (!v.is_object()) return absl::OkStatus();
  for (auto& [key, value] : v.items())
    if (key != kMergeKey)
      if (absl::Status st = Resolve(value, path.empty() ? key : path + "." + key, depth + 1);
          !st.ok())
        return st;
  auto merge = v.find(kMergeKey);
  if (merge == v.end()) return absl::OkStatus();
  json sources = merge->is_array() ? *merge : json::array({*merge});
  const std::string at = path.empty() ? kMergeKey : path + "." + kMergeKey;
  v.erase(merge);
  for (json& source : sources) {
    if (!source.is_object())
      return absl::InvalidArgumentError(at + ": a merge key (<<) takes a mapping or a list of "
                                        "mappings");
    if (absl::Status st = Resolve(source, at, depth + 1); !st.ok()) return st;
    for (auto& [key, value] : source.items())
      if (!v.contains(key)) v[key] = value;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ResolveYamlMergeKeys(json& doc) { return Resolve(doc, "", 0); }

}  // namespace wgmesh
