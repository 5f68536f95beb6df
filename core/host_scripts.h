// The shell scripts a host operation sends (each on one channel's stdin, run
// by /bin/sh; never in argv). Every word from user input is validated
// upstream and quoted here. Output is machine-readable: sections headed
// "@@wgmesh <name>" (parsed by live_state.h), "@@step <description>" before
// each change, and "@@fail <description>" when a step fails.
//
// Scripts that change a host hold the mesh's host lock (flock on
// /run/wgmesh/<mesh>.lock, waiting at most kHostLockWaitSeconds) and proceed
// only while the host is as the read they are based on saw it (the read's
// fingerprint); otherwise they change nothing and exit kExitStale, and the
// caller reads again.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/plan.h"
#include "core/reconcile.h"

namespace wgmesh {

inline constexpr int kHostLockWaitSeconds = 120;
inline constexpr int kExitBusy = 5;        // another run held the host lock too long
inline constexpr int kExitStale = 6;       // the host changed since the read
inline constexpr char kStaleMarker[] = "@@wgmesh stale";

// Reads the live state of `mesh` on the host. It changes nothing but removing
// the temp dirs that runs of earlier versions left when killed mid-script. With
// `with_installed_config`, also a section "@@wgmesh installed": "found" and
// the node config (secret), or "absent"; and with `original_interface`, a
// last section "@@wgmesh original": the same for the original tool's config
// /etc/wireguard/<original_interface>.conf.
inline constexpr char kInstalledSection[] = "@@wgmesh installed\n";
inline constexpr char kOriginalSection[] = "@@wgmesh original\n";
std::string ReadScript(std::string_view mesh, bool with_installed_config = false,
                       std::string_view original_interface = {});

// Under the host lock and only if the host still has `fingerprint`: preflight
// (tools, kernel support for the link kinds about to be created, the listen port,
// extra bridge ports exist), the file writes (fsynced, atomic renames), the
// steps of `r`, then the read again, to verify. An error when a file's text
// could end its heredoc early.
absl::StatusOr<std::string> ApplyScript(const NodePlan& desired, const Reconciliation& r,
                                        std::string_view fingerprint,
                                        std::string_view config_text,
                                        std::string_view plan_config_text,
                                        std::string_view owner_marker_text);

// Under the host lock and only if the host still has `fingerprint`: removes
// the links of `mesh` (and its files when `remove_config`, the owner marker
// last), disables the boot unit, then reads back.
std::string TeardownScript(std::string_view mesh, bool remove_config,
                           std::string_view fingerprint);

}  // namespace wgmesh
