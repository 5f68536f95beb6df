#!/usr/bin/env bash
# The released Pulumi plugin installs the way a user installs it: the tarball's name is the one
# the engine derives from the schema's pluginDownloadURL (`pulumi plugin install --server`, with
# the URL's host replaced by dist/ served over HTTPS on loopback), `pulumi plugin install
# resource wgmesh <v> --file <tarball>` installs it into a PULUMI_HOME of the test's own, and
# the YAML example without its `plugins.providers` path previews against the installed plugin.
#   pulumi-plugin.sh DIST     Exit: 0 passed, 1 failed, 77 skipped (no engine / no dist)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/tests/release/lib.sh"
dist="$(realpath "$1")"
tarball="pulumi-resource-wgmesh-v$version-linux-amd64.tar.gz"
need_dist "$dist" "$tarball"

pulumi_bin="$("$root/scripts/install-pulumi" 2>"$work/install.log")" \
  || { echo "SKIP - Pulumi is not installed"; exit 77; }
# Only the engine and the system: no build dir on PATH where the engine could find a plugin.
export PATH="$pulumi_bin:/usr/local/bin:/usr/bin:/bin"
export PULUMI_CONFIG_PASSPHRASE=release-test PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_SKIP_CONFIRMATIONS=true
installed_plugin() { ls -d "$PULUMI_HOME/plugins/resource-wgmesh-v$version"; }

# ---- the download URL: the schema's pattern, the release's file name
url="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pluginDownloadURL"])' \
  "$root/schema/wgmesh.schema.json")"
url="${url//\$\{VERSION\}/$version}"
url_path="/${url#https://*/}"  # /wgmesh/wgmesh/releases/download/v<v>
mkdir -p "$work/site$url_path"
cp "$dist/$tarball" "$work/site$url_path/"
serve_https "$work/site" || exit 1
export PULUMI_HOME="$work/home-download"
check "the schema's pluginDownloadURL ($url) names the released tarball" \
  env SSL_CERT_FILE="$https_cert" pulumi plugin install resource wgmesh "$version" \
    --server "https://127.0.0.1:$https_port$url_path"
check "... and the engine installed it from there" installed_plugin

# ---- the tarball, installed by file
export PULUMI_HOME="$work/pulumi-home"
check "pulumi plugin install resource wgmesh $version --file <tarball>" \
  pulumi plugin install resource wgmesh "$version" --file "$dist/$tarball"
check "the plugin is in PULUMI_HOME as resource-wgmesh-v$version" installed_plugin
check "the installed plugin reports version $version" \
  sh -c "timeout 10 '$PULUMI_HOME/plugins/resource-wgmesh-v$version/pulumi-resource-wgmesh' --version \
         | grep -qx 'pulumi-resource-wgmesh $version'"

# ---- the YAML example, without plugins.providers: the engine must use the installed plugin
prog="$work/yaml"
mkdir -p "$prog"
sed '/^plugins:/,/^config:/{/^config:/!d}' "$root/examples/pulumi/yaml/Pulumi.yaml" \
  >"$prog/Pulumi.yaml"
ssh-keygen -q -t ed25519 -N '' -f "$work/id" >/dev/null
: >"$work/known_hosts"
preview() {
  cd "$prog" && mkdir -p "$work/state" || return 1
  pulumi login "file://$work/state" && pulumi stack init release --non-interactive \
    && pulumi config set wgmesh:knownHostsFile "$work/known_hosts" \
    && pulumi config set --secret wgmesh:privateKey <"$work/id" \
    && pulumi preview --non-interactive --diff >"$work/preview.out" 2>&1
  local rc=$?
  cat "$work/preview.out"
  ((rc == 0)) && grep -q "5 to create" "$work/preview.out"  # the stack, the Mesh, three Nodes
}
if grep -q "path:" "$prog/Pulumi.yaml"; then
  run cat "$prog/Pulumi.yaml"; bad "the example program still names a plugin path"
else
  check "the YAML example (no plugins.providers) previews with the installed plugin" preview
fi
finish
