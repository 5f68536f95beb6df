// Problems found in user input: each names the attribute path, the offending
// value and the rule it breaks. Validation collects all of them at once.
#pragma once

#include <string>
#include <vector>

namespace wgmesh {

struct Problem {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string path;   // "nodes.mesh1.addr"; "" for the document itself
  std::string value;  // the offending value as the user wrote it ("" when absent)
  std::string rule;   // what is required, in words

  // "nodes.mesh1.addr: \"10.1.0.1/24\": must lie inside network 10.0.0.0/24"
  std::string ToString() const;
};

class Problems {
 public:
  void Error(std::string path, std::string value, std::string rule);
  void Warning(std::string path, std::string value, std::string rule);
  void Append(const Problems& other);

  bool has_errors() const;
  const std::vector<Problem>& all() const { return items_; }
  std::vector<Problem> errors() const;
  std::vector<Problem> warnings() const;
  // True when some problem is reported at `path` or below it.
  bool HasErrorAt(const std::string& path) const;
  // One problem per line, errors first.
  std::string ToString() const;

 private:
  std::vector<Problem> items_;
};

}  // namespace wgmesh
