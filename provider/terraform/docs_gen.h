// Registry-layout documentation pages generated from the Terraform schema the
// provider serves (so the docs cannot disagree with it): docs/index.md and
// docs/resources/<name>.md, in the tfplugindocs form (front matter, example,
// Required / Optional / Read-Only, nested schemas).
#ifndef WGMESH_PROVIDER_TERRAFORM_DOCS_GEN_H_
#define WGMESH_PROVIDER_TERRAFORM_DOCS_GEN_H_

#include <map>
#include <string>

namespace wgmesh::terraform {

// Relative path ("index.md", "resources/mesh.md") -> contents.
std::map<std::string, std::string> GenerateDocs();

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_DOCS_GEN_H_
