#!/usr/bin/env bash
# Plugin overhead (issue 12): what it costs OpenTofu to start a provider and fetch its schema,
# wgmesh's C++ provider side by side with a Go provider.
#   bench/plugin_overhead.sh [BUILD_DIR]        (default: build)
#
# The Go provider: hashicorp/terraform-provider-null's own releases (v2, v3) are not served by
# the Go module proxy (their module path has no /vN suffix; v1.0.0, the only one served, speaks
# plugin protocol 4, which OpenTofu no longer loads). So bench/lib/nullprovider/main.go
# declares the null provider's schema (null_resource, null_data_source) on
# terraform-plugin-framework, as null v3 does, and serves protocol 6 like wgmesh. It is built
# from the Go module proxy with `go build -ldflags "-s -w"` (as HashiCorp's releases are) into
# the tool cache next to OpenTofu (scripts/lib/go-tools.sh), never into the tree.
#
# Measures, for wgmesh's provider as built (RelWithDebInfo, with debug info), the same stripped
# (as scripts/release ships it) and the Go provider, run interleaved:
#   1. exec -> go-plugin handshake line on stdout (python3 Popen, AutoMTLS client cert, SIGKILL)
#   2. `tofu providers schema -json` in a directory whose config requires only that provider,
#      installed through a filesystem mirror; and the same with a config requiring no provider
#      (tofu's own cost); GetProviderSchema alone from OpenTofu's TF_LOG=trace timestamps
#   3. peak RSS (VmHWM) of the plugin process during (2), polled from /proc every ~1 ms in runs
#      of their own (not the timed ones); the binary size, as built and stripped
#   4. `pulumi package get-schema` of pulumi-resource-wgmesh, as built and stripped (wgmesh only)
# Prints a Markdown table with the 1-minute load average of each row.
#
# Env: RUNS (default 20) runs of each measure; WAIT_SECS (default 3600) how long to wait for
#      BUILD_DIR's provider to appear (this script never builds it); PULUMI_SCHEMA: auto
#      (default: only if scripts/install-pulumi has it cached), 1 (install it), 0 (skip);
#      NULL_FRAMEWORK_VERSION (default v1.19.0); KEEP_WORK=1 keeps the work dir.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/.." && pwd -P)
build=${1:-$repo/build}
RUNS=${RUNS:-20}
WAIT_SECS=${WAIT_SECS:-3600}
PULUMI_SCHEMA=${PULUMI_SCHEMA:-auto}
NULL_FRAMEWORK_VERSION=${NULL_FRAMEWORK_VERSION:-v1.19.0}
# shellcheck source=bench/lib/plugin.sh
source "$here/lib/plugin.sh"
# shellcheck source=tests/e2e/lib/provider-mirror.sh
source "$repo/tests/e2e/lib/provider-mirror.sh"

log() { echo "plugin_overhead: $*" >&2; }
die() { log "$*"; exit 1; }

# The provider is built by someone else (scripts/build, a CI run): wait until it exists and
# its size has stopped changing (the linker writes it in place).
wait_for() { # FILE
  local f=$1 waited=0 s1 s2
  while :; do
    if [[ -x $f ]]; then
      s1=$(stat -c %s "$f")
      sleep 2
      s2=$(stat -c %s "$f" 2>/dev/null || echo 0)
      [[ $s1 == "$s2" ]] && return 0
    else
      ((waited == 0)) && log "waiting for $f (not built yet; this script does not build it)"
      sleep 10
    fi
    waited=$((waited + 10))
    ((waited < WAIT_SECS)) || die "$f did not appear within $WAIT_SECS s"
  done
}

