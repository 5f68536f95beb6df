# shellcheck shell=bash
# Compiling through ccache for every build directory (build/, build-asan/,
# build-fuzz/): the cache lives outside the clone, in
# ${CCACHE_DIR:-${WGMESH_CACHE:-/var/cache/wgmesh}/ccache}, so a later run or a
# later clone on the same machine recompiles only what changed.
# Source it from the repository root; it exports the ccache settings and sets
# the array ccache_launcher (the CMake option, empty without ccache).
export CCACHE_DIR=${CCACHE_DIR:-${WGMESH_CACHE:-/var/cache/wgmesh}/ccache}
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1  # hits across clones in other folders
ccache_launcher=()
if command -v ccache >/dev/null; then
  mkdir -p "$CCACHE_DIR"
  ccache_launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
