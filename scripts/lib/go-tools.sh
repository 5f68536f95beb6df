# shellcheck shell=bash
# Shared helpers for scripts/install-tofu and scripts/install-pulumi.
#
# Builds Go tools from the Go module proxy into a per-machine cache that
# lives OUTSIDE the repository:
#
#   ${WGMESH_CACHE:-/var/cache/wgmesh}/
#     go/path   GOPATH
#     go/mod    GOMODCACHE (module sources; lets a rebuild run offline)
#     go/build  GOCACHE    (compiled packages; makes a rebuild fast)
#     tools/<tool>-<version>/bin/<binaries>   finished builds
#     tools/<tool>-<version>/.complete        written last; marks a good build
#     tools/<tool>-<version>.src/             throwaway go.mod used for the build
#
# A cached tool is detected with plain file tests: no `go` command runs and
# nothing touches the network, so the cached path costs a few milliseconds.
#
# Everything is logged to stderr; callers print only the bin dir on stdout.
#
# Environment knobs:
#   WGMESH_CACHE        cache root (default /var/cache/wgmesh; falls back to
#                       ~/.cache/wgmesh when that cannot be created)
#   WGMESH_OFFLINE=1    build only from modules already in GOMODCACHE
#                       (GOPROXY=off); fails rather than touching the network
#   WGMESH_GO_PARALLEL  value for `go build -p` (default 1: the machines have
#                       2 cores and C++ builds run beside us)
#   WGMESH_NICE         niceness for the build (default 10)

wg_log() { printf '%s: %s\n' "${WG_PROG:-go-tools}" "$*" >&2; }
wg_die() { wg_log "error: $*"; exit 1; }

# wg_cache_root: print the cache root, creating it if needed.
wg_cache_root() {
  local root="${WGMESH_CACHE:-/var/cache/wgmesh}"
  if ! mkdir -p "$root" 2>/dev/null || [[ ! -w "$root" ]]; then
    if [[ -n "${WGMESH_CACHE:-}" ]]; then
      wg_die "cache dir $root is not writable"
    fi
    root="${XDG_CACHE_HOME:-$HOME/.cache}/wgmesh"
    mkdir -p "$root" || wg_die "cannot create cache dir $root"
  fi
  (cd "$root" && pwd -P)
}

# wg_tool_dir TOOL VERSION: print the cache dir of one tool build (not created).
wg_tool_dir() {
  printf '%s/tools/%s-%s\n' "$(wg_cache_root)" "$1" "$2"
}

# wg_tool_cached DIR BIN...: true when DIR holds a complete build with every BIN.
wg_tool_cached() {
  local dir="$1" b
  shift
  [[ -f "$dir/.complete" ]] || return 1
  for b in "$@"; do
    [[ -x "$dir/bin/$b" ]] || return 1
  done
}

# wg_go_env: export the Go environment used for every build.
wg_go_env() {
  command -v go >/dev/null 2>&1 || wg_die "go is not installed (need go >= 1.26)"
  local root
  root="$(wg_cache_root)"
  export GOPATH="$root/go/path"
  export GOMODCACHE="$root/go/mod"
  export GOCACHE="$root/go/build"
  export GOBIN="" # builds use -o
  export GOTOOLCHAIN=local # never download a toolchain
  export CGO_ENABLED=0     # pure Go builds, no C compiler load
  export GOFLAGS="-p=${WGMESH_GO_PARALLEL:-1} -modcacherw -buildvcs=false -trimpath"
  export GOWORK=off
  export GONOSUMDB="" GOPRIVATE="" GOINSECURE=""
  if [[ "${WGMESH_OFFLINE:-}" == 1 ]]; then
    export GOPROXY=off GOSUMDB=off
  else
    export GOPROXY="${GOPROXY:-https://proxy.golang.org,direct}"
  fi
  mkdir -p "$GOPATH" "$GOMODCACHE" "$GOCACHE"
}

# wg_nice CMD...: run a build step with lowered CPU and I/O priority.
wg_nice() {
  local n="${WGMESH_NICE:-10}"
  if command -v ionice >/dev/null 2>&1; then
    nice -n "$n" ionice -c 3 "$@"
  else
    nice -n "$n" "$@"
  fi
}

