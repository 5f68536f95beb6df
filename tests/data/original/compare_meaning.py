#!/usr/bin/env python3
"""Compares what wgmesh understood of a mesh file with what the original tool
understood of it (original_meaning.py's output). Python standard library only.

Usage: compare_meaning.py ORIGINAL.meaning.json CHECK.json RENDER.json
  CHECK.json   `wgmesh -J check` (spec as read, where each node is reached)
  RENDER.json  `wgmesh -J render` (each node's configuration)
Prints one line per difference; exit status 1 when there is any.

Where the original leaves a value to its defaults, wgmesh's documented
default is expected: ssh user root (the original: your login name, see
docs/migrating.md), ssh port 22, endpoint port 51820.
"""
import ipaddress
import json
import sys


def endpoint_text(host, port):
    try:
        v6 = ipaddress.ip_address(host).version == 6
    except ValueError:
        v6 = False
    return f"[{host}]:{port}" if v6 else f"{host}:{port}"


def main():
    orig, check, render = (json.load(open(p)) for p in sys.argv[1:4])
    spec, conns = check["spec"], check["connections"]
    diffs = []

    def expect(what, want, got):
        if want != got:
            diffs.append(f"{what}: the original means {want!r}, wgmesh {got!r}")

    for key in ("name", "network", "full"):
        expect(key, orig[key], spec[key])
    expect("node names", sorted(orig["nodes"]), sorted(spec["nodes"]))
    got_pairs = sorted(sorted([n, p["name"]]) for n, node in render["nodes"].items()
                       for p in node["peers"] if n < p["name"])
    expect("peerings", orig["peerings"], got_pairs)
    for name, o in orig["nodes"].items():
        w, c = spec["nodes"].get(name, {}), conns.get(name, {})
        expect(f"nodes.{name}.addr", o["addr"], w.get("addr"))
        expect(f"nodes.{name}.listen_port", o["listen_port"], w.get("listen_port"))
        expect(f"nodes.{name}.prio", o["prio"], w.get("prio"))
        expect(f"nodes.{name}.json", o["json"], w.get("json"))
        if not orig["full"]:
            expect(f"nodes.{name}.peers", o["peers"] or [], w.get("peers", []))
        # What the node's peers dial: the rendered endpoint.
        ep = o["endpoint"]
        want = endpoint_text(ep["host"], ep["port"] or 51820)
        for peer, node in render["nodes"].items():
            for p in node["peers"]:
                if p["name"] == name:
                    expect(f"nodes.{peer}: endpoint of peer {name}", want, p["endpoint"])
        s = o["ssh"]
        expect(f"nodes.{name}.ssh host", s["host"], c.get("alias", c.get("host")))
        expect(f"nodes.{name}.ssh user", s["user"] or "root", c.get("user"))
        expect(f"nodes.{name}.ssh port", s["port"] or 22, c.get("port"))
        w_ssh = w.get("ssh")
        keys = w_ssh.get("identity_file") if isinstance(w_ssh, dict) else None
        expect(f"nodes.{name}.ssh key files", s["key_filename"], keys)
    for d in diffs:
        print(d)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
