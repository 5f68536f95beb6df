#!/usr/bin/env bash
# tests/lab/with-lab.sh CMD [ARGS...]
# Runs CMD with the lab's lab.env exported. Starts a lab first if none is up
# (WGMESH_LAB_NODES nodes, default 3; WGMESH_LAB_UNDERLAY=ipv4 for --ipv4-underlay) and
# stops it afterwards only if it started it, so one lab boot can serve many tests.
# Exit status: CMD's, or 1 when the lab cannot be started.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
lab=$here/../../scripts/lab
dir=${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}

if (($# == 0)); then
  echo "usage: tests/lab/with-lab.sh CMD [ARGS...]" >&2
  exit 2
fi

started=0
if ! "$lab" status -q; then
  args=("${WGMESH_LAB_NODES:-3}")
  if [[ ${WGMESH_LAB_UNDERLAY:-ipv6} == ipv4 ]]; then args+=(--ipv4-underlay); fi
  "$lab" up "${args[@]}" || exit 1
  started=1
  trap '"$lab" down' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi

set -a
# shellcheck disable=SC1091
. "$dir/lab.env"
set +a
if [[ -n ${WGMESH_LAB_NODES:-} && $LAB_NODES -lt $WGMESH_LAB_NODES ]]; then
  echo "with-lab: note: the running lab has $LAB_NODES nodes (WGMESH_LAB_NODES=$WGMESH_LAB_NODES)" >&2
fi

"$@"
rc=$?
exit "$rc"
