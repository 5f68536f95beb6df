# Sourced by the Pulumi scripts after lab.env: the real Pulumi CLI with a local file
# backend, the provider from a build, and YAML programs over lab nodes.
#   pulumi_setup WORK PROVIDER   puts pulumi on PATH with a non-interactive environment
#                                of its own (WORK/pulumi-home), logs in to file://WORK/.state,
#                                and links PROVIDER into WORK/plugin (so that its processes
#                                are recognisable: pgrep -f "$pulumi_plugin_dir/"). Fails
#                                when there is no pulumi.
#   pulumi_mesh_program FILE MESH NET PORT EPOCH N...
#                                a program: a Mesh on NET.0/24 (WireGuard port PORT, key
#                                epoch EPOCH) and one Node per lab node N (node nN, address
#                                NET.N, endpoint its underlay address); SSH credentials come
#                                from the stack config (pulumi_stack_init).
#   pulumi_stack_init DIR NAME   a stack in DIR with the lab's key and known_hosts as config
# shellcheck source=pulumi-env.sh
source "${BASH_SOURCE[0]%/*}/pulumi-env.sh"
pulumi_setup() { # work provider
  pulumi_env "$1" || return 1
  pulumi_plugin_dir=$1/plugin
  mkdir -p "$pulumi_plugin_dir"
  ln -sf "$(realpath "$2")" "$pulumi_plugin_dir/pulumi-resource-wgmesh"
}
pulumi_mesh_program() { # file mesh net port epoch n...
  local file=$1 mesh=$2 net=$3 port=$4 epoch=$5 n addr ssh
  shift 5
  {
    printf 'name: %s\nruntime: yaml\nplugins:\n  providers:\n    - name: wgmesh\n      path: %s\n' \
      "$mesh" "$pulumi_plugin_dir"
    printf 'resources:\n  mesh:\n    type: wgmesh:index:Mesh\n    properties:\n'
    printf '      name: %s\n      network: %s.0/24\n      keyEpoch: %s\n      nodes:\n' "$mesh" "$net" "$epoch"
    for n in "$@"; do
      addr=LAB_NODE${n}_UNDERLAY_ADDR
      printf '        n%s: {addr: %s.%s/24, endpoint: "%s", listenPort: %s}\n' \
        "$n" "$net" "$n" "${!addr}" "$port"
    done
    for n in "$@"; do
      ssh=LAB_NODE${n}_PORT
      printf '  n%s:\n    type: wgmesh:index:Node\n    properties:\n' "$n"
      printf '      config: ${mesh.nodeConfigs["n%s"]}\n' "$n"
      printf '      connection: {host: 127.0.0.1, port: %s, dialErrorLimit: 2, perDialTimeout: 5}\n' "${!ssh}"
    done
  } >"$file"
}
pulumi_stack_init() { # dir name
  (cd "$1" && pulumi stack init "$2" --non-interactive >/dev/null 2>&1 &&
    pulumi config set wgmesh:knownHostsFile "$LAB_KNOWN_HOSTS" &&
    pulumi config set --secret wgmesh:privateKey <"$LAB_SSH_KEY")
}
