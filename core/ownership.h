// What a host's part of a mesh belongs to. The one rule every front end and
// every host operation follows: wgmesh changes or removes only what it
// created (or adopted), and a resource instance removes only what it owns.
//
// wgmesh's objects of mesh M on a host are wg-M, br-M and gt-M-* and the
// files /etc/wireguard/wg-M.{conf,json,owner}. They are wgmesh's when its
// marker is there: the node config (wg-M.json), the owner marker
// (wg-M.owner) or the wg-quick file's "# wgmesh: " header. Files are written
// before any link is created and removed after every link is gone, so a run
// cut short anywhere still leaves a marker next to what it created.
//
// The owner marker names the instance that last applied the node: a
// Terraform/Pulumi resource instance ("terraform:<hex>", "pulumi:<hex>") or
// the CLI ("cli"). A renamed or replaced resource's new instance takes the
// host over on create; the old instance's delete then leaves the host alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/live_state.h"

namespace wgmesh {

inline constexpr char kCliOwner[] = "cli";
// What an adopted original config file is renamed to (kept, never deleted).
inline constexpr char kAdoptedSuffix[] = ".wgmesh-adopted";
// Teardown on behalf of whoever owns the host (the CLI's `down`).
inline constexpr char kAnyOwner[] = "*";

// "<front_end>:<16 random hex digits>", e.g. "terraform:3f09a1c2d4e5f607".
std::string NewOwnerId(std::string_view front_end);
// "cli", or a lowercase word, ':' and 16-64 lowercase hex digits.
bool IsValidOwnerId(std::string_view id);
// The owner marker file's contents for `owner`.
std::string OwnerMarkerText(std::string_view owner);

struct HostClaim {
  enum class Kind {
    kAbsent,        // nothing of the mesh on the host
    kWgmesh,        // wgmesh's, with its marker
    kForeign,       // objects with wgmesh's names that wgmesh did not create
    kOriginalTool,  // a mesh deployed by the original `mesh` tool (wireguard-mesh 0.2.x)
  };
  Kind kind = Kind::kAbsent;
  std::string owner;                 // kWgmesh: the marker's owner ("" = none recorded)
  std::vector<std::string> objects;  // kForeign, kOriginalTool: what was found
};

HostClaim ClaimOf(std::string_view mesh, const LiveState& live);

// OK when wgmesh may change or remove mesh `mesh` on the host described by
// `host`; else FAILED_PRECONDITION naming what was found and why it is left alone.
absl::Status CheckOurs(const HostClaim& claim, std::string_view mesh, std::string_view host);

// Whether `owner` may tear the host down: it owns it, nobody recorded an
// owner, or it acts for any owner (kAnyOwner).
bool MayRemove(const HostClaim& claim, std::string_view owner);

}  // namespace wgmesh
