#!/usr/bin/env bash
# The release fixture: `scripts/release VERSION` (VERSION: the source version) from the test's
# build dir into DIST, which the other release tests install from, as a user would.
#   make-dist.sh BUILD_DIR DIST
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WGMESH_BUILD_DIR="$1" WGMESH_DIST="$2" "$root/scripts/release" "$("$root/scripts/version")"
