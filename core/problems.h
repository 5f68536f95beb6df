// Problems found in user input: each names the attribute path, the offending
// value and the rule it breaks. Validation collects all of them at once.
#pragma once

#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

namespace wgmesh {

// An attribute path as segments: {"nodes", "web.example", "addr"}. Segments
// are kept apart because map keys (node names) may contain dots. A string
// literal converts by splitting at dots ("nodes" or "bridge.mac"); a key from
// user input is added with Child(), never split.
class AttrPath {
 public:
  AttrPath() = default;
  AttrPath(const char* dotted);  // NOLINT: literals only
  AttrPath(std::initializer_list<std::string> segments) : segments_(segments) {}

  AttrPath Child(std::string segment) const;
  AttrPath Child(size_t index) const { return Child(std::to_string(index)); }
  const std::vector<std::string>& segments() const { return segments_; }
  bool empty() const { return segments_.empty(); }
  // "nodes.web.example.addr": for people, not for parsing. A segment with
  // control characters, quotes or non-ASCII bytes is shown JSON-quoted
  // (nodes."a\nb".addr), so user text cannot forge output lines.
  std::string ToString() const;
  // True when `prefix` is this path or an ancestor of it.
  bool StartsWith(const AttrPath& prefix) const;
  friend bool operator==(const AttrPath&, const AttrPath&) = default;
  friend std::ostream& operator<<(std::ostream& os, const AttrPath& p) { return os << p.ToString(); }

 private:
  std::vector<std::string> segments_;
};

struct Problem {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  AttrPath path;      // empty for the document itself
  std::string value;  // the offending value as the user wrote it ("" when absent)
  std::string rule;   // what is required, in words

  // "error: nodes.mesh1.addr: \"10.1.0.1/24\": must lie inside network 10.0.0.0/24"
  std::string ToString() const;
};

class Problems {
 public:
  void Error(AttrPath path, std::string value, std::string rule);
  void Warning(AttrPath path, std::string value, std::string rule);
  void Append(const Problems& other);

  bool has_errors() const;
  const std::vector<Problem>& all() const { return items_; }
  std::vector<Problem> errors() const;
  std::vector<Problem> warnings() const;
  // True when some error is reported at `path` or below it.
  bool HasErrorAt(const AttrPath& path) const;
  // One problem per line, errors first.
  std::string ToString() const;

 private:
  std::vector<Problem> items_;
};

}  // namespace wgmesh
