#include "provider/terraform/cty_type.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/json_reader.h"

namespace wgmesh::terraform {
namespace {

absl::Status BadType(const nlohmann::json& json, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("invalid cty type ", json.dump(), ": ", why));
}

}  // namespace

CtyType CtyType::List(CtyType element) {
  CtyType t(Kind::kList);
  t.element_ = std::make_shared<const CtyType>(std::move(element));
  return t;
}

CtyType CtyType::Set(CtyType element) {
  CtyType t(Kind::kSet);
  t.element_ = std::make_shared<const CtyType>(std::move(element));
  return t;
}

CtyType CtyType::Map(CtyType element) {
  CtyType t(Kind::kMap);
  t.element_ = std::make_shared<const CtyType>(std::move(element));
  return t;
}

CtyType CtyType::Object(std::map<std::string, CtyType> attributes, std::set<std::string> optional) {
  CtyType t(Kind::kObject);
  t.attributes_ = std::move(attributes);
  t.optional_ = std::move(optional);
  return t;
}

CtyType CtyType::Tuple(std::vector<CtyType> elements) {
  CtyType t(Kind::kTuple);
  t.elements_ = std::move(elements);
  return t;
}

absl::StatusOr<CtyType> CtyType::Parse(std::string_view json_text) {
  // Depth-limited: FromJson recurses, and the text comes with the value.
  absl::StatusOr<nlohmann::json> json = ParseJsonText(json_text);
  if (!json.ok())
    return absl::InvalidArgumentError(absl::StrCat("cty type is not JSON (", json.status().message(),
                                                   "): ", std::string(json_text.substr(0, 200))));
  return FromJson(*json);
}

absl::StatusOr<CtyType> CtyType::FromJson(const nlohmann::json& json) {
  if (json.is_string()) {
    const std::string& name = json.get_ref<const std::string&>();
    if (name == "string") return String();
    if (name == "number") return Number();
    if (name == "bool") return Bool();
    if (name == "dynamic") return Dynamic();
    return BadType(json, "unknown primitive type");
  }
  if (!json.is_array() || json.size() < 2 || !json[0].is_string()) {
    return BadType(json, "expected a type name or [kind, ...]");
  }
  const std::string& kind = json[0].get_ref<const std::string&>();
  if (kind == "list" || kind == "set" || kind == "map") {
    if (json.size() != 2) return BadType(json, "collections take one element type");
    absl::StatusOr<CtyType> element = FromJson(json[1]);
    if (!element.ok()) return element.status();
    if (kind == "list") return List(*std::move(element));
    if (kind == "set") return Set(*std::move(element));
    return Map(*std::move(element));
  }
  if (kind == "object") {
    if (json.size() > 3 || !json[1].is_object()) return BadType(json, "expected [\"object\", {...}]");
    std::map<std::string, CtyType> attributes;
    for (const auto& [name, attr_json] : json[1].items()) {
      absl::StatusOr<CtyType> attr = FromJson(attr_json);
      if (!attr.ok()) return attr.status();
      attributes.emplace(name, *std::move(attr));
    }
    std::set<std::string> optional;
    if (json.size() == 3) {
      if (!json[2].is_array()) return BadType(json, "optional attributes must be a list");
      for (const nlohmann::json& name : json[2]) {
        if (!name.is_string() || !attributes.contains(name.get<std::string>())) {
          return BadType(json, "optional attribute is not an attribute");
        }
        optional.insert(name.get<std::string>());
      }
    }
    return Object(std::move(attributes), std::move(optional));
  }
  if (kind == "tuple") {
    if (json.size() != 2 || !json[1].is_array()) return BadType(json, "expected [\"tuple\", [...]]");
    std::vector<CtyType> elements;
    for (const nlohmann::json& e : json[1]) {
      absl::StatusOr<CtyType> element = FromJson(e);
      if (!element.ok()) return element.status();
      elements.push_back(*std::move(element));
    }
    return Tuple(std::move(elements));
  }
  return BadType(json, "unknown type kind");
}

nlohmann::json CtyType::ToJson() const {
  switch (kind_) {
    case Kind::kString: return "string";
    case Kind::kNumber: return "number";
    case Kind::kBool: return "bool";
    case Kind::kDynamic: return "dynamic";
    case Kind::kList: return nlohmann::json::array({"list", element_->ToJson()});
    case Kind::kSet: return nlohmann::json::array({"set", element_->ToJson()});
    case Kind::kMap: return nlohmann::json::array({"map", element_->ToJson()});
    case Kind::kObject: {
      nlohmann::json attrs = nlohmann::json::object();
      for (const auto& [name, type] : attributes_) attrs[name] = type.ToJson();
      nlohmann::json out = nlohmann::json::array({"object", attrs});
      if (!optional_.empty()) out.push_back(optional_);
      return out;
    }
    case Kind::kTuple: {
      nlohmann::json elems = nlohmann::json::array();
      for (const CtyType& e : elements_) elems.push_back(e.ToJson());
      return nlohmann::json::array({"tuple", elems});
    }
  }
  return "dynamic";
}

std::string CtyType::ToJsonString() const { return ToJson().dump(); }

bool operator==(const CtyType& a, const CtyType& b) {
  if (a.kind_ != b.kind_) return false;
  if (a.element_ && b.element_ && !(*a.element_ == *b.element_)) return false;
  return a.attributes_ == b.attributes_ && a.optional_ == b.optional_ && a.elements_ == b.elements_;
}

}  // namespace wgmesh::terraform
