// One wgmesh over the lab's hosts (docs/lab.md): a Mesh, and one Node per host.
// Provider config (as for ../yaml): wgmesh:knownHostsFile, wgmesh:privateKey (secret).
import * as pulumi from "@pulumi/pulumi";
import * as wgmesh from "@wgmesh/pulumi";

const config = new pulumi.Config();
const sshHost = config.get("sshHost") ?? "127.0.0.1";
const sshPortBase = config.getNumber("sshPortBase") ?? 22200;
const hosts = ["n1", "n2", "n3"];

const lab = new wgmesh.Mesh("lab", {
    name: "lab",
    network: "10.0.0.0/24",
    nodes: Object.fromEntries(hosts.map((name, i) => [name, {
        addr: `10.0.0.${i + 1}/24`,
        endpoint: `fd00:10::${i + 1}`,
    }])),
});

const nodes = hosts.map((name, i) => new wgmesh.Node(name, {
    config: lab.nodeConfigs.apply(configs => configs[name]),
    connection: { host: sshHost, port: sshPortBase + i + 1 },
}));

export const publicKeys = lab.publicKeys;
export const bridgeAddresses = nodes.map(n => n.bridgeAddress);
