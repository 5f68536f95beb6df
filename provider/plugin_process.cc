#include "provider/plugin_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace wgmesh {

void MakeNonDumpable() { prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

void StopWhenParentDies() {
  const pid_t parent = getppid();
  if (parent <= 1) return;  // already orphaned or started by init: nothing to watch
  std::thread([parent] {
    while (getppid() == parent) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    kill(getpid(), SIGTERM);
  }).detach();
}

}  // namespace wgmesh
