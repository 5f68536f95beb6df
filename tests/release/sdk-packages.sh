#!/usr/bin/env bash
# The released Pulumi SDK packages install from dist/sdk into clean directories, as a user
# installs them, and the example programs build against them: the npm tarball into a copy of
# examples/pulumi/typescript (no path mapping to the source SDK) that then compiles and loads
# it; the wheel, then the sdist, into a fresh venv where the Python example compiles and the
# package imports with the release's version; the Go module, from dist's GOPROXY directory,
# into the Go example, which builds. (Previews need the pulumi-language-nodejs, -python and -go
# hosts, which scripts/install-pulumi does not build.)
#   sdk-packages.sh DIST      Exit: 0 passed, 1 failed, 77 skipped (no npm / dist)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tests/release/lib.sh"
dist="$(realpath "$1")/sdk"
pep440="${version/-alpha./a}" pep440="${pep440/-beta./b}" pep440="${pep440/-rc./rc}"
tgz="wgmesh-pulumi-$version.tgz"
wheel="pulumi_wgmesh-$pep440-py3-none-any.whl"
sdist="pulumi_wgmesh-$pep440.tar.gz"
need_dist "$dist" "$tgz" "$wheel" "$sdist"
command -v npm >/dev/null || { echo "SKIP - npm is not installed"; exit 77; }
ex="$root/examples/pulumi"

# ---- TypeScript
ts="$work/typescript"
cp -r "$ex/typescript" "$ts"
python3 - "$ts/tsconfig.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["compilerOptions"]["paths"].pop("@wgmesh/pulumi")  # resolve it from node_modules
json.dump(doc, open(sys.argv[1], "w"), indent=2)
PY
check "npm install of the released tarball into the TypeScript example" \
  sh -c "cd '$ts' && npm install --prefer-offline --no-audit --no-fund --loglevel=error && npm install --prefer-offline --no-audit \
           --no-fund --loglevel=error '$dist/$tgz'"
check "the installed @wgmesh/pulumi is version $version" \
  sh -c "cd '$ts' && node -p 'require(\"@wgmesh/pulumi/package.json\").version' | grep -qx '$version'"
check "the TypeScript example compiles against the installed package" \
  sh -c "cd '$ts' && npx tsc --noEmit"
check "the installed package loads (Mesh, Node, Provider)" \
  sh -c "cd '$ts' && node -e 'const w = require(\"@wgmesh/pulumi\");
    for (const k of [\"Mesh\", \"Node\", \"Provider\"]) if (typeof w[k] !== \"function\") process.exit(1)'"

# ---- Python
py="$work/python"
cp -r "$ex/python" "$py"
python3 -m venv "$py/.venv"
imports_release() {
  "$py/.venv/bin/python" -c 'import importlib.metadata as m, sys, pulumi_wgmesh as w
w.Mesh, w.Node, w.Provider
sys.exit(m.version("pulumi_wgmesh") != sys.argv[1])' "$pep440" \
    && "$py/.venv/bin/python" -m py_compile "$py/__main__.py"
}
check "pip install of the released wheel into a fresh venv" \
  "$py/.venv/bin/pip" install -q "$dist/$wheel"
check "the wheel imports as pulumi_wgmesh $pep440 and the Python example compiles" imports_release
check "pip install of the released sdist over it" \
  "$py/.venv/bin/pip" install -q --no-deps --force-reinstall "$dist/$sdist"
check "the sdist imports as pulumi_wgmesh $pep440 and the Python example compiles" imports_release

# ---- Go: the example requires the released module (no replace), served from dist/sdk/goproxy;
# the Pulumi SDK and its dependencies come from the Go module cache / proxy.
if command -v go >/dev/null; then
  # shellcheck source=../../scripts/lib/go-tools.sh
  source "$root/scripts/lib/go-tools.sh"
  wg_go_env
  gomod=github.com/wgmesh/wgmesh/sdk/go
  export GOPROXY="file://$dist/goproxy,$GOPROXY" GONOSUMDB="$gomod" GOFLAGS="$GOFLAGS -mod=mod"
  goex="$work/go"
  cp -r "$ex/go" "$goex"
  go_builds() {
    cd "$goex" && go mod edit -dropreplace="$gomod" -require="$gomod@v$version" \
      && go mod tidy && wg_nice go build -o "$work/go-example" . \
      && [[ "$(go list -m "$gomod")" == "$gomod v$version" ]]
  }
  check "the Go example builds against the released Go SDK module v$version" go_builds
else
  echo "SKIP - go is not installed: the Go SDK is not built"
fi
finish
