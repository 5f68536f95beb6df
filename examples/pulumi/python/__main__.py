"""One wgmesh over the lab's hosts (docs/lab.md): a Mesh, and one Node per host.

Provider config (as for ../yaml): wgmesh:knownHostsFile, wgmesh:privateKey (secret).
"""
import pulumi
import pulumi_wgmesh as wgmesh

config = pulumi.Config()
ssh_host = config.get("sshHost") or "127.0.0.1"
ssh_port_base = config.get_int("sshPortBase") or 22200
hosts = ["n1", "n2", "n3"]

lab = wgmesh.Mesh(
    "lab",
    name="lab",
    network="10.0.0.0/24",
    nodes={
        name: wgmesh.MeshNodeArgs(addr=f"10.0.0.{i + 1}/24", endpoint=f"fd00:10::{i + 1}")
        for i, name in enumerate(hosts)
    },
)

nodes = [
    wgmesh.Node(
        name,
        config=lab.node_configs.apply(lambda configs, name=name: configs[name]),
        connection=wgmesh.ConnectionArgs(host=ssh_host, port=ssh_port_base + i + 1),
    )
    for i, name in enumerate(hosts)
]

pulumi.export("publicKeys", lab.public_keys)
pulumi.export("bridgeAddresses", [n.bridge_address for n in nodes])
