# Sourced by bench/compare (after bench/lib/programs.sh and tests/e2e/lib/provider-mirror.sh):
# installing, preparing and running each tool. Needs `root`, `build` and, in the run functions, `work`
# (the repetition's scratch dir) and lab.env in the environment.
#
#   build_snapshot BUILD DIR        a copy of the binaries bench/compare measures
#   tools_install SHARED TOOLS...   before the lab lock: installs what the tools need
#                                   (the original from PyPI, OpenTofu and its provider
#                                   mirror in SHARED, Pulumi) and exports COMPARE_*
#   tool_prepare TOOL LAST          inside the lock, untimed: tofu init, or the Pulumi
#                                   file backend, stack and provider configuration
#   tool_run TOOL LAST up|down      the measured command on nodes 1..LAST: `up` /
#                                   `down -r`, `tofu apply` / `tofu destroy`,
#                                   `pulumi up` / `pulumi destroy`

tools_install() {
  local shared=$1 tool d
  shift
  for tool in "$@"; do
    case $tool in
      original)
        d=$("$root/scripts/install-original" | tail -n 1) || { echo "cannot install the original" >&2; return 1; }
        export COMPARE_ORIGINAL_BIN=$d
        ;;
      wgmesh)
        [[ -x $build/cli/wgmesh ]] || { echo "no $build/cli/wgmesh: build the wgmesh target" >&2; return 1; }
        ;;
      tofu)
        [[ -x $build/provider/terraform-provider-wgmesh ]] ||
          { echo "no $build/provider/terraform-provider-wgmesh: build it" >&2; return 1; }
        d=$("$root/scripts/install-tofu" | tail -n 1) || { echo "cannot install OpenTofu" >&2; return 1; }
        provider_mirror "$build" "$shared" 2>/dev/null || { echo "install-plugins failed" >&2; return 1; }
        export COMPARE_TOFU_DIR=$d COMPARE_TFRC=$shared/cli.tfrc
        ;;
      pulumi)
        [[ -x $build/provider/pulumi/pulumi-resource-wgmesh ]] ||
          { echo "no $build/provider/pulumi/pulumi-resource-wgmesh: build it" >&2; return 1; }
        d=$("$root/scripts/install-pulumi" | tail -n 1) || { echo "cannot install Pulumi" >&2; return 1; }
        export COMPARE_PULUMI_DIR=$d
        ;;
      *) tool_params "$tool" >/dev/null || return 1 ;;
    esac
  done
}

# build_snapshot BUILD DIR: copies the CLI and both plugins of BUILD (those that
# exist) into the same layout under DIR; prints DIR.
build_snapshot() {
  local f
  for f in cli/wgmesh provider/terraform-provider-wgmesh provider/pulumi/pulumi-resource-wgmesh; do
    [[ -e $1/$f ]] || continue
    mkdir -p "$2/$(dirname "$f")" && cp -p "$1/$f" "$2/$f" || return 1
  done
  echo "$2"
}

# The engines, each in a subshell with its own environment and directory.
tofu_cmd() {
  (
    cd "$work/tofu" || exit 1
    export TF_CLI_CONFIG_FILE=$COMPARE_TFRC TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
    "$COMPARE_TOFU_DIR/tofu" "$@" -no-color
  )
}
pulumi_cmd() {
  (
    cd "$work/pulumi/prog" || exit 1
    unset PULUMI_CONFIG_PASSPHRASE
    export PATH=$COMPARE_PULUMI_DIR:$PATH PULUMI_HOME=$work/pulumi/home
    export PULUMI_CONFIG_PASSPHRASE_FILE=$work/pulumi/passphrase PULUMI_SKIP_UPDATE_CHECK=true
    export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_SKIP_CONFIRMATIONS=true
    pulumi "$@" --non-interactive --color never
  )
}

tool_prepare() { # tool_prepare TOOL LAST: output in $work/prepare.TOOL
  local tool=$1 last=$2 log=$work/prepare.$1
  case $tool in
    tofu)
      mkdir -p "$work/tofu"
      tofu_main_tf "$last" >"$work/tofu/main.tf"
      tofu_cmd init -input=false >"$log" 2>&1
      ;;
    pulumi)
      mkdir -p "$work/pulumi/state" "$work/pulumi/home" "$work/pulumi/prog"
      # A fresh random passphrase for the stack's secrets, in a 0600 file.
      (umask 077 && head -c 24 /dev/urandom | base64 >"$work/pulumi/passphrase")
      pulumi_yaml "$last" >"$work/pulumi/prog/Pulumi.yaml"
      {
        pulumi_cmd login "file://$work/pulumi/state" &&
          pulumi_cmd stack init bench --secrets-provider passphrase &&
          pulumi_cmd config set wgmesh:knownHostsFile "$LAB_KNOWN_HOSTS" &&
          pulumi_cmd config set --secret wgmesh:privateKey <"$LAB_SSH_KEY" # stdin, not argv
      } >"$log" 2>&1
      ;;
    *) : ;;
  esac
}

tool_run() { # tool_run TOOL LAST up|down
  local tool=$1 last=$2 action=$3
  case $tool in
    original | wgmesh)
      mesh_yaml "$tool" "$last" >"$work/$tool.yaml" || return 1
      local args=(up)
      [[ $action == down ]] && args=(down -r)
      if [[ $tool == original ]]; then
        (cd "$work" && "$COMPARE_ORIGINAL_BIN/mesh" -f "$work/$tool.yaml" "${args[@]}")
      else
        "$build/cli/wgmesh" -q -f "$work/$tool.yaml" --ssh-config "$LAB_SSH_CONFIG" "${args[@]}"
      fi
      ;;
    tofu)
      tofu_main_tf "$last" >"$work/tofu/main.tf" || return 1
      if [[ $action == up ]]; then tofu_cmd apply -auto-approve; else tofu_cmd destroy -auto-approve; fi
      ;;
    pulumi)
      pulumi_yaml "$last" >"$work/pulumi/prog/Pulumi.yaml" || return 1
      if [[ $action == up ]]; then
        pulumi_cmd up --yes --skip-preview
      else
        pulumi_cmd destroy --yes --skip-preview
      fi
      ;;
  esac
}
