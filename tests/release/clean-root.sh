#!/usr/bin/env bash
# Prints the path of a clean Debian bookworm root as a tarball (debootstrap --variant=minbase
# from Debian's packages), made once and cached in ${WGMESH_CACHE:-/var/cache/wgmesh}/debian/.
# Needs root and debootstrap (scripts/deps). Logs to stderr.
set -euo pipefail
cache="${WGMESH_CACHE:-/var/cache/wgmesh}/debian"
tarball="$cache/bookworm-minbase.tar"
if [[ -f "$tarball" ]]; then echo "$tarball"; exit 0; fi
command -v debootstrap >/dev/null || { echo "clean-root: debootstrap is not installed" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [[ ! -f "$tarball" ]]; then
  stage="$(mktemp -d "$cache/stage.XXXXXX")"
  trap 'rm -rf "$stage"' EXIT
  echo "clean-root: debootstrap bookworm (minbase) into $stage" >&2
  nice -n 10 debootstrap --variant=minbase bookworm "$stage/root" >"$stage/debootstrap.log" 2>&1 \
    || { tail -20 "$stage/debootstrap.log" >&2; exit 1; }
  rm -rf "$stage/root/var/cache/apt/archives/"*.deb "$stage/root/var/lib/apt/lists/"*_Packages
  tar -C "$stage/root" -cf "$stage/root.tar" .
  mv "$stage/root.tar" "$tarball"
fi
echo "$tarball"
