// Owning handles for libssh objects, and libssh's one-time global init.
#pragma once

#include <libssh/libssh.h>

#include <memory>
#include <string>

namespace wgmesh::ssh {

// ssh_init() exactly once per process; safe from any thread.
void EnsureLibsshInit();

struct SessionDeleter {
  void operator()(ssh_session s) const;  // disconnects when connected, then frees
};
struct ChannelDeleter {
  void operator()(ssh_channel c) const { ssh_channel_free(c); }
};
struct KeyDeleter {
  void operator()(ssh_key k) const { ssh_key_free(k); }
};
using SessionPtr = std::unique_ptr<ssh_session_struct, SessionDeleter>;
using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using KeyPtr = std::unique_ptr<ssh_key_struct, KeyDeleter>;

// Takes a char* that libssh allocated and must free itself (ssh_string_free_char).
std::string TakeLibsshString(char* s);

}  // namespace wgmesh::ssh
