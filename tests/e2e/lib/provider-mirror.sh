# shellcheck shell=bash
# Sourced by the Terraform e2e scripts: provider_mirror BUILD_DIR WORK installs the built
# terraform-provider-wgmesh into WORK/plugins as a filesystem mirror, points the engine at it
# (WORK/cli.tfrc) and sets the non-interactive engine environment. Fails when install fails.
# Also sourced by the benchmarks (bench/terraform_bench.sh, plugin_overhead.sh, compare).
provider_mirror_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)
provider_mirror() {
  "$provider_mirror_root/scripts/install-plugins" "$1" "$2/plugins" >/dev/null || return 1
  cat >"$2/cli.tfrc" <<EOT
provider_installation {
  filesystem_mirror {
    path    = "$2/plugins"
    include = ["wgmesh.local/*/*"]
  }
}
EOT
  export TF_CLI_CONFIG_FILE=$2/cli.tfrc TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
}
