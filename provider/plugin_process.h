// What both plugin processes (terraform-provider-wgmesh,
// pulumi-resource-wgmesh) do for themselves, whatever the protocol.
//
// - MakeNonDumpable: the process holds SSH keys and WireGuard private keys:
//   no core dump, and no ptrace or /proc/<pid>/mem reads by other processes
//   of the same user (prctl PR_SET_DUMPABLE 0).
// - StopWhenParentDies: an engine killed with SIGKILL cannot ask its plugin
//   to stop. A thread polls getppid() every 250 ms; once the parent is gone
//   (the process was reparented), it sends SIGTERM to this process, which the
//   servers already take as "cancel in-flight host work, shut down, exit".
//   Polling, not PR_SET_PDEATHSIG: that signal fires when the parent *thread*
//   that started us exits, and the Go runtimes of tofu and pulumi may start
//   plugins from threads that end long before the engine does, which would
//   kill a healthy plugin mid-apply. Callers skip it when the plugin was
//   started by hand for debugging (it then outlives its shell by design).
#ifndef WGMESH_PROVIDER_PLUGIN_PROCESS_H_
#define WGMESH_PROVIDER_PLUGIN_PROCESS_H_

namespace wgmesh {

void MakeNonDumpable();

// Call with SIGTERM blocked in every thread and taken by the caller's sigwait.
void StopWhenParentDies();

}  // namespace wgmesh

#endif  // WGMESH_PROVIDER_PLUGIN_PROCESS_H_
