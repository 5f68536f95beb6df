// Neutral diagnostics and paths -> tfplugin6 Diagnostic / AttributePath.
#ifndef WGMESH_PROVIDER_TERRAFORM_DIAGNOSTICS_H_
#define WGMESH_PROVIDER_TERRAFORM_DIAGNOSTICS_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "provider/resources/resource.h"
#include "tfplugin6.pb.h"

namespace wgmesh::terraform {

tfplugin6::AttributePath ToAttributePath(const Path& path);
void AddDiagnostics(const resources::Diagnostics& in,
                    google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out);
void AddError(std::string summary, std::string detail,
              google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out);
void AddStatus(std::string_view what, const absl::Status& status,
               google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out);

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_DIAGNOSTICS_H_
