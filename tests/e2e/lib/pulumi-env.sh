# Sourced by the Pulumi tests and benches: pulumi_env WORK puts the Pulumi CLI and its YAML
# language host (scripts/install-pulumi, cached outside the clone) first on PATH and
# points Pulumi at a file backend in WORK/.state, with WORK/pulumi-home and the
# non-interactive environment: no network beyond the lab. Needs $root (the checkout).
# Fails when Pulumi cannot be installed or the login fails.
pulumi_env() {
  local bin
  bin=$("$root/scripts/install-pulumi" 2>/dev/null | tail -n 1)
  [[ -x $bin/pulumi && -x $bin/pulumi-language-yaml ]] || return 1
  export PATH=$bin:$PATH
  export PULUMI_HOME=$1/pulumi-home PULUMI_CONFIG_PASSPHRASE=e2e-passphrase
  export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_SKIP_CONFIRMATIONS=true PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
  mkdir -p "$1/.state"
  pulumi login "file://$1/.state" >/dev/null
}
