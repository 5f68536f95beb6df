#include "provider/terraform/diagnostics.h"

namespace wgmesh::terraform {

tfplugin6::AttributePath ToAttributePath(const Path& path) {
  tfplugin6::AttributePath out;
  for (const PathStep& s : path) {
    auto* step = out.add_steps();
    switch (s.kind) {
      case PathStep::Kind::kAttribute: step->set_attribute_name(s.name); break;
      case PathStep::Kind::kKey: step->set_element_key_string(s.name); break;
      case PathStep::Kind::kIndex: step->set_element_key_int(s.index); break;
    }
  }
  return out;
}

void AddDiagnostics(const resources::Diagnostics& in,
                    google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out) {
  for (const resources::Diagnostic& d : in) {
    tfplugin6::Diagnostic* t = out->Add();
    t->set_severity(d.severity == resources::Diagnostic::Severity::kError
                        ? tfplugin6::Diagnostic::ERROR
                        : tfplugin6::Diagnostic::WARNING);
    t->set_summary(d.summary);
    t->set_detail(d.detail);
    if (!d.path.empty()) {
      *t->mutable_attribute() = ToAttributePath(d.path);
      // Terraform shows the source range, not the path, and for a value inside
      // a map from a variable that range is the whole map: name the path once.
      const std::string where = PathString(d.path);
      // Not named yet: "config_path: ..." does not name `config`.
      const bool named = d.detail.rfind(where, 0) == 0 &&
                         (d.detail.size() == where.size() ||
                          std::string_view(".[: ").find(d.detail[where.size()]) != std::string_view::npos);
      if (!named)
        t->set_detail(d.detail.empty() ? where : where + ": " + d.detail);
    }
  }
}

void AddError(std::string summary, std::string detail,
              google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out) {
  tfplugin6::Diagnostic* t = out->Add();
  t->set_severity(tfplugin6::Diagnostic::ERROR);
  t->set_summary(std::move(summary));
  t->set_detail(std::move(detail));
}

void AddStatus(std::string_view what, const absl::Status& status,
               google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out) {
  AddError(std::string(what), std::string(status.message()), out);
}

}  // namespace wgmesh::terraform
