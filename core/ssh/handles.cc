#include "core/ssh/handles.h"

#include <mutex>

namespace wgmesh::ssh {

void EnsureLibsshInit() {
  static std::once_flag once;
  std::call_once(once, [] { ssh_init(); });
}

void SessionDeleter::operator()(ssh_session s) const {
  if (ssh_is_connected(s)) ssh_disconnect(s);
  ssh_free(s);
}

std::string TakeLibsshString(char* s) {
  if (s == nullptr) return "";
  std::string copy(s);
  ssh_string_free_char(s);
  return copy;
}

}  // namespace wgmesh::ssh
