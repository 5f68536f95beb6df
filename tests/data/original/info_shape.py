#!/usr/bin/env python3
"""Holds wgmesh's `info` output to the original tool's shape (captured by
original_info.py on examples/lab-mesh.yaml into info/original.yaml and
info/original.json).

    info_shape.py [--same-mesh] ORIGINAL WGMESH
        both YAML, or both JSON (by the extension of ORIGINAL)

Every key the original printed is there, first and in the original's order,
with the same type (float fractions, booleans, strings, a list of names), for
the same node names; wgmesh's own keys come after them. With --same-mesh (both
outputs are of one mesh file) name, network, host, address and peers are
equal too. Needs PyYAML for YAML. Exit status 1 on any difference.
"""
import json
import sys


def load(path, as_json):
    with open(path) as f:
        if as_json:
            return json.load(f)
        import yaml
        return yaml.safe_load(f)


def comparable(value):
    return sorted(value) if isinstance(value, list) else value  # peers: any order


def main():
    args = sys.argv[1:]
    same_mesh = args[0] == "--same-mesh"
    original_path, wgmesh_path = args[1:3] if same_mesh else args[0:2]
    as_json = original_path.endswith(".json")
    orig, got = load(original_path, as_json), load(wgmesh_path, as_json)
    diffs = []

    def same_shape(where, o, g, equal_keys=()):
        if list(g)[: len(o)] != list(o):
            diffs.append(f"{where}: keys {list(g)} do not start with the original's {list(o)}")
        for key, value in o.items():
            if key not in g:
                continue
            if type(value) is not type(g[key]):
                diffs.append(f"{where}.{key}: {type(g[key]).__name__} {g[key]!r}, "
                             f"the original printed {type(value).__name__} {value!r}")
            elif isinstance(value, list) and any(type(v) is not str for v in g[key]):
                diffs.append(f"{where}.{key}: {g[key]!r} is not a list of names")
            elif same_mesh and key in equal_keys and comparable(value) != comparable(g[key]):
                diffs.append(f"{where}.{key}: {g[key]!r}, the original printed {value!r}")

    same_shape("info", orig, got, equal_keys=("name", "network"))
    if sorted(orig["nodes"]) != sorted(got.get("nodes", {})):
        diffs.append(f"nodes: {sorted(got.get('nodes', {}))}, the original {sorted(orig['nodes'])}")
    for name, node in orig["nodes"].items():
        if name in got.get("nodes", {}):
            same_shape(f"nodes.{name}", node, got["nodes"][name],
                       equal_keys=("host", "address", "peers"))
    for d in diffs:
        print(d)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
