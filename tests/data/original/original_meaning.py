#!/usr/bin/env python3
"""Prints what the original `mesh` tool (wireguard-mesh 0.2.5) understands of a
mesh.yaml, as JSON, using the original's own loader.

Run it with the original's virtual environment (scripts/install-original):
    "$(scripts/install-original)/python" original_meaning.py FILE [-j]

The original reads each host's WireGuard config over SSH while it loads a
mesh; that one read is replaced here by "no config yet" (a stand-in, named as
such: no SSH is possible offline). Everything else is the original's code: its
YAML/JSON reading, attrs converters and validators, node-name and address
checks. Exit status 1 with the original's error when it refuses the file.

Output: {name, network, full, peerings: [[A, B], ...], nodes: {NAME: {addr,
endpoint: {host, port}, listen_port, prio, peers, json, ssh: {host, user, port,
key_filename}}}};
ssh user/port are only what the file states (Fabric's host shorthand
user@host:port, or the mapping), null otherwise.
"""
import json
import sys

import yaml
from fabric.connection import derive_shorthand

import mesh.remote
from mesh import Mesh

# Stand-in for the SSH read of /etc/wireguard/<interface>.conf: no config yet.
mesh.remote.WireguardRemote.config = property(lambda self: None)


def ssh_meaning(ssh):
    args = dict(host=ssh) if isinstance(ssh, str) else dict(ssh)
    short = derive_shorthand(args["host"])
    kwargs = args.get("connect_kwargs") or {}
    keys = kwargs.get("key_filename")
    return {
        "host": short["host"],
        "user": short["user"] if short["user"] is not None else args.get("user"),
        "port": short["port"] if short["port"] is not None else args.get("port"),
        "key_filename": [keys] if isinstance(keys, str) else keys,
    }


def main():
    path = sys.argv[1]
    with open(path) as f:
        doc = json.load(f) if "-j" in sys.argv[2:] else yaml.safe_load(f)
    try:
        m = Mesh(**doc)
    except Exception as e:  # the original's refusal, as it would surface
        print(f"original refuses {path}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    out = {"name": m.name, "network": str(m.network), "full": bool(m.full), "nodes": {}}
    for name, n in m.nodes.items():
        out["nodes"][name] = {
            "addr": str(n.addr),
            "endpoint": {"host": str(n.endpoint.host), "port": n.endpoint.port},
            "listen_port": n.listen_port,
            "prio": n.prio,
            "peers": n.peers,
            "json": n.json,
            "ssh": ssh_meaning(n.ssh),
        }
    out["peerings"] = sorted(sorted([a.name, b.name]) for a, b in m.pairs if a.can_peer(b))
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
