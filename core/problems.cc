#include "core/problems.h"

#include <nlohmann/json.hpp>

namespace wgmesh {

std::string Problem::ToString() const {
  std::string out = severity == Severity::kWarning ? "warning: " : "error: ";
  out += path.empty() ? "(document)" : path;
  if (!value.empty()) out += ": " + nlohmann::json(value).dump();
  return out + ": " + rule;
}

void Problems::Error(std::string path, std::string value, std::string rule) {
  items_.push_back({Problem::Severity::kError, std::move(path), std::move(value), std::move(rule)});
}

void Problems::Warning(std::string path, std::string value, std::string rule) {
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

bool Problems::HasErrorAt(const std::string& path) const {
  for (const auto& p : items_) {
    if (p.severity != Problem::Severity::kError) continue;
    if (p.path == path || p.path.rfind(path + ".", 0) == 0) return true;
  }
  return false;
}

std::string Problems::ToString() const {
  std::string out;
  for (const auto& p : errors()) out += p.ToString() + "\n";
  for (const auto& p : warnings()) out += p.ToString() + "\n";
  return out;
}

}  // namespace wgmesh
