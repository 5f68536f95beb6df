#!/usr/bin/env bash
# The generated Pulumi SDKs (examples/pulumi/sdk) match the schema, and the
# TypeScript and Python example programs compile / import against them with
# the real @pulumi/pulumi (npm) and pulumi (PyPI) packages.
# Exit: 0 all passed, 1 some failed, 77 skipped (no go, node or python3).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ex="$root/examples/pulumi"
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; sed 's/^/     | /' "$work/last.log" | tail -30; }
for tool in go npm node python3; do
  command -v "$tool" >/dev/null || { echo "SKIP - $tool is not installed"; exit 77; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() { "$@" >"$work/last.log" 2>&1; }

if run "$ex/gen-sdks" --check; then ok "examples/pulumi/sdk is what the schema generates"
else bad "examples/pulumi/sdk is stale (run examples/pulumi/gen-sdks)"; fi

cp -r "$ex/typescript" "$ex/sdk" "$work/"
if run sh -c "cd '$work/typescript' && npm install --no-audit --no-fund --loglevel=error \
    && npx tsc --noEmit"; then
  ok "the TypeScript example compiles against the generated SDK"
else
  bad "the TypeScript example does not compile"
fi

cp -r "$ex/python" "$work/"
if run sh -c "cd '$work/python' && python3 -m venv .venv \
    && .venv/bin/pip install -q -r requirements.txt \
    && .venv/bin/python -c 'import pulumi_wgmesh as w; w.Mesh; w.Node; w.Provider' \
    && .venv/bin/python -m py_compile __main__.py"; then
  ok "the generated Python SDK imports and the Python example compiles"
else
  bad "the Python SDK or example is broken"
fi

echo "$pass passed, $fail failed"
((fail == 0))