# wg_lock DIR: take an exclusive lock for building DIR (held until the shell
# exits), so that two concurrent installs of the same tool don't race.
wg_lock() {
  local lock="$1.lock"
  mkdir -p "$(dirname "$lock")"
  exec {WG_LOCK_FD}>"$lock"
  if command -v flock >/dev/null 2>&1; then
    if ! flock -n "$WG_LOCK_FD"; then
      wg_log "waiting for another build of $(basename "$1") to finish"
      flock "$WG_LOCK_FD"
    fi
  fi
}

# wg_stage_begin DIR: print a fresh staging dir next to DIR.
wg_stage_begin() {
  local stage="$1.tmp.$$"
  rm -rf "$stage"
  mkdir -p "$stage/bin"
  printf '%s\n' "$stage"
}

# wg_stage_commit STAGE DIR: atomically publish a finished build.
wg_stage_commit() {
  local stage="$1" dir="$2"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$stage/.complete"
  rm -rf "$dir"
  mv "$stage" "$dir"
}

# wg_now: seconds since the epoch (for timing builds).
wg_now() { date +%s; }

# wg_mod_directives GOMOD KIND: print the `replace` or `godebug` directives of a
# go.mod file, one per line without the keyword (block and single-line forms).
wg_mod_directives() {
  awk -v kw="$2" '
    { sub(/\/\/.*/, "") }
    $0 ~ "^" kw "[ \t]*\\(" { blk = 1; next }
    blk && /^[ \t]*\)/      { blk = 0; next }
    blk && NF               { sub(/^[ \t]+/, ""); print; next }
    $0 ~ "^" kw "[ \t]"     { sub("^" kw "[ \t]+", ""); print }
  ' "$1"
}

# wg_throwaway_module SRC MODULE VERSION [EXTRA_REQUIRE@VERSION...]
# Create the throwaway main module SRC that requires MODULE@VERSION and repeats
# the non-local `replace` and the `godebug` directives of MODULE's own go.mod
# (`go install pkg@version` refuses modules that have replace directives).
# Local-path replaces (e.g. pulumi's sdk => ../sdk) are dropped: the caller
# passes the sibling module as EXTRA_REQUIRE at the same version instead.
wg_throwaway_module() {
  local src="$1" mod="$2" ver="$3" gomod line old new goline
  shift 3
  rm -rf "$src"
  mkdir -p "$src"
  gomod="$(wg_nice go mod download -json "$mod@$ver" | jq -r '.GoMod // empty')"
  [[ -f "$gomod" ]] || wg_die "could not download go.mod of $mod@$ver"
  goline="$(awk '/^go [0-9]/ { print $2; exit }' "$gomod")"
  {
    printf 'module wgmesh.invalid/build/%s\n\n' "$(basename "$src")"
    printf 'go %s\n\n' "${goline:-1.26}"
    printf 'require %s %s\n' "$mod" "$ver"
  } >"$src/go.mod"
  (
    cd "$src" || exit 1
    local extra
    for extra in "$@"; do
      go mod edit -require="$extra"
    done
    while read -r line; do
      [[ -n "$line" ]] || continue
      old="${line%%=>*}"; new="${line#*=>}"
      read -r -a old <<<"$old"; read -r -a new <<<"$new"
      case "${new[0]}" in ./* | ../* | /*) wg_log "skipping local replace: $line"; continue ;; esac
      go mod edit -replace="${old[0]}${old[1]:+@${old[1]}}=${new[0]}${new[1]:+@${new[1]}}"
    done < <(wg_mod_directives "$gomod" replace)
    while read -r line; do
      [[ -n "$line" ]] || continue
      go mod edit -godebug="${line// /}"
    done < <(wg_mod_directives "$gomod" godebug)
  ) || wg_die "could not write throwaway module $src"
  wg_log "throwaway module $src/go.mod:"
  sed 's/^/    /' "$src/go.mod" >&2
}

# wg_go_build SRC OUT PKG VERSION LDFLAGS: resolve PKG@VERSION's dependencies in
# the throwaway module SRC and build it to OUT with lowered priority.
wg_go_build() {
  local src="$1" out="$2" pkg="$3" ver="$4" ldflags="$5"
  (
    cd "$src" || exit 1
    wg_nice go get "$pkg@$ver" >&2 || exit 1
    wg_nice go build -ldflags "$ldflags" -o "$out" "$pkg" >&2 || exit 1
  )
}
