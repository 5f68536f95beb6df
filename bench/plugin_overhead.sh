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
# Measures, for both, the binaries run interleaved:
#   1. exec -> go-plugin handshake line on stdout (python3 Popen, AutoMTLS client cert, SIGKILL)
#   2. `tofu providers schema -json` in a directory whose config requires only that provider,
#      installed through a filesystem mirror; and the same with a config requiring no provider
#      (tofu's own cost); GetProviderSchema alone from OpenTofu's TF_LOG=trace timestamps
#   3. peak RSS (VmHWM) of the plugin process during (2), polled from /proc every ~1 ms in runs
#      of their own (not the timed ones); the binary size, as built and stripped
#   4. `pulumi package get-schema` of pulumi-resource-wgmesh (wgmesh only)
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

# A filesystem mirror holding both providers; one config dir for each, and one with none.
"$repo/scripts/install-plugins" "$build" "$work/plugins" >/dev/null 2>&1 || die "install-plugins failed"
case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
mkdir -p "$work/plugins/wgmesh.local/bench/null/0.0.1/linux_$arch"
cp "$null_bin" "$work/plugins/wgmesh.local/bench/null/0.0.1/linux_$arch/terraform-provider-null"
cat >"$work/cli.tfrc" <<EOT
provider_installation {
  filesystem_mirror {
    path    = "$work/plugins"
    include = ["wgmesh.local/*/*"]
  }
}
EOT
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
unset TF_LOG TF_PLUGIN_CACHE_DIR
tofu_version=$(tofu version)
tofu_version=$(awk '/^OpenTofu v/ { print $2 }' <<<"$tofu_version")
required() { # NAME SOURCE
  printf 'terraform {\n  required_providers {\n    %s = { source = "%s" }\n  }\n}\n' "$1" "$2"
}
mkdir -p "$work/none" "$work/wgmesh" "$work/null"
printf 'terraform {}\n' >"$work/none/main.tf"
required wgmesh wgmesh.local/wgmesh/wgmesh >"$work/wgmesh/main.tf"
required null wgmesh.local/bench/null >"$work/null/main.tf"
for d in none wgmesh null; do
  (cd "$work/$d" && tofu init -input=false -no-color >init.out 2>&1) || { cat "$work/$d/init.out" >&2; die "tofu init failed in $d"; }
done

rows=()
row() { # MEASURE WGMESH GO RATIO LOAD
  rows+=("| $1 | $2 | $3 | $4 | $5 |")
  log "| $1 | $2 | $3 | $4 | $5 |"
}
# ratio A B: "A / B" to one decimal, or "-"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else printf "-" }'; }
fmt() { pb_fmt_ms "$1" "$2" "$3" "$RUNS"; } # median min max
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
# field TSV KEY N: the Nth tab-separated field of the line of TSV that starts with KEY
field() { awk -F'\t' -v k="$2" -v n="$3" '$1 == k { print $n }' <<<"$1"; }

# --- 1. exec -> handshake line
pb_client_cert "$work" || die "openssl failed"
l=$(pb_load)
hs=$(pb_handshake "$RUNS" "$work/client.pem" "$wgmesh_bin" "$null_bin") || die "handshake measurement failed"
w=("$(field "$hs" "$wgmesh_bin" 2)" "$(field "$hs" "$wgmesh_bin" 3)" "$(field "$hs" "$wgmesh_bin" 4)")
g=("$(field "$hs" "$null_bin" 2)" "$(field "$hs" "$null_bin" 3)" "$(field "$hs" "$null_bin" 4)")
row "exec -> handshake line" "$(fmt "${w[@]}")" "$(fmt "${g[@]}")" "$(ratio "${w[0]}" "${g[0]}")" "$l"
hs_rss_w=$(field "$hs" "$wgmesh_bin" 5) hs_rss_g=$(field "$hs" "$null_bin" 5) hs_load=$l

# --- 2. `tofu providers schema -json`, whole command
l=$(pb_load)
sc=$(python3 "$pb_time" command "$RUNS" wall "$work/none" "$work/wgmesh" "$work/null") || die "schema runs failed"
n=("$(field "$sc" "$work/none" 2)" "$(field "$sc" "$work/none" 3)" "$(field "$sc" "$work/none" 4)")
w=("$(field "$sc" "$work/wgmesh" 2)" "$(field "$sc" "$work/wgmesh" 3)" "$(field "$sc" "$work/wgmesh" 4)")
g=("$(field "$sc" "$work/null" 2)" "$(field "$sc" "$work/null" 3)" "$(field "$sc" "$work/null" 4)")
row "\`tofu providers schema -json\`, config requiring the provider" "$(fmt "${w[@]}")" "$(fmt "${g[@]}")" \
  "$(ratio "${w[0]}" "${g[0]}")" "$l"
