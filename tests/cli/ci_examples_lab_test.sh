#!/usr/bin/env bash
# tests/cli/ci_examples_lab_test.sh BUILD_DIR: the CI examples (examples/ci)
# run as a CI runner runs them, against the lab, with real Pulumi and OpenTofu:
# CI=true, no TTY (setsid), stdin closed, secrets only in the environment.
# The commands are read out of the CI files themselves (tests/cli/ci_steps.py),
# so this test runs what they run; the GitHub and GitLab files must run the
# same steps.
#   1. pulumi up (examples/ci/pulumi, stack config = the lab's hosts): exit 0,
#      the mesh pings, the key is a secret in the stack config and appears in
#      no output, the key file is private
#   2. tofu plan -out in one "job", tofu apply of that saved plan in the next
#      (a fresh .terraform: init again): exit 0, the mesh pings, a new plan
#      has no changes
# The lab hosts are cleaned (pulumi destroy, tofu destroy) afterwards.
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build=$(realpath "${1:?usage: ci_examples_lab_test.sh BUILD_DIR}")
work=$(mktemp -d)
failed=0 passed=0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
if [[ -z ${LAB_SSH_CONFIG:-} ]]; then
  # shellcheck disable=SC1091
  source "${WGMESH_LAB_DIR:-/tmp/wgmesh-lab}/lab.env" || { echo "no lab.env: is the lab up?"; exit 1; }
fi
((LAB_NODES >= 3)) || { echo "needs a lab with 3 nodes"; exit 1; }
# shellcheck source=tests/e2e/lib/lab-nodes.sh
source "$root/tests/e2e/lib/lab-nodes.sh"
# shellcheck source=tests/e2e/lib/provider-mirror.sh
source "$root/tests/e2e/lib/provider-mirror.sh"
t0=$SECONDS
step() { echo "== $* ($((SECONDS - t0)) s)"; }
same() { # same DESCRIPTION WANT GOT
  if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1:"; diff <(echo "$2") <(echo "$3") | sed 's/^/     /'; fi
}

pulumi_bin=$("$root/scripts/install-pulumi" 2>/dev/null | tail -n 1)
tofu_bin=$("$root/scripts/install-tofu" 2>/dev/null | tail -n 1)
[[ -x $pulumi_bin/pulumi && -x $tofu_bin/tofu ]] || { echo "no pulumi or tofu (scripts/install-*)"; exit 1; }
pulumi_provider=$build/provider/pulumi/pulumi-resource-wgmesh
[[ -x $pulumi_provider ]] || { echo "no $pulumi_provider: build it first"; exit 1; }

