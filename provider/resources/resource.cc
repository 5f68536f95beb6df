#include "provider/resources/resource.h"

namespace wgmesh::resources {

bool HasErrors(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Diagnostic::Severity::kError) return true;
  return false;
}

Diagnostic Error(std::string summary, std::string detail, Path path) {
  return {Diagnostic::Severity::kError, std::move(summary), std::move(detail), std::move(path)};
}

Diagnostic Warning(std::string summary, std::string detail, Path path) {
  return {Diagnostic::Severity::kWarning, std::move(summary), std::move(detail), std::move(path)};
}

}  // namespace wgmesh::resources