# build_null: print the path of the Go provider, building it into the tool cache if needed
# (keyed by the framework version and a hash of main.go).
build_null() (
  WG_PROG=plugin_overhead
  # shellcheck source=scripts/lib/go-tools.sh
  source "$repo/scripts/lib/go-tools.sh"
  local main=$here/lib/nullprovider/main.go hash dir stage src
  hash=$(sha256sum "$main")
  dir=$(wg_tool_dir go-null-provider "$NULL_FRAMEWORK_VERSION-${hash:0:12}")
  if ! wg_tool_cached "$dir" terraform-provider-null; then
    wg_lock "$dir"
  fi
  if ! wg_tool_cached "$dir" terraform-provider-null; then
    wg_go_env
    wg_log "building the Go provider on terraform-plugin-framework $NULL_FRAMEWORK_VERSION into $dir"
    stage=$(wg_stage_begin "$dir")
    trap 'rm -rf "$stage"' EXIT
    src=$dir.src
    rm -rf "$src"
    mkdir -p "$src"
    cp "$main" "$src/main.go"
    printf 'module wgmesh.invalid/bench/nullprovider\n\ngo 1.25.0\n\nrequire github.com/hashicorp/terraform-plugin-framework %s\n' \
      "$NULL_FRAMEWORK_VERSION" >"$src/go.mod"
    (
      cd "$src"
      wg_nice go mod tidy >&2
      wg_nice go build -ldflags "-s -w" -o "$stage/bin/terraform-provider-null" . >&2
    ) || wg_die "building the Go provider failed"
    wg_stage_commit "$stage" "$dir"
    trap - EXIT
  fi
  printf '%s/bin/terraform-provider-null\n' "$dir"
)

null_bin=$(build_null | tail -n 1)
tofu_dir=$("$repo/scripts/install-tofu" | tail -n 1)
wait_for "$build/provider/terraform-provider-wgmesh"
build=$(cd "$build" && pwd -P)
wgmesh_bin=$build/provider/terraform-provider-wgmesh
export PATH=$tofu_dir:$PATH

