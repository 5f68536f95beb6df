#!/usr/bin/env bash
# tests/cli/original_forms_test.sh WGMESH: every mesh file form the original
# `mesh` tool (wireguard-mesh 0.2.5) accepts, in tests/data/original/, is
# accepted by `wgmesh check` and `wgmesh render` with the original's meaning.
#
# Each FILE has FILE's stem .meaning.json: the original's own reading of it
# (tests/data/original/original_meaning.py, run with the original's code).
# When the original is installed (scripts/install-original; this test never
# installs it, so it stays offline), the meaning is re-derived from the
# original and must equal the committed one. Touches no host.
set -uo pipefail
wgmesh=$(realpath "${1:?usage: original_forms_test.sh PATH/TO/wgmesh}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
corpus=$root/tests/data/original
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/ssh_config" # no Host blocks: aliases are host names
failed=0 passed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

original_python=
for marker in "${WGMESH_CACHE:-/var/cache/wgmesh}"/original-venv/.complete-wireguard-mesh-*; do
  [[ -f $marker ]] && original_python="$(dirname "$marker")/bin/python"
done
[[ -n $original_python ]] || echo "note: the original is not installed (scripts/install-original);" \
  "comparing with the committed meanings only"

cd "$corpus" || exit 1 # key_filename paths in the corpus are relative to it
shopt -s nullglob
files=(*.yaml *.json)
forms=0
for f in "${files[@]}"; do
  [[ $f == *.meaning.json ]] && continue
  forms=$((forms + 1))
  stem=${f%.*}
  json_flag=()
  [[ $f == *.json ]] && json_flag=(-j)
  if [[ -n $original_python ]]; then
    if "$original_python" original_meaning.py "$f" "${json_flag[@]}" >"$work/$stem.original" &&
      diff -u "$stem.meaning.json" "$work/$stem.original" >"$work/diff"; then
      ok "$f: the committed meaning is the original's"
    else
      bad "$f: the original reads it differently from $stem.meaning.json:"
      sed 's/^/     /' "$work/diff"
    fi
  fi
  if ! "$wgmesh" --ssh-config "$work/ssh_config" -q -f "$f" -J check >"$work/check.json" 2>"$work/err"; then
    bad "$f: wgmesh check refuses it:"; sed 's/^/     /' "$work/err"; continue
  fi
  if ! "$wgmesh" -q -f "$f" -J render >"$work/render.json" 2>"$work/err"; then
    bad "$f: wgmesh render refuses it:"; sed 's/^/     /' "$work/err"; continue
  fi
  if python3 compare_meaning.py "$stem.meaning.json" "$work/check.json" "$work/render.json" \
    >"$work/diff"; then
    ok "$f: wgmesh check and render accept it with the original's meaning"
  else
    bad "$f: wgmesh's meaning differs:"; sed 's/^/     /' "$work/diff"
  fi
done
((forms >= 8)) && ok "the corpus holds $forms mesh files" || bad "the corpus holds only $forms mesh files"
echo "$passed passed, $failed failed"
((failed == 0))
