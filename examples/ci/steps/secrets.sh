# Sourced by the other steps: writes the SSH key and known_hosts that the CI
# passes from its secret store (environment variables, never arguments) into
# files only this user can read, and exports their paths:
#   WGMESH_SSH_PRIVATE_KEY  (secret) the private key that logs in to every host
#   WGMESH_KNOWN_HOSTS      every host's key (host keys are verified)
# -> WGMESH_SSH_KEY_FILE, WGMESH_KNOWN_HOSTS_FILE under WGMESH_SECRETS_DIR
#    (default: $RUNNER_TEMP on GitHub, else $TMPDIR or /tmp, + /wgmesh-ci).
: "${WGMESH_SSH_PRIVATE_KEY:?set it from the CI secret store (the SSH private key)}"
: "${WGMESH_KNOWN_HOSTS:?set it from the CI variables (known_hosts of every host)}"
WGMESH_SECRETS_DIR=${WGMESH_SECRETS_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/wgmesh-ci}
(umask 077 && mkdir -p "$WGMESH_SECRETS_DIR" &&
  printf '%s\n' "$WGMESH_SSH_PRIVATE_KEY" >"$WGMESH_SECRETS_DIR/id_ssh" &&
  printf '%s\n' "$WGMESH_KNOWN_HOSTS" >"$WGMESH_SECRETS_DIR/known_hosts")
export WGMESH_SSH_KEY_FILE=$WGMESH_SECRETS_DIR/id_ssh
export WGMESH_KNOWN_HOSTS_FILE=$WGMESH_SECRETS_DIR/known_hosts