work=$(mktemp -d /tmp/wgmesh-plugin-overhead.XXXXXX)
cleanup() { [[ -n ${KEEP_WORK:-} ]] || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# A filesystem mirror holding three providers: wgmesh as built (RelWithDebInfo: with its debug
# info), wgmesh stripped as scripts/release ships it, and the Go one; one config dir requiring
# each, and one requiring none (tofu's own cost).
provider_mirror "$build" "$work" 2>/dev/null || die "install-plugins failed"
case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
version=$("$repo/scripts/version")
stripped=$work/plugins/wgmesh.local/stripped/wgmesh/$version/linux_$arch/terraform-provider-wgmesh
mkdir -p "${stripped%/*}" "$work/plugins/wgmesh.local/bench/null/0.0.1/linux_$arch"
strip -o "$stripped" "$wgmesh_bin"
cp "$null_bin" "$work/plugins/wgmesh.local/bench/null/0.0.1/linux_$arch/terraform-provider-null"
unset TF_LOG TF_PLUGIN_CACHE_DIR
tofu_version=$(tofu version)
tofu_version=$(awk '/^OpenTofu v/ { print $2 }' <<<"$tofu_version")
required() { # NAME SOURCE
  printf 'terraform {\n  required_providers {\n    %s = { source = "%s" }\n  }\n}\n' "$1" "$2"
}
W=$work/wgmesh S=$work/stripped G=$work/null N=$work/none
mkdir -p "$W" "$S" "$G" "$N"
printf 'terraform {}\n' >"$N/main.tf"
required wgmesh wgmesh.local/wgmesh/wgmesh >"$W/main.tf"
required wgmesh wgmesh.local/stripped/wgmesh >"$S/main.tf"
required null wgmesh.local/bench/null >"$G/main.tf"
for d in "$N" "$W" "$S" "$G"; do
  (cd "$d" && tofu init -input=false -no-color >init.out 2>&1) || { cat "$d/init.out" >&2; die "tofu init failed in $d"; }
done

rows=()
row() { # MEASURE WGMESH STRIPPED GO RATIO LOAD
  rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |")
  log "| $1 | $2 | $3 | $4 | $5 | $6 |"
}
# ratio A B: "A / B" to one decimal, or "-"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else printf "-" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
# field TSV KEY N: the Nth tab-separated field of the line of TSV that starts with KEY
field() { awk -F'\t' -v k="$2" -v n="$3" '$1 == k { print $n }' <<<"$1"; }
# ms TSV KEY: "median ... ms (min-max ms, RUNS runs)" of KEY's line
ms() { pb_fmt_ms "$(field "$1" "$2" 2)" "$(field "$1" "$2" 3)" "$(field "$1" "$2" 4)" "$RUNS"; }
# msrow LABEL TSV KEY_W KEY_S KEY_G LOAD: a row of three medians, ratio stripped / Go
msrow() {
  row "$1" "$(ms "$2" "$3")" "$(ms "$2" "$4")" "$(ms "$2" "$5")" \
    "$(ratio "$(field "$2" "$4" 2)" "$(field "$2" "$5" 2)")" "$6"
}

# --- 1. exec -> handshake line
pb_client_cert "$work" || die "openssl failed"
l=$(pb_load)
hs=$(pb_handshake "$RUNS" "$work/client.pem" "$wgmesh_bin" "$stripped" "$null_bin") || die "handshake measurement failed"
msrow "exec -> handshake line" "$hs" "$wgmesh_bin" "$stripped" "$null_bin" "$l"
hs_load=$l

# --- 2. `tofu providers schema -json`, whole command
l=$(pb_load)
sc=$(python3 "$pb_time" command "$RUNS" wall "$N" "$W" "$S" "$G") || die "schema runs failed"
msrow "\`tofu providers schema -json\`, config requiring the provider" "$sc" "$W" "$S" "$G" "$l"
row "the same, config requiring no provider (tofu alone)" "$(ms "$sc" "$N")" "(same run)" "(same run)" "" "$l"
share() { awk -v a="$(field "$sc" "$1" 2)" -v b="$(field "$sc" "$N" 2)" 'BEGIN { printf "%.1f", a - b }'; }
dw=$(share "$W") ds=$(share "$S") dg=$(share "$G")
row "provider's share (median with provider - median without)" "$dw ms" "$ds ms" "$dg ms" "$(ratio "$ds" "$dg")" "$l"

# GetProviderSchema alone, from tofu's trace log
l=$(pb_load)
tr=$(python3 "$pb_time" command "$RUNS" trace "$W" "$S" "$G") || die "trace runs failed"
msrow "GetProviderSchema (TF_LOG=trace, ms timestamps)" "$tr" "$W" "$S" "$G" "$l"
row "\`providers schema -json\` output" "$(wc -c <"$W/schema.json") bytes" "$(wc -c <"$S/schema.json") bytes" \
  "$(wc -c <"$G/schema.json") bytes" "" ""

# --- 3. peak RSS during the schema command (own runs, /proc polled), and the binary size
l=$(pb_load)
rs=$(python3 "$pb_time" command "$RUNS" rss "$W" "$S" "$G") || die "RSS runs failed"
peak() { # DIR EXE_NAME: kB
  field "$rs" "$1" 5 | tr ',' '\n' | awk -F= -v n="$2" '$1 == n { print $2 }'
}
pw=$(peak "$W" terraform-provider-wgmesh) ps=$(peak "$S" terraform-provider-wgmesh) pg=$(peak "$G" terraform-provider-null)
[[ -n $pw && -n $ps && -n $pg ]] || die "no plugin process seen in the RSS runs: $rs"
row "plugin peak RSS during \`providers schema -json\` (max of $RUNS runs)" "$(mb "$pw")" "$(mb "$ps")" "$(mb "$pg")" \
  "$(ratio "$ps" "$pg")" "$l"
hw=$(field "$hs" "$wgmesh_bin" 5) hS=$(field "$hs" "$stripped" 5) hg=$(field "$hs" "$null_bin" 5)
row "plugin RSS at the handshake line (max of $RUNS runs)" "$(mb "$hw")" "$(mb "$hS")" "$(mb "$hg")" \
  "$(ratio "$hS" "$hg")" "$hs_load"
row "tofu's own peak RSS in the same runs" "$(mb "$(peak "$W" tofu)")" "$(mb "$(peak "$S" tofu)")" \
  "$(mb "$(peak "$G" tofu)")" "" "$l"
bw=$(stat -c %s "$wgmesh_bin") bs=$(stat -c %s "$stripped") bg=$(stat -c %s "$null_bin")
row "binary size" "$(mb $((bw / 1024)))" "$(mb $((bs / 1024)))" "$(mb $((bg / 1024))) (-s -w)" "$(ratio "$bs" "$bg")" ""
# shared libraries: wgmesh links grpc++, protobuf, abseil, libssh... dynamically; Go is static
libs() { # BIN: "N, X MB" (count and total file size of what ldd resolves)
  local out paths
  out=$(ldd "$1" 2>&1) || { echo "none (static)"; return 0; }
  paths=$(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out")
  [[ -n $paths ]] || { echo "none (static)"; return 0; }
  # shellcheck disable=SC2086 # one path a word
  stat -L -c %s $paths | awk '{ n++; s += $1 } END { printf "%d, %.1f MB", n, s / 1048576 }'
}
row "shared libraries loaded (ldd), their total size" "$(libs "$wgmesh_bin")" "(same)" "$(libs "$null_bin")" "" ""

# --- 4. Pulumi: `pulumi package get-schema` of pulumi-resource-wgmesh
pulumi_row() {
  local pbin plugin
  plugin=$build/provider/pulumi/pulumi-resource-wgmesh
  [[ -x $plugin ]] || { log "no $plugin: Pulumi row skipped"; return 0; }
  case $PULUMI_SCHEMA in
    0) return 0 ;;
    1) pbin=$("$repo/scripts/install-pulumi" | tail -n 1) || die "install-pulumi failed" ;;
    *)
      # cached only: install-pulumi runs no go command when its bundle is complete
      if ! compgen -G "${WGMESH_CACHE:-/var/cache/wgmesh}/tools/pulumi-*+yaml-*/.complete" >/dev/null; then
        log "the Pulumi CLI is not cached: Pulumi row skipped (PULUMI_SCHEMA=1 builds it)"
        return 0
      fi
      pbin=$("$repo/scripts/install-pulumi" | tail -n 1) || die "install-pulumi failed"
      ;;
  esac
  mkdir -p "$work/pulumi/bin"
  strip -o "$work/pulumi/bin/pulumi-resource-wgmesh" "$plugin"
  get_schema() { # PLUGIN: "median min max"
    (cd "$work/pulumi" && PATH=$pbin:$PATH PULUMI_HOME=$work/pulumi-home PULUMI_SKIP_UPDATE_CHECK=true \
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true python3 "$pb_time" run "$RUNS" pulumi package get-schema "$1") ||
      die "pulumi package get-schema $1 failed"
  }
  l=$(pb_load)
  read -r -a w <<<"$(get_schema "$plugin")"
  read -r -a s <<<"$(get_schema "$work/pulumi/bin/pulumi-resource-wgmesh")"
  row "\`pulumi package get-schema\` (whole command; pulumi-resource-wgmesh, not the Terraform plugin)" \
    "$(pb_fmt_ms "${w[0]}" "${w[1]}" "${w[2]}" "$RUNS")" "$(pb_fmt_ms "${s[0]}" "${s[1]}" "${s[2]}" "$RUNS")" "-" "" "$l"
}
pulumi_row

echo
echo "wgmesh: $wgmesh_bin ($(uname -m)); Go: terraform-plugin-framework $NULL_FRAMEWORK_VERSION," \
  "$(go version 2>/dev/null | cut -d' ' -f3); OpenTofu $tofu_version; $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| measure | wgmesh (C++), as built | wgmesh, stripped (as released) | Go provider (null's schema) | stripped / Go | load (1 min) |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
