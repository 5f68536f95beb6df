#include "core/connection_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace wgmesh {
namespace {

constexpr char kUnsafeChars[] = "'\"\\;`$|&<>(){}*?!#%,";

constexpr char kWordRule[] =
    "without spaces, quotes or shell characters (' \" \\ ; ` $ | & < > ( ) { } * ? ! # % ,), "
    "printable ASCII, not starting with '-'";

std::string WordRule(std::string_view what) {
  return absl::StrCat("must be ", std::string(what), " ", kWordRule, ", at most ", kMaxConnectionWord,
                      " characters");
}

// TYPE BASE64: a type of [a-z0-9@.-] starting with [a-z0-9], one space, then
// base64 with at most two '=' at the end. Scanned by hand: std::regex
// recursion overflows the stack on a long value.
bool IsPublicKey(std::string_view s) {
  const size_t space = s.find(' ');
  if (space == std::string_view::npos || space == 0 || space + 1 == s.size()) return false;
  const std::string_view type = s.substr(0, space), data = s.substr(space + 1);
  auto type_char = [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '@' || c == '.' || c == '-';
  };
  if (!absl::ascii_islower(type[0]) && !absl::ascii_isdigit(type[0])) return false;
  for (char c : type)
    if (!type_char(c)) return false;
  size_t pad = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad > 0 || !(absl::ascii_isalnum(c) || c == '+' || c == '/')) return false;
  }
  return pad <= 2 && data.size() > pad;
}

}  // namespace

bool IsSafeSshWord(std::string_view s) {
  if (s.empty() || s.size() > kMaxConnectionWord || s.front() == '-') return false;
  for (char c : s) {
    if (c <= ' ' || c > '~') return false;  // whitespace, control, non-ASCII
    if (std::string_view(kUnsafeChars).find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::optional<std::string> ConnectionFieldRule(ConnectionField field, std::string_view value) {
  switch (field) {
    case ConnectionField::kAlias:
      if (!IsSafeSshWord(value)) return WordRule("an ssh host alias or user@host[:port]");
      break;
    case ConnectionField::kHost:
      if (!IsSafeSshWord(value)) return WordRule("a host name, address or alias");
      break;
    case ConnectionField::kUser:
      if (value.find_first_of("@:") != std::string_view::npos)
        return "must be a user name, without '@' or ':'";
      if (!IsSafeSshWord(value)) return WordRule("a user name");
      break;
    case ConnectionField::kPath:
      if (!IsSafeSshWord(value)) return WordRule("a file path");
      break;
    case ConnectionField::kHostKey:
      if (value.size() > kMaxConnectionWord || !IsPublicKey(value))
        return "must be a public key as in a .pub file without its comment: TYPE BASE64";
      break;
  }
  return std::nullopt;
}

void CheckConnectionField(ConnectionField field, const AttrPath& path, const std::string& value,
                          Problems& p) {
  if (value.empty()) return;
  if (std::optional<std::string> rule = ConnectionFieldRule(field, value))
    p.Error(path, value.size() > 200 ? value.substr(0, 200) + "..." : value, *rule);
}

void CheckRange(const AttrPath& path, int64_t value, int64_t max, std::string_view what,
                Problems& p) {
  if (value < 1 || value > max)
    p.Error(path, std::to_string(value), absl::StrCat("must be 1-", max, " ", std::string(what)));
}

}  // namespace wgmesh
