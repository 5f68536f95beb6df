// CtyType: a Terraform (go-cty) type, as schemas carry it in `Attribute.type`.
//
// The JSON form: primitives are strings ("string", "number", "bool", "dynamic");
// collections are ["list", T], ["set", T], ["map", T]; structurals are
// ["object", {"name": T, ...}] (optionally a third element: the list of optional attribute
// names, seen in type constraints) and ["tuple", [T, ...]]. ToJson writes the compact form
// Terraform expects, keys sorted.
#ifndef WGMESH_PROVIDER_TERRAFORM_CTY_TYPE_H_
#define WGMESH_PROVIDER_TERRAFORM_CTY_TYPE_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace wgmesh::terraform {

class CtyType {
 public:
  enum class Kind { kString, kNumber, kBool, kDynamic, kList, kSet, kMap, kObject, kTuple };

  CtyType() = default;  // dynamic
  static CtyType String() { return CtyType(Kind::kString); }
  static CtyType Number() { return CtyType(Kind::kNumber); }
  static CtyType Bool() { return CtyType(Kind::kBool); }
  static CtyType Dynamic() { return CtyType(Kind::kDynamic); }
  static CtyType List(CtyType element);
  static CtyType Set(CtyType element);
  static CtyType Map(CtyType element);
  static CtyType Object(std::map<std::string, CtyType> attributes,
                        std::set<std::string> optional = {});
  static CtyType Tuple(std::vector<CtyType> elements);

  // Parses type JSON bytes such as ["list","string"].
  static absl::StatusOr<CtyType> Parse(std::string_view json_text);
  static absl::StatusOr<CtyType> FromJson(const nlohmann::json& json);
  nlohmann::json ToJson() const;
  std::string ToJsonString() const;  // compact: ["object",{"a":"string"}]

  Kind kind() const { return kind_; }
  bool is_primitive() const {
    return kind_ == Kind::kString || kind_ == Kind::kNumber || kind_ == Kind::kBool;
  }
  bool is_collection() const {
    return kind_ == Kind::kList || kind_ == Kind::kSet || kind_ == Kind::kMap;
  }
  // Element type of a list, set or map.
  const CtyType& element() const { return *element_; }
  // Attribute types of an object.
  const std::map<std::string, CtyType>& attributes() const { return attributes_; }
  const std::set<std::string>& optional_attributes() const { return optional_; }
  // Element types of a tuple.
  const std::vector<CtyType>& elements() const { return elements_; }

  friend bool operator==(const CtyType& a, const CtyType& b);

 private:
  explicit CtyType(Kind kind) : kind_(kind) {}

  Kind kind_ = Kind::kDynamic;
  std::shared_ptr<const CtyType> element_;
  std::map<std::string, CtyType> attributes_;
  std::set<std::string> optional_;
  std::vector<CtyType> elements_;
};

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_CTY_TYPE_H_