row "the same, config requiring no provider (tofu alone)" "$(fmt "${n[@]}")" "(same run)" "" "$l"
dw=$(awk -v a="${w[0]}" -v b="${n[0]}" 'BEGIN { printf "%.1f", a - b }')
dg=$(awk -v a="${g[0]}" -v b="${n[0]}" 'BEGIN { printf "%.1f", a - b }')
row "provider's share (median with provider - median without)" "$dw ms" "$dg ms" "$(ratio "$dw" "$dg")" "$l"

# GetProviderSchema alone, from tofu's trace log
l=$(pb_load)
tr=$(python3 "$pb_time" command "$RUNS" trace "$work/wgmesh" "$work/null") || die "trace runs failed"
w=("$(field "$tr" "$work/wgmesh" 2)" "$(field "$tr" "$work/wgmesh" 3)" "$(field "$tr" "$work/wgmesh" 4)")
g=("$(field "$tr" "$work/null" 2)" "$(field "$tr" "$work/null" 3)" "$(field "$tr" "$work/null" 4)")
row "GetProviderSchema (TF_LOG=trace, ms timestamps)" "$(fmt "${w[@]}")" "$(fmt "${g[@]}")" "" "$l"
sw=$(wc -c <"$work/wgmesh/schema.json") sg=$(wc -c <"$work/null/schema.json")
row "\`providers schema -json\` output" "$sw bytes" "$sg bytes" "" ""

# --- 3. peak RSS during the schema command (own runs, /proc polled), and the binary size
l=$(pb_load)
rs=$(python3 "$pb_time" command "$RUNS" rss "$work/wgmesh" "$work/null") || die "RSS runs failed"
peak() { # LINE_KEY EXE_NAME: kB
  field "$rs" "$1" 5 | tr ',' '\n' | awk -F= -v n="$2" '$1 == n { print $2 }'
}
pw=$(peak "$work/wgmesh" terraform-provider-wgmesh) pg=$(peak "$work/null" terraform-provider-null)
[[ -n $pw && -n $pg ]] || die "no plugin process seen in the RSS runs: $rs"
row "plugin peak RSS during \`providers schema -json\` (max of $RUNS runs)" "$(mb "$pw")" "$(mb "$pg")" \
  "$(ratio "$pw" "$pg")" "$l"
row "plugin RSS at the handshake line (max of $RUNS runs)" "$(mb "$hs_rss_w")" "$(mb "$hs_rss_g")" \
  "$(ratio "$hs_rss_w" "$hs_rss_g")" "$hs_load"
tw=$(peak "$work/wgmesh" tofu) tg=$(peak "$work/null" tofu)
row "tofu's own peak RSS in the same runs" "$(mb "$tw")" "$(mb "$tg")" "" "$l"
bw=$(stat -c %s "$wgmesh_bin") bg=$(stat -c %s "$null_bin")
strip -o "$work/wgmesh.stripped" "$wgmesh_bin"
bsw=$(stat -c %s "$work/wgmesh.stripped")
row "binary size, as built" "$(mb $((bw / 1024)))" "$(mb $((bg / 1024))) (-s -w)" "" ""
row "binary size, stripped" "$(mb $((bsw / 1024)))" "$(mb $((bg / 1024)))" "$(ratio "$bsw" "$bg")" ""
# shared libraries: wgmesh links grpc++, protobuf, abseil, libssh... dynamically; Go is static
libs() { # BIN: "N, X MB" (count and total file size of what ldd resolves)
  local out paths
  out=$(ldd "$1" 2>&1) || { echo "none (static)"; return 0; }
  paths=$(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out")
  [[ -n $paths ]] || { echo "none (static)"; return 0; }
  # shellcheck disable=SC2086 # one path a word
  stat -L -c %s $paths | awk '{ n++; s += $1 } END { printf "%d, %.1f MB", n, s / 1048576 }'
}
row "shared libraries loaded (ldd), their total size" "$(libs "$wgmesh_bin")" "$(libs "$null_bin")" "" ""

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
  mkdir -p "$work/pulumi"
  l=$(pb_load)
  pr=$(cd "$work/pulumi" && PATH=$pbin:$PATH PULUMI_HOME=$work/pulumi-home PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true python3 "$pb_time" run "$RUNS" pulumi package get-schema "$plugin") ||
    die "pulumi package get-schema failed"
  read -r -a w <<<"$pr"
  row "\`pulumi package get-schema\` (whole command; Pulumi side)" "$(fmt "${w[@]}")" "-" "" "$l"
}
pulumi_row

echo
echo "wgmesh: $wgmesh_bin ($(uname -m)); Go: terraform-plugin-framework $NULL_FRAMEWORK_VERSION," \
  "$(go version 2>/dev/null | cut -d' ' -f3); OpenTofu $tofu_version; $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| measure | wgmesh (C++) | Go provider (null's schema, plugin-framework) | wgmesh / Go | load (1 min) |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