# The CI runner's environment: CI=true, the secrets from the "secret store".
export CI=true
export WGMESH_SSH_PRIVATE_KEY WGMESH_KNOWN_HOSTS
WGMESH_SSH_PRIVATE_KEY=$(cat "$LAB_SSH_KEY")
WGMESH_KNOWN_HOSTS=$(cat "$LAB_KNOWN_HOSTS")
export WGMESH_SECRETS_DIR=$work/runner-temp/wgmesh-ci
export PATH="$pulumi_bin:$tofu_bin:$(dirname "$pulumi_provider"):$PATH"
export PULUMI_HOME=$work/pulumi-home PULUMI_CONFIG_PASSPHRASE=ci-test-passphrase
export PULUMI_BACKEND_URL=file://$work/pulumi-state PULUMI_STACK=ci
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
mkdir -p "$work/pulumi-state"
net=""
cleanup() {
  if [[ -f $work/pulumi/Pulumi.yaml ]]; then
    (cd "$work/pulumi" && pulumi destroy --yes --non-interactive >"$work/destroy.log" 2>&1) ||
      echo "cleanup: pulumi destroy failed"
  fi
  if [[ -f $work/tf/terraform.tfstate ]]; then
    TF_VAR_ssh_private_key_file=$LAB_SSH_KEY TF_VAR_known_hosts_file=$LAB_KNOWN_HOSTS \
      tofu -chdir="$work/tf" destroy -auto-approve -input=false -var-file=ci.tfvars.json \
      >"$work/destroy.log" 2>&1 </dev/null || echo "cleanup: tofu destroy failed"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# run_ci_step LOG COMMAND: one CI file's command line, as the runner runs it.
run_ci_step() {
  (cd "$root" && setsid bash -c "$2" </dev/null >"$1" 2>&1)
}
secret_leaked() { # LOG...: the key's base64 body in any of them
  local body
  body=$(sed -n '2p' "$LAB_SSH_KEY")
  grep -qF -- "$body" "$@"
}

step "0. the GitHub and GitLab files run the same steps"
for flow in pulumi tofu; do
  gh=$(python3 "$here/ci_steps.py" "$root/examples/ci/github/wgmesh-$flow.yml")
  gl=$(python3 "$here/ci_steps.py" "$root/examples/ci/gitlab/wgmesh-$flow.gitlab-ci.yml")
  [[ -n $gh ]] && same "$flow: GitHub Actions and GitLab CI run the same step commands" "$gh" "$gl" ||
    bad "$flow: no step command found"
done
mapfile -t pulumi_steps < <(python3 "$here/ci_steps.py" "$root/examples/ci/github/wgmesh-pulumi.yml")
mapfile -t tofu_steps < <(python3 "$here/ci_steps.py" "$root/examples/ci/github/wgmesh-tofu.yml")
same "tofu runs two steps: plan -out, then apply of the saved plan" 2 "${#tofu_steps[@]}"

step "1. pulumi up from CI (mesh cl3)"
mkdir -p "$work/pulumi"
cp "$root/examples/ci/pulumi/Pulumi.yaml" "$work/pulumi/"
net=10.52.13
{ # the stack's settings, as the user commits them
  echo "config:"
  echo "  wgmesh-ci:meshName: cl3"
  echo "  wgmesh-ci:network: $net.0/24"
  echo "  wgmesh-ci:listenPort: 52530"
  for n in 1 2 3; do
    port=LAB_NODE${n}_PORT under=LAB_NODE${n}_UNDERLAY_ADDR
    echo "  wgmesh-ci:host$n: 127.0.0.1"
    echo "  wgmesh-ci:sshPort$n: ${!port}"
    echo "  wgmesh-ci:endpoint$n: \"${!under}\""
    echo "  wgmesh-ci:addr$n: $net.$n/24"
  done
} >"$work/pulumi/Pulumi.ci.yaml"
export WGMESH_PULUMI_DIR=$work/pulumi
for cmd in "${pulumi_steps[@]}"; do
  run_ci_step "$work/pulumi-up.log" "$cmd"; rc=$?
  same "CI step \`$cmd\` exits 0" 0 "$rc"
  ((rc == 0)) || tail -n 25 "$work/pulumi-up.log" | sed 's/^/     | /'
done
mesh=cl3
all_ping 1 2 3 && ok "the pulumi mesh pings (every node to every node)" || bad "the pulumi mesh does not ping"
grep -A1 "wgmesh:privateKey" "$work/pulumi/Pulumi.ci.yaml" | grep "secure:" >/dev/null &&
  ok "the key is a secret in the stack config" || bad "wgmesh:privateKey is not secure in Pulumi.ci.yaml"
secret_leaked "$work/pulumi-up.log" "$work/pulumi/Pulumi.ci.yaml" &&
  bad "the private key appears in the output or the stack config" || ok "the private key appears nowhere"
same "the key file the step wrote is private" "600" "$(stat -c %a "$WGMESH_SECRETS_DIR/id_ssh")"

step "2. tofu plan -out, then apply of the saved plan in a fresh job (mesh cl4)"
mkdir -p "$work/tf"
cp "$root/examples/terraform/main.tf" "$work/tf/"
provider_mirror "$build" "$work" || bad "the provider mirror could not be set up"
net=10.52.14
{
  echo '{"mesh_name": "cl4", "network": "'$net'.0/24", "nodes": {'
  for n in 1 2 3; do
    port=LAB_NODE${n}_PORT under=LAB_NODE${n}_UNDERLAY_ADDR
    echo "  \"n$n\": {\"addr\": \"$net.$n/24\", \"endpoint\": \"${!under}\", \"listen_port\": 5254$n,"
    echo "         \"ssh_host\": \"127.0.0.1\", \"ssh_port\": ${!port}}$([[ $n == 3 ]] || echo ,)"
  done
  echo '}}'
} >"$work/tf/ci.tfvars.json"
export WGMESH_TF_DIR=$work/tf WGMESH_TF_VARS=ci.tfvars.json
run_ci_step "$work/tofu-plan.log" "${tofu_steps[0]}"; rc=$?
same "CI step \`${tofu_steps[0]}\` exits 0" 0 "$rc"
((rc == 0)) || tail -n 25 "$work/tofu-plan.log" | sed 's/^/     | /'
[[ -s $work/tf/tfplan ]] && ok "the plan job saved tfplan" || bad "no tfplan"
plain() { sed 's/\x1b\[[0-9;]*m//g' "$@"; } # tofu colours its output, also without a TTY
plain "$work/tofu-plan.log" | grep "Plan: 4 to add, 0 to change, 0 to destroy" >/dev/null &&
  ok "the plan adds the mesh and 3 nodes" || bad "plan: $(grep -m1 'Plan:' "$work/tofu-plan.log")"
rm -rf "$work/tf/.terraform" "$WGMESH_SECRETS_DIR" # the apply job starts afresh
run_ci_step "$work/tofu-apply.log" "${tofu_steps[1]}"; rc=$?
same "CI step \`${tofu_steps[1]}\` exits 0" 0 "$rc"
((rc == 0)) || tail -n 25 "$work/tofu-apply.log" | sed 's/^/     | /'
plain "$work/tofu-apply.log" | grep "Apply complete! Resources: 4 added" >/dev/null &&
  ok "apply applied the saved plan" || bad "apply: $(grep -m1 -E 'Apply|Error' "$work/tofu-apply.log")"
mesh=cl4
all_ping 1 2 3 && ok "the tofu mesh pings" || bad "the tofu mesh does not ping"
secret_leaked "$work/tofu-plan.log" "$work/tofu-apply.log" &&
  bad "the private key appears in the tofu output" || ok "the private key is in no tofu output"
tf() { # tofu in the root module with the key files the steps wrote
  TF_VAR_ssh_private_key_file=$WGMESH_SECRETS_DIR/id_ssh \
    TF_VAR_known_hosts_file=$WGMESH_SECRETS_DIR/known_hosts tofu -chdir="$work/tf" "$@" </dev/null
}
tf plan -input=false -detailed-exitcode -var-file=ci.tfvars.json >"$work/replan.log" 2>&1; rc=$?
same "a new plan after the apply has no changes (exit 0 of -detailed-exitcode)" 0 "$rc"

step "3. destroy (both at once: two meshes); the hosts are clean"
(cd "$work/pulumi" && pulumi destroy --yes --non-interactive </dev/null >"$work/destroy-pulumi.log" 2>&1) &
pulumi_destroy=$!
tf destroy -auto-approve -input=false -var-file=ci.tfvars.json >"$work/destroy-tofu.log" 2>&1 &&
  rm -f "$work/tf/terraform.tfstate" || bad "tofu destroy failed"
wait "$pulumi_destroy" && rm -f "$work/pulumi/Pulumi.yaml" || bad "pulumi destroy failed"
for mesh in cl3 cl4; do
  for n in 1 2 3; do host_clean "$n" && ok "n$n has nothing of $mesh left" || bad "n$n still has $mesh"; done
done

echo "($((SECONDS - t0)) s)"
finish
