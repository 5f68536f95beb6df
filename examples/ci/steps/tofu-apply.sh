#!/usr/bin/env bash
# examples/ci/steps/tofu-apply.sh ROOT_MODULE_DIR: applies the saved plan
# ROOT_MODULE_DIR/tfplan that steps/tofu-plan.sh wrote (in an earlier job:
# `init` first, then exactly that plan; nothing is planned again). The key
# file the plan names is written again from the same secrets.
set -euo pipefail
dir=${1:?usage: tofu-apply.sh ROOT_MODULE_DIR}
# shellcheck source=examples/ci/steps/secrets.sh
source "$(dirname "${BASH_SOURCE[0]}")/secrets.sh"
export TF_IN_AUTOMATION=1 TF_INPUT=0
tofu -chdir="$dir" init -input=false
tofu -chdir="$dir" apply -input=false tfplan
