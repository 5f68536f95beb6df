#include "core/problems.h"

#include <nlohmann/json.hpp>

namespace wgmesh {

AttrPath::AttrPath(const char* dotted) {
  std::string s(dotted);
  size_t start = 0;
  while (!s.empty()) {
    size_t dot = s.find('.', start);
    segments_.push_back(s.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
}

AttrPath AttrPath::Child(std::string segment) const {
  AttrPath out = *this;
  out.segments_.push_back(std::move(segment));
  return out;
}

namespace {

// JSON-quoted with invalid UTF-8 replaced: user text shown in a message can
// neither break the line nor make the JSON writer throw.
std::string Quoted(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool IsPlain(const std::string& segment) {
  for (char c : segment) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || u >= 0x80 || c == '"') return false;
  }
  return true;
}

}  // namespace

std::string AttrPath::ToString() const {
  std::string out;
  for (const auto& s : segments_) out += (out.empty() ? "" : ".") + (IsPlain(s) ? s : Quoted(s));
  return out;
}

bool AttrPath::StartsWith(const AttrPath& prefix) const {
  if (prefix.segments_.size() > segments_.size()) return false;
  for (size_t i = 0; i < prefix.segments_.size(); ++i)
    if (segments_[i] != prefix.segments_[i]) return false;
  return true;
}

std::string Problem::ToString() const {
  std::string out = severity == Problem::Severity::kWarning ? "warning: " : "error: ";
  out += path.empty() ? "(document)" : path.ToString();
  if (!value.empty()) out += ": " + Quoted(value);
  return out + ": " + rule;
}

void Problems::Error(AttrPath path, std::string value, std::string rule) {
  items_.push_back({Problem::Severity::kError, std::move(path), std::move(value), std::move(rule)});
}

void Problems::Warning(AttrPath path, std::string value, std::string rule) {
  items_.push_back(
      {Problem::Severity::kWarning, std::move(path), std::move(value), std::move(rule)});
}

void Problems::Append(const Problems& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Problems::has_errors() const {
  for (const auto& p : items_)
    if (p.severity == Problem::Severity::kError) return true;
  return false;
}

std::vector<Problem> Problems::errors() const {
  std::vector<Problem> out;
  for (const auto& p : items_)
    if (p.severity == Problem::Severity::kError) out.push_back(p);
  return out;
}

std::vector<Problem> Problems::warnings() const {
  std::vector<Problem> out;
  for (const auto& p : items_)
    if (p.severity == Problem::Severity::kWarning) out.push_back(p);
  return out;
}

bool Problems::HasErrorAt(const AttrPath& path) const {
  for (const auto& p : items_)
    if (p.severity == Problem::Severity::kError && p.path.StartsWith(path)) return true;
  return false;
}

std::string Problems::ToString() const {
  std::string out;
  for (const auto& p : errors()) out += p.ToString() + "\n";
  for (const auto& p : warnings()) out += p.ToString() + "\n";
  return out;
}

}  // namespace wgmesh
