#!/usr/bin/env bash
# The Pulumi SDKs of one release as packages, from the generated SDKs in examples/pulumi/sdk
# (examples/pulumi/gen-sdks; tests/e2e/pulumi-sdks.sh keeps them current), into DIST/sdk:
#   wgmesh-pulumi-<v>.tgz                 `npm pack` of the compiled TypeScript SDK
#   pulumi_wgmesh-<pep440 v>-py3-none-any.whl, pulumi_wgmesh-<pep440 v>.tar.gz
#   goproxy/github.com/wgmesh/wgmesh/sdk/go/@v/   the Go SDK module at v<v>, as a GOPROXY
#                                         directory (published, it is the repository's tag)
#
#   pulumi_sdks.sh VERSION DIST           (called by scripts/release; needs npm and python3)
# npm and pip fetch the build tools (typescript, @pulumi/pulumi, build) from their registries,
# cached in their usual caches.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
version="$1" out="$2/sdk"
sdk="$root/examples/pulumi/sdk"
die() { echo "release: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm is not installed"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"

# ---- Node.js: compile, then pack what tsc wrote (bin/) with the versioned package.json
cp -r "$sdk/nodejs" "$stage/nodejs"
python3 - "$stage/nodejs/package.json" "$version" <<'PY'
import json, sys
path, version = sys.argv[1:]
doc = json.load(open(path))
doc["version"] = version  # the generator leaves "${VERSION}" for the release to fill in
json.dump(doc, open(path, "w"), indent=4)
PY
(cd "$stage/nodejs" \
  && npm install --prefer-offline --no-audit --no-fund --loglevel=error >&2 \
  && npx tsc >&2 \
  && cp package.json README.md bin/ \
  && cd bin && npm pack --pack-destination "$out" --loglevel=error >&2) \
  || die "building the Node.js SDK package failed"

# ---- Python: wheel and sdist, with the PEP 440 spelling of the version
pep440="$(python3 - "$version" <<'PY'
import re, sys
m = re.fullmatch(r"(\d+\.\d+\.\d+)(?:-(alpha|beta|rc)\.(\d+))?", sys.argv[1])
if not m:
    sys.exit(f"release: version {sys.argv[1]} has no PEP 440 form (use X.Y.Z or X.Y.Z-alpha|beta|rc.N)")
print(m[1] + ({"alpha": "a", "beta": "b", "rc": "rc"}[m[2]] + m[3] if m[2] else ""))
PY
)"
cp -r "$sdk/python" "$stage/python"
sed -i "s/^VERSION = \"0.0.0\"$/VERSION = \"$pep440\"/" "$stage/python/setup.py"
grep -q "^VERSION = \"$pep440\"$" "$stage/python/setup.py" || die "setup.py has no VERSION line to set"
python3 -m venv "$stage/venv"
"$stage/venv/bin/pip" install -q build setuptools wheel >&2
(cd "$stage/python" && "$stage/venv/bin/python" -m build --no-isolation --sdist --wheel --outdir "$out" >&2) \
  || die "building the Python SDK packages failed"

# ---- Go: the module as a module proxy serves it
python3 "$root/scripts/lib/release/go_module_proxy.py" "$sdk/go" "$version" "$out/goproxy"
