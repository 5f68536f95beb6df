#!/usr/bin/env bash
# examples/ci/steps/tofu-plan.sh ROOT_MODULE_DIR VAR_FILE: `tofu plan -out`,
# unattended. Writes ROOT_MODULE_DIR/tfplan, which the apply job applies as
# it is (steps/tofu-apply.sh). The CI passes, from its secret
# store, WGMESH_SSH_PRIVATE_KEY and WGMESH_KNOWN_HOSTS (steps/secrets.sh).
# A saved plan holds the provider configuration, so the key too: keep the
# plan artifact private and short-lived. The apply job must write the key to
# the same path (WGMESH_SECRETS_DIR: the defaults are the same in every job).
set -euo pipefail
dir=${1:?usage: tofu-plan.sh ROOT_MODULE_DIR VAR_FILE}
var_file=${2:?usage: tofu-plan.sh ROOT_MODULE_DIR VAR_FILE}
# shellcheck source=examples/ci/steps/secrets.sh
source "$(dirname "${BASH_SOURCE[0]}")/secrets.sh"
export TF_IN_AUTOMATION=1 TF_INPUT=0
export TF_VAR_ssh_private_key_file=$WGMESH_SSH_KEY_FILE
export TF_VAR_known_hosts_file=$WGMESH_KNOWN_HOSTS_FILE
tofu -chdir="$dir" init -input=false
tofu -chdir="$dir" plan -input=false -var-file="$var_file" -out=tfplan
