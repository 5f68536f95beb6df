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
cookie=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2

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
"$root/scripts/install-plugins" "$build" "$work/plugins" >/dev/null 2>&1 || die "install-plugins failed"
cat >"$work/cli.tfrc" <<EOT
provider_installation {
  filesystem_mirror {
    path    = "$work/plugins"
    include = ["wgmesh.local/*/*"]
  }
}
EOT
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
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
load() { cut -d' ' -f1 /proc/loadavg; }
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

# --- 1. exec -> handshake line. Like tofu: cookie, PLUGIN_PROTOCOL_VERSIONS and a client
# certificate (AutoMTLS), so the time includes the server's own certificate generation.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/client.key" -out "$work/client.pem" >/dev/null 2>&1 || die "openssl failed"
l=$(load)
hs=$(python3 - "$bin" "$cookie" "$work/client.pem" "$RUNS" <<'PY'
import os, signal, statistics, subprocess, sys, time
binary, cookie, cert, runs = sys.argv[1], sys.argv[2], open(sys.argv[3]).read(), int(sys.argv[4])
env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=cookie, PLUGIN_PROTOCOL_VERSIONS="6",
           PLUGIN_CLIENT_CERT=cert, PLUGIN_MIN_PORT="10000", PLUGIN_MAX_PORT="25000")
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL)
    line = p.stdout.readline()
    times.append((time.perf_counter() - t0) * 1000)
    assert line.startswith(b"1|6|"), line
    p.send_signal(signal.SIGKILL)
    p.wait()
print(f"median {statistics.median(times):.1f} ms ({min(times):.1f}-{max(times):.1f} ms, {runs} runs)")
PY
) || die "handshake measurement failed"
row "provider exec -> handshake line" "$hs" "$l" "python3 Popen, time to the first stdout line, SIGKILL"

# --- 2. GetProviderSchema: in TF_LOG=trace output, from OpenTofu's "GRPCProvider.v6:
# GetProviderSchema" line to its next GRPCProvider.v6 call (the RPC round trip plus the
# client decoding the schema; the log has ms resolution). Plus the command's wall time.
l=$(load)
schema_ms=() schema_wall=()
for _ in $(seq "$RUNS"); do
  t0=$(now)
  TF_LOG=trace tofu providers schema -json >"$work/schema.json" 2>"$work/schema.trace" || die "providers schema failed"
  t1=$(now)
  schema_wall+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }')")
  schema_ms+=("$(python3 - "$work/schema.trace" <<'PY'
import re, sys
from datetime import datetime
ts = []
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"(\S+Z) \[TRACE\] GRPCProvider\.v6: (\S+)", line)
    if m:
        ts.append((m.group(2), datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%fZ")))
for i, (name, t) in enumerate(ts):
    if name == "GetProviderSchema" and i + 1 < len(ts):
        print(int((ts[i + 1][1] - t).total_seconds() * 1000)); break
PY
)")
done
med() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "median %s ms (%s-%s ms, %d runs)", m, a[1], a[NR], NR }'; }
row "GetProviderSchema (tofu trace log)" "$(med "${schema_ms[@]}")" "$l" "\`TF_LOG=trace tofu providers schema -json\`"
row "\`tofu providers schema -json\` wall" "$(med "${schema_wall[@]}")" "$l" "whole command: tofu start, provider launch, RPC, exit"

# --- 3. apply from scratch, no-op plan, destroy; peak RSS over all of them.
timed() { # tag label cmd...: runs tf with the RSS watcher, records a row
  local tag=$1 label=$2 l t0 t1 rc
  shift 2
  l=$(load)
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
