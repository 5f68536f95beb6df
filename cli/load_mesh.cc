#include "cli/load_mesh.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "core/spec_parse.h"
#include "core/validate.h"
#include "core/yaml_merge.h"

namespace wgmesh::cli {

absl::StatusOr<MeshSpec> LoadMesh(const GlobalOptions& options, std::ostream& err,
                                  Problems* problems) {
  const std::string source = options.file == "-" ? "<stdin>" : options.file;
  std::stringstream text;
  if (options.file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(options.file);
    if (!in) return absl::NotFoundError(source + ": cannot read the mesh description");
    text << in.rdbuf();
  }
  auto doc = ParseDocument(text.str(), options.json_input ? DocFormat::kJson : DocFormat::kYaml,
                           source);
  if (!doc.ok()) return doc.status();
  if (!options.json_input)
    if (absl::Status st = ResolveYamlMergeKeys(*doc); !st.ok())
      return absl::InvalidArgumentError(source + ": " + std::string(st.message()));
  ParsedSpec parsed = SpecFromDocument(*doc);
  parsed.problems.Append(ValidateMesh(parsed.spec));
  if (problems) problems->Append(parsed.problems);
  for (const Problem& p : parsed.problems.errors()) err << source << ": " << p.ToString() << "\n";
  if (!options.quiet)
    for (const Problem& p : parsed.problems.warnings())
      err << source << ": " << p.ToString() << "\n";
  if (parsed.problems.has_errors())
    return absl::InvalidArgumentError(source + ": " +
                                      std::to_string(parsed.problems.errors().size()) +
                                      " error(s); no host was touched");
  return parsed.spec;
}

}  // namespace wgmesh::cli
