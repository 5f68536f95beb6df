# A wgmesh mesh over the project's lab hosts (docs/lab.md): one wgmesh_mesh computes
# every node's configuration; one wgmesh_node per host applies it over SSH.
#
#   scripts/install-plugins            # puts the provider where tofu/terraform find it
#   tofu init && tofu apply -var-file=lab.tfvars.json
#
# lab.tfvars.json is written from the lab's lab.env by ./lab-tfvars (or write your own).

terraform {
  required_providers {
    wgmesh = {
      source = "wgmesh.local/wgmesh/wgmesh"
    }
  }
}

variable "mesh_name" {
  type    = string
  default = "lab"
}

variable "network" {
  type    = string
  default = "10.0.0.0/24"
}

variable "key_epoch" {
  type    = number
  default = 0
}

variable "ssh_private_key_file" {
  type        = string
  description = "SSH key that logs in to every host."
}

variable "known_hosts_file" {
  type        = string
  description = "known_hosts with every host's key: host keys are verified."
}

variable "nodes" {
  description = "Node name -> its mesh address, WireGuard endpoint and SSH address."
  type = map(object({
    addr        = string
    endpoint    = string
    listen_port = optional(number)
    ssh_host    = string
    ssh_port    = optional(number, 22)
  }))
}

provider "wgmesh" {
  # Connection defaults for every node; a node's `connection` may override each.
  user             = "root"
  private_key      = file(var.ssh_private_key_file)
  known_hosts_file = var.known_hosts_file
}

resource "wgmesh_mesh" "lab" {
  name      = var.mesh_name
  network   = var.network
  key_epoch = var.key_epoch
  nodes = {
    for name, n in var.nodes : name => {
      addr        = n.addr
      endpoint    = n.endpoint
      listen_port = n.listen_port
    }
  }
}

resource "wgmesh_node" "lab" {
  for_each = var.nodes
  # The node's identity, known at plan even while node_configs is not (an endpoint
  # taken from a VM created in the same apply): the plan then updates in place
  # instead of having to replace every node.
  mesh      = wgmesh_mesh.lab.name
  node_name = each.key
  config    = wgmesh_mesh.lab.node_configs[each.key]
  connection = {
    host = each.value.ssh_host
    port = each.value.ssh_port
  }
}

output "public_keys" {
  description = "WireGuard public key of each node."
  value       = wgmesh_mesh.lab.public_keys
}

output "bridge_addresses" {
  value = { for name, n in wgmesh_node.lab : name => n.bridge_address }
}

output "in_sync" {
  value = { for name, n in wgmesh_node.lab : name => n.in_sync }
}
