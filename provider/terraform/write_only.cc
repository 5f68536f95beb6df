#include "provider/terraform/write_only.h"

#include "absl/strings/str_cat.h"

namespace wgmesh::terraform {
namespace {

struct WriteOnlyField {
  const char* name;    // private_key_wo
  const char* stands;  // private_key
};
constexpr char kConnectionToken[] = "wgmesh:index:Connection";
constexpr WriteOnlyField kFields[] = {{"private_key_wo", "private_key"}, {"password_wo", "password"}};

// The connection object of a Node value, or nullptr.
const Value* Connection(const Value& v) {
  const Value* c = v.has_members() ? v.Get("connection") : nullptr;
  return c && c->has_members() ? c : nullptr;
}

bool IsSet(const Value* v) { return v != nullptr && !v->is_null(); }

}  // namespace

void AddWriteOnlyAttributes(std::string_view token,
                            google::protobuf::RepeatedPtrField<tfplugin6::Schema::Attribute>* out) {
  if (token != kConnectionToken) return;
  for (const WriteOnlyField& f : kFields) {
    tfplugin6::Schema::Attribute* a = out->Add();
    a->set_name(f.name);
    a->set_type(CtyType::String().ToJsonString());
    a->set_optional(true);
    a->set_sensitive(true);
    a->set_write_only(true);
    a->set_description(absl::StrCat(
        "Write-only `", f.stands, "`: used to create and update the node, never stored in plan or "
        "state (Terraform/OpenTofu >= 1.11). Destroy and refresh get no configuration from the "
        "engine and use the provider's credentials: set them there (recommended)."));
    a->set_description_kind(tfplugin6::MARKDOWN);
  }
}

void AddWriteOnlyTypes(std::string_view token, std::map<std::string, CtyType>* attributes) {
  if (token != kConnectionToken) return;
  for (const WriteOnlyField& f : kFields) (*attributes)[f.name] = CtyType::String();
}

resources::Diagnostics CheckWriteOnly(const Value& config, bool engine_supports) {
  resources::Diagnostics out;
  const Value* conn = Connection(config);
  if (conn == nullptr || engine_supports) return out;
  for (const WriteOnlyField& f : kFields)
    if (IsSet(conn->Get(f.name)))
      out.push_back(resources::Error(
          "Write-only attribute not supported by this engine",
          absl::StrCat("this Terraform/OpenTofu cannot keep ", f.name,
                       " out of state (write-only attributes need version 1.11 or later): set ",
                       f.stands, " in the provider configuration instead"),
          {PathStep::Attribute("connection"), PathStep::Attribute(f.name)}));
  return out;
}

Value WithoutWriteOnly(const Value& state) {
  const Value* conn = Connection(state);
  if (conn == nullptr) return state;
  Value c = *conn;
  for (const WriteOnlyField& f : kFields)
    if (c.Get(f.name)) c.Set(f.name, Value::Null());
  Value out = state;
  out.Set("connection", std::move(c));
  return out;
}

Value WriteOnlySecrets(const Value& config) {
  const Value* conn = Connection(config);
  if (conn == nullptr) return Value::Null();
  Value out = Value::Object();
  bool any = false;
  for (const WriteOnlyField& f : kFields)
    if (const Value* v = conn->Get(f.name); IsSet(v)) {
      out.Set(f.stands, *v);
      any = true;
    }
  return any ? out : Value::Null();
}

}  // namespace wgmesh::terraform
