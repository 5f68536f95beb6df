#!/usr/bin/env bash
# `pulumi up` wall time for a fresh N-node mesh on the lab, a no-op preview, and
# destroy, with the real Pulumi CLI and YAML host (scripts/install-pulumi).
#   tests/lab/with-lab.sh bench/pulumi_bench.sh [BUILD_DIR]     (NODES="3 6" by default)
# Uses its own mesh (pbench), subnet (10.85.0.0/24) and port (51850); destroys what it made.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
build=$(cd "${1:-$root/build}" && pwd -P)
provider_dir="$build/provider/pulumi"
[[ -x $provider_dir/pulumi-resource-wgmesh ]] || { echo "build pulumi-resource-wgmesh first" >&2; exit 2; }
# shellcheck disable=SC1091
source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env"
# shellcheck source=../tests/e2e/lib/pulumi-env.sh
source "$root/tests/e2e/lib/pulumi-env.sh"
work=$(mktemp -d /tmp/wgmesh-pulumi-bench.XXXXXX)
mkdir -p "$work/prog"
cleanup() { (cd "$work/prog" && pulumi destroy --yes --non-interactive >/dev/null 2>&1) || true; rm -rf "$work"; }
trap cleanup EXIT
pulumi_env "$work" || { echo "no Pulumi CLI + YAML host (scripts/install-pulumi)" >&2; exit 2; }

program() { # program N: a Mesh and N Nodes on lab nodes 1..N
  local n=$1 k port
  {
    printf 'name: pbench\nruntime: yaml\nplugins:\n  providers:\n    - name: wgmesh\n      path: %s\n' "$provider_dir"
    printf 'resources:\n  mesh:\n    type: wgmesh:index:Mesh\n    properties:\n      name: pbench\n'
    printf '      network: 10.85.0.0/24\n      nodes:\n'
    for ((k = 1; k <= n; k++)); do
      printf '        n%d: {addr: 10.85.0.%d/24, endpoint: "fd00:10::%d", listenPort: 51850}\n' "$k" "$k" "$k"
    done
    for ((k = 1; k <= n; k++)); do
      port="LAB_NODE${k}_PORT"
      printf '  n%d:\n    type: wgmesh:index:Node\n    properties:\n' "$k"
      printf '      config: ${mesh.nodeConfigs["n%d"]}\n      connection: {host: 127.0.0.1, port: %d}\n' "$k" "${!port}"
    done
  } >"$work/prog/Pulumi.yaml"
}

timed() { local t0=$SECONDS; "$@" >"$work/last.log" 2>&1 || { tail -30 "$work/last.log" >&2; return 1; }; echo $((SECONDS - t0)); }

cd "$work/prog"
program 1
pulumi stack init bench --non-interactive >/dev/null
pulumi config set wgmesh:knownHostsFile "$LAB_KNOWN_HOSTS" >/dev/null
# The key goes in on stdin: never on a command line.
pulumi config set --secret wgmesh:privateKey <"$LAB_SSH_KEY" >/dev/null
echo "| nodes | pulumi up (fresh) | no-op preview | destroy | load |"
echo "|---|---|---|---|---|"
for n in ${NODES:-3 6}; do
  ((LAB_NODES >= n)) || { echo "the lab has $LAB_NODES nodes, not $n" >&2; exit 2; }
  program "$n"
  load=$(cut -d' ' -f1 /proc/loadavg)
  up=$(timed pulumi up --yes --non-interactive --skip-preview)
  preview=$(timed pulumi preview --non-interactive --expect-no-changes)
  down=$(timed pulumi destroy --yes --non-interactive)
  echo "| $n | ${up} s | ${preview} s | ${down} s | $load |"
done
