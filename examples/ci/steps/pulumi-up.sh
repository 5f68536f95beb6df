#!/usr/bin/env bash
# examples/ci/steps/pulumi-up.sh PROGRAM_DIR: `pulumi up` of a wgmesh program,
# unattended (no TTY, no prompt). The CI passes, from its secret store:
#   PULUMI_CONFIG_PASSPHRASE  (secret) encrypts the stack's secrets
#   WGMESH_SSH_PRIVATE_KEY    (secret) SSH key for every host
#   WGMESH_KNOWN_HOSTS        known_hosts of every host
# and from its variables: PULUMI_BACKEND_URL (s3://..., file://..., or the
# Pulumi Cloud with PULUMI_ACCESS_TOKEN) and PULUMI_STACK. The stack's own
# settings (hosts, addresses) are in PROGRAM_DIR/Pulumi.<stack>.yaml.
set -euo pipefail
dir=${1:?usage: pulumi-up.sh PROGRAM_DIR}
: "${PULUMI_CONFIG_PASSPHRASE:?set it from the CI secret store}"
: "${PULUMI_STACK:?name the stack}"
# shellcheck source=examples/ci/steps/secrets.sh
source "$(dirname "${BASH_SOURCE[0]}")/secrets.sh"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_SKIP_CONFIRMATIONS=true
cd "$dir"
pulumi login --non-interactive "${PULUMI_BACKEND_URL:?set the state backend URL}"
pulumi stack select --non-interactive --create "$PULUMI_STACK"
pulumi config set --non-interactive wgmesh:knownHostsFile "$WGMESH_KNOWN_HOSTS_FILE"
# From stdin: the key is never an argument.
pulumi config set --non-interactive --secret wgmesh:privateKey <"$WGMESH_SSH_KEY_FILE"
pulumi up --non-interactive --yes --diff
