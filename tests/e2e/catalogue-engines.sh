#!/usr/bin/env bash
# tests/e2e/catalogue-engines.sh BUILD_DIR
# The catalogue of invalid inputs (tests/data/invalid) through real OpenTofu
# (`tofu plan`) and the real Pulumi CLI (`pulumi preview`), with no SSH
# connection to the lab (tests/e2e/catalogue_engines_test.cc). Puts the engines
# in place (scripts/install-tofu and the provider mirror, scripts/install-pulumi
# and a file backend), then runs the test binary. Run under tests/lab/with-lab.sh.
set -euo pipefail
build=$(cd "${1:?usage: catalogue-engines.sh BUILD_DIR}" && pwd -P)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
work=$(mktemp -d /tmp/wgmesh-catalogue-engines.XXXXXX)
trap 'rm -rf "$work"' EXIT

tofu_dir=$("$root/scripts/install-tofu" 2>/dev/null | tail -n 1)
[[ -x $tofu_dir/tofu ]] || { echo "no tofu (scripts/install-tofu)" >&2; exit 1; }
export PATH=$tofu_dir:$PATH
# shellcheck source=lib/provider-mirror.sh
. "$root/tests/e2e/lib/provider-mirror.sh"
provider_mirror "$build" "$work" || { echo "install-plugins failed" >&2; exit 1; }
# shellcheck source=lib/pulumi-env.sh
. "$root/tests/e2e/lib/pulumi-env.sh"
pulumi_env "$work" || { echo "no pulumi (scripts/install-pulumi)" >&2; exit 1; }

export WGMESH_CATALOGUE_WORK=$work
export WGMESH_PULUMI_PLUGIN_DIR=$build/provider/pulumi
"$build/tests/e2e/catalogue_engines_tests"
