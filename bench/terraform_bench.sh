#!/usr/bin/env bash
# Terraform/OpenTofu provider benchmark against a running lab (issue 4):
#   bench/terraform_bench.sh [BUILD_DIR]        (default: build)
# Measures: provider exec -> go-plugin handshake line (median of RUNS); GetProviderSchema
# latency as OpenTofu sees it; `tofu apply` from scratch, a no-op `tofu plan` and
# `tofu destroy` for each node count in NODES; the provider's peak RSS (VmHWM polled from
# /proc while tofu runs). Prints a Markdown table with the 1-minute load average of each.
# Env: WGMESH_LAB_DIR (default /tmp/wgmesh-lab; the lab must be up with max(NODES) nodes),
#      NODES (default "3 6"), RUNS (default 10).
# Uses its own mesh name, subnet and WireGuard port (tfbench, 10.84.0.0/24, 51840) so it can
# share a lab with other runs, and destroys what it created.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
build=$(cd "${1:-$root/build}" && pwd -P)
dir=${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}
NODES=${NODES:-"3 6"}
RUNS=${RUNS:-10}
mesh=tfbench
net=10.84.0
port=51840
# shellcheck source=bench/lib/plugin.sh
source "$here/lib/plugin.sh"
# shellcheck source=tests/e2e/lib/provider-mirror.sh
source "$root/tests/e2e/lib/provider-mirror.sh"

die() { echo "terraform_bench: $*" >&2; exit 1; }
[[ -r $dir/lab.env ]] || die "no $dir/lab.env: start the lab (scripts/lab up)"
# shellcheck disable=SC1091
. "$dir/lab.env"
for n in $NODES; do ((n <= LAB_NODES)) || die "the lab has $LAB_NODES nodes, $n wanted"; done

bin=$build/provider/terraform-provider-wgmesh
[[ -x $bin ]] || ninja -C "$build" -j2 terraform-provider-wgmesh >&2 || die "cannot build the provider"
tofu_dir=$("$root/scripts/install-tofu" | tail -n 1) || die "install-tofu failed"
export PATH=$tofu_dir:$PATH
work=$(mktemp -d /tmp/wgmesh-tf-bench.XXXXXX)
provider_mirror "$build" "$work" 2>/dev/null || die "install-plugins failed"
mkdir -p "$work/tf"
cp "$root/examples/terraform/main.tf" "$work/tf/"
cd "$work/tf" || exit 1

tf() { tofu "$@" -no-color -var mesh_name=$mesh -var network=$net.0/24 -var-file=vars.json; }
tfvars() { # nodes
  "$root/examples/terraform/lab-tfvars" "$dir/lab.env" "$1" |
    sed -e "s|\"ssh_host\"|\"listen_port\": $port, \"ssh_host\"|" -e "s|\"10\.0\.0\.|\"$net.|" >vars.json
}
cleanup() {
  if [[ -s terraform.tfstate ]] && grep -q '"type": "wgmesh_node"' terraform.tfstate; then
    echo "cleanup: destroying what is left" >&2
    tf destroy -auto-approve >"$work/cleanup-destroy.out" 2>&1 || echo "cleanup destroy failed: $work" >&2
  fi
  [[ -n ${KEEP_WORK:-} ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Peak RSS: poll VmHWM of every provider process started from this work dir (a CI run
# elsewhere may run its own provider) every 50 ms; the max goes to $work/rss.<tag>.
rss_watch() { # tag
  local tag=$1
  (
    max=0
    while :; do
      for p in $(pgrep -f terraform-provider-wgmesh); do
        exe=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
        [[ $exe == "$work"/* ]] || continue
        kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
        [[ -n $kb ]] && ((kb > max)) && { max=$kb; echo "$max" >"$work/rss.$tag"; }
      done
      sleep 0.05
    done
  ) &
  watcher=$!
}
rss_stop() { kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null; }
rss_mb() { awk '{ printf "%.1f MB", $1 / 1024 }' "$work/rss.$1" 2>/dev/null || echo "n/a"; }

tf_init_out=$work/init.out
tfvars "${NODES%% *}"
tofu init -input=false -no-color >"$tf_init_out" 2>&1 || { cat "$tf_init_out"; die "tofu init failed"; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); echo "| $1 | $2 | $3 | $4 |" >&2; }

# --- 1. exec -> handshake line, the way tofu starts a plugin (bench/lib/plugin_time.py).
pb_client_cert "$work" || die "openssl failed"
l=$(pb_load)
hs=$(pb_handshake "$RUNS" "$work/client.pem" "$bin") || die "handshake measurement failed"
IFS=$'\t' read -r _ m lo hi _ <<<"$hs"
row "provider exec -> handshake line" "$(pb_fmt_ms "$m" "$lo" "$hi" "$RUNS")" "$l" "python3 Popen, time to the first stdout line, SIGKILL"

# --- 2. GetProviderSchema: in TF_LOG=trace output, from OpenTofu's "GRPCProvider.v6:
# GetProviderSchema" line to its next GRPCProvider.v6 call (the RPC round trip plus the
# client decoding the schema; the log has ms resolution). Plus the command's wall time, in
# runs without the trace log.
l=$(pb_load)
sc=$(python3 "$pb_time" command "$RUNS" trace "$work/tf") || die "providers schema failed"
IFS=$'\t' read -r _ m lo hi _ <<<"$sc"
row "GetProviderSchema (tofu trace log)" "$(pb_fmt_ms "$m" "$lo" "$hi" "$RUNS")" "$l" "\`TF_LOG=trace tofu providers schema -json\`"
sc=$(python3 "$pb_time" command "$RUNS" wall "$work/tf") || die "providers schema failed"
IFS=$'\t' read -r _ m lo hi _ <<<"$sc"
row "\`tofu providers schema -json\` wall" "$(pb_fmt_ms "$m" "$lo" "$hi" "$RUNS")" "$l" "whole command: tofu start, provider launch, RPC, exit"

# --- 3. apply from scratch, no-op plan, destroy; peak RSS over all of them.
timed() { # tag label cmd...: runs tf with the RSS watcher, records a row
  local tag=$1 label=$2 l t0 t1 rc
  shift 2
  l=$(pb_load)
  rss_watch "$tag"
  t0=$(now)
  "$@" >"$work/$tag.out" 2>&1
  rc=$?
  t1=$(now)
  rss_stop
  ((rc == 0)) || { tail -30 "$work/$tag.out" >&2; die "$label failed (exit $rc)"; }
  row "$label" "$(secs "$t0" "$t1") s" "$l" "provider peak RSS $(rss_mb "$tag")"
}
noop_plan() { tf plan -detailed-exitcode; }
for n in $NODES; do
  tfvars "$n"
  timed "apply$n" "\`tofu apply -auto-approve\`, $n nodes from scratch" tf apply -auto-approve
  timed "plan$n" "no-op \`tofu plan\`, $n nodes" noop_plan
  grep -q "No changes" "$work/plan$n.out" || die "the plan after apply was not empty"
  timed "destroy$n" "\`tofu destroy -auto-approve\`, $n nodes" tf destroy -auto-approve
done
peak=$(cat "$work"/rss.* 2>/dev/null | sort -n | tail -n 1)
[[ -n $peak ]] && echo "$peak" >"$work/rss.all"

echo
echo "| measure | result | load (1 min) | how |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "| provider peak RSS (all runs above) | $(rss_mb all) | | max VmHWM of /proc/<pid>/status, polled every 50 ms |"
