#include "provider/terraform/timeouts.h"

#include <cctype>

#include "absl/strings/str_cat.h"

namespace wgmesh::terraform {
namespace {

constexpr const char* kOperations[] = {"create", "update", "delete"};

const Value* Block(const Value& state) {
  const Value* b = state.has_members() ? state.Get(kTimeouts) : nullptr;
  return b && b->has_members() ? b : nullptr;
}

}  // namespace

bool HasTimeouts(std::string_view resource_token) { return resource_token == "wgmesh:index:Node"; }

void AddTimeoutsBlock(tfplugin6::Schema::Block* block) {
  tfplugin6::Schema::NestedBlock* nested = block->add_block_types();
  nested->set_type_name(kTimeouts);
  nested->set_nesting(tfplugin6::Schema::NestedBlock::SINGLE);
  tfplugin6::Schema::Block* b = nested->mutable_block();
  b->set_description("Time limits for the host operations, e.g. `create = \"10m\"`.");
  b->set_description_kind(tfplugin6::MARKDOWN);
  for (const char* op : kOperations) {
    tfplugin6::Schema::Attribute* a = b->add_attributes();
    a->set_name(op);
    a->set_type(CtyType::String().ToJsonString());
    a->set_optional(true);
    a->set_description(absl::StrCat("How long the ", op,
                                    " may take on the host before it is stopped, as a duration "
                                    "like \"90s\", \"10m\" or \"1h30m\". Default: no limit beyond "
                                    "the connection's own timeouts."));
    a->set_description_kind(tfplugin6::MARKDOWN);
  }
}

CtyType TimeoutsType() {
  std::map<std::string, CtyType> attrs;
  for (const char* op : kOperations) attrs[op] = CtyType::String();
  return CtyType::Object(std::move(attrs));
}

absl::StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat("\"", std::string(text),
                                                   "\" is not a duration like \"90s\", \"10m\" or \"1h30m\""));
  };
  if (text.empty()) return invalid();
  int64_t total_ms = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    int64_t n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (n > 1'000'000'000) return invalid();  // more than 31 years: surely a mistake
      n = n * 10 + (text[i++] - '0');
    }
    if (i == start) return invalid();
    std::string_view unit = text.substr(i, text.substr(i).find_first_of("0123456789"));
    i += unit.size();
    if (unit == "h") total_ms += n * 3'600'000;
    else if (unit == "m") total_ms += n * 60'000;
    else if (unit == "s") total_ms += n * 1'000;
    else if (unit == "ms") total_ms += n;
    else return invalid();
  }
  if (total_ms <= 0) return absl::InvalidArgumentError(absl::StrCat("\"", std::string(text), "\" must be longer than zero"));
  return std::chrono::milliseconds(total_ms);
}

resources::Diagnostics CheckTimeouts(const Value& config) {
  resources::Diagnostics out;
  const Value* block = Block(config);
  if (!block) return out;
  for (const char* op : kOperations) {
    const Value* v = block->Get(op);
    if (!v || !v->is_string()) continue;
    if (absl::StatusOr<std::chrono::milliseconds> d = ParseDuration(v->as_string()); !d.ok())
      out.push_back(resources::Error("Invalid timeout", std::string(d.status().message()),
                                     {PathStep::Attribute(kTimeouts), PathStep::Attribute(op)}));
  }
  return out;
}

std::optional<std::chrono::milliseconds> TimeoutOf(const Value& state, std::string_view operation) {
  const Value* block = Block(state);
  const Value* v = block ? block->Get(operation) : nullptr;
  if (!v || !v->is_string()) return std::nullopt;
  absl::StatusOr<std::chrono::milliseconds> d = ParseDuration(v->as_string());
  return d.ok() ? std::optional(*d) : std::nullopt;
}

}  // namespace wgmesh::terraform
