# Sourced by bench/compare: the same mesh written for each tool. Needs lab.env
# in the environment (LAB_NODE<k>_PORT, LAB_NODE<k>_UNDERLAY_ADDR, LAB_SSH_KEY,
# LAB_KNOWN_HOSTS); `build` set for the Pulumi plugin path.
#
# Tools: original (the PyPI `mesh`), wgmesh (the CLI), tofu (OpenTofu with the
# wgmesh provider), pulumi (Pulumi YAML with the wgmesh provider). Each has its
# own mesh name, subnet and WireGuard ports so that they never meet on a node.

# tool_params TOOL: sets mesh, net (first three octets) and port (node k
# listens on port + k) for TOOL; fails for an unknown tool.
tool_params() {
  case $1 in
    original) mesh=spo net=10.52.70 port=52330 ;;
    wgmesh) mesh=spw net=10.52.71 port=52370 ;;
    tofu) mesh=spt net=10.52.72 port=52410 ;;
    pulumi) mesh=spp net=10.52.73 port=52450 ;;
    *) echo "unknown tool '$1' (original, wgmesh, tofu, pulumi)" >&2; return 1 ;;
  esac
}
mesh_of() { local mesh net port; tool_params "$1" && echo "$mesh"; }
net_of() { local mesh net port; tool_params "$1" && echo "$net"; }

# mesh_nodes TOOL LAST: one line per node 1..LAST of TOOL's mesh:
#   name addr endpoint listen_port ssh_port
mesh_nodes() {
  local mesh net port k a ep sp
  tool_params "$1" || return 1
  for ((k = 1; k <= $2; k++)); do
    a=LAB_NODE${k}_UNDERLAY_ADDR sp=LAB_NODE${k}_PORT
    if [[ ${!a} == *:* ]]; then ep="[${!a}]:$((port + k))"; else ep="${!a}:$((port + k))"; fi
    echo "n$k $net.$k/24 $ep $((port + k)) ${!sp}"
  done
}

# mesh_yaml TOOL LAST: the mesh.yaml of the original tool (TOOL original: SSH
# through fabric's connect_kwargs) or of the wgmesh CLI (ssh config hosts nK).
mesh_yaml() {
  local mesh net port name addr ep lport sport ssh
  tool_params "$1" || return 1
  printf 'name: %s\nnetwork: %s.0/24\nnodes:\n' "$mesh" "$net"
  while read -r name addr ep lport sport; do
    if [[ $1 == original ]]; then
      ssh="{host: 127.0.0.1, port: $sport, user: root, connect_kwargs: {key_filename: $LAB_SSH_KEY}}"
    else
      ssh=$name
    fi
    printf '  %s:\n    addr: %s\n    endpoint: "%s"\n    listen_port: %s\n    ssh: %s\n' \
      "$name" "$addr" "$ep" "$lport" "$ssh"
  done < <(mesh_nodes "$1" "$2")
}

# tofu_main_tf LAST: main.tf of the tofu mesh: a wgmesh_mesh and one wgmesh_node
# per node, the SSH key and known_hosts in the provider configuration (read
# from their files by OpenTofu: the key is on no command line).
tofu_main_tf() {
  local mesh net port name addr ep lport sport
  tool_params tofu || return 1
  cat <<EOF
terraform {
  required_providers {
    wgmesh = {
      source = "wgmesh.local/wgmesh/wgmesh"
    }
  }
}

provider "wgmesh" {
  user             = "root"
  private_key      = file("$LAB_SSH_KEY")
  known_hosts_file = "$LAB_KNOWN_HOSTS"
}

locals {
  nodes = {
EOF
  while read -r name addr ep lport sport; do
    printf '    %s = { addr = "%s", endpoint = "%s", listen_port = %s, ssh_port = %s }\n' \
      "$name" "$addr" "$ep" "$lport" "$sport"
  done < <(mesh_nodes tofu "$1")
  cat <<EOF
  }
}

resource "wgmesh_mesh" "bench" {
  name    = "$mesh"
  network = "$net.0/24"
  nodes = {
    for name, n in local.nodes : name => {
      addr        = n.addr
      endpoint    = n.endpoint
      listen_port = n.listen_port
    }
  }
}

resource "wgmesh_node" "bench" {
  for_each  = local.nodes
  mesh      = wgmesh_mesh.bench.name
  node_name = each.key
  config    = wgmesh_mesh.bench.node_configs[each.key]
  connection = {
    host = "127.0.0.1"
    port = each.value.ssh_port
  }
}
EOF
}

# pulumi_yaml LAST: Pulumi.yaml of the pulumi mesh: a Mesh and one Node per
# node; the key and known_hosts come from the stack's provider configuration
# (wgmesh:privateKey as a secret, wgmesh:knownHostsFile).
pulumi_yaml() {
  local mesh net port name addr ep lport sport
  tool_params pulumi || return 1
  cat <<EOF
name: $mesh
runtime: yaml
plugins:
  providers:
    - name: wgmesh
      path: $build/provider/pulumi
resources:
  mesh:
    type: wgmesh:index:Mesh
    properties:
      name: $mesh
      network: $net.0/24
      nodes:
EOF
  while read -r name addr ep lport sport; do
    printf '        %s: {addr: %s, endpoint: "%s", listenPort: %s}\n' "$name" "$addr" "$ep" "$lport"
  done < <(mesh_nodes pulumi "$1")
  while read -r name addr ep lport sport; do
    printf '  %s:\n    type: wgmesh:index:Node\n    properties:\n' "$name"
    printf '      config: ${mesh.nodeConfigs["%s"]}\n' "$name"
    printf '      connection: {host: 127.0.0.1, port: %s}\n' "$sport"
  done < <(mesh_nodes pulumi "$1")
}
