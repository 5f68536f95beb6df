#!/usr/bin/env bash
# tests/lab/with-lab.sh CMD [ARGS...]
# Runs CMD with the lab's lab.env exported. Starts a lab first if none is up
# (WGMESH_LAB_NODES nodes, default 3; WGMESH_LAB_UNDERLAY=ipv4 for --ipv4-underlay) and
# stops it afterwards only if it started it, so one lab boot can serve many tests.
# Concurrent with-lab.sh runs share the lab: the one that started it waits for the
# others to finish before it stops it.
# Exit status: CMD's, or 1 when the lab cannot be started.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
lab=$here/../../scripts/lab
dir=${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}

if (($# == 0)); then
  echo "usage: tests/lab/with-lab.sh CMD [ARGS...]" >&2
  exit 2
fi
mkdir -p "$dir"

# fd 7: serializes "is it up? else start it"; fd 6: held shared while CMD runs.
exec 7>"$dir/.with-lab.lock"
flock 7
started=0
if ! "$lab" status -q 7>&-; then
  args=("${WGMESH_LAB_NODES:-3}")
  if [[ ${WGMESH_LAB_UNDERLAY:-ipv6} == ipv4 ]]; then args+=(--ipv4-underlay); fi
  if ! "$lab" up "${args[@]}" 7>&-; then
    exit 1
  fi
  started=1
fi
exec 6>"$dir/.with-lab.users"
flock -s 6
flock -u 7
exec 7>&-

finish() {
  if ((started)); then
    flock -x 6 # wait for the other users of this lab
    "$lab" down 6>&-
  fi
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

set -a
# shellcheck disable=SC1091
. "$dir/lab.env"
set +a
if [[ -n ${WGMESH_LAB_NODES:-} && $LAB_NODES -lt $WGMESH_LAB_NODES ]]; then
  echo "with-lab: note: the running lab has $LAB_NODES nodes (WGMESH_LAB_NODES=$WGMESH_LAB_NODES)" >&2
fi

"$@" 6>&-
exit $?
