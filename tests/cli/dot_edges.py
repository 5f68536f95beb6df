#!/usr/bin/env python3
"""Reads the edges of a `wgmesh graph` DOT file (one edge statement a line):

    dot_edges.py FILE

prints one line per edge, "A B STYLE COLOR", sorted, with A < B; STYLE is
solid or dashed, COLOR black unless the edge sets one. Also prints
"root NAME" for each node drawn as the STP root (peripheries=2).
"""
import re
import sys

EDGE = re.compile(r'^\s*"([^"]+)" -- "([^"]+)" \[(.*)\];$')
NODE = re.compile(r'^\s*"([^"]+)" \[(.*)\];$')


def attrs(text):
    return dict(re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', text))


def main():
    lines = []
    for line in open(sys.argv[1]):
        m = EDGE.match(line)
        if m:
            a, b = sorted(m.group(1, 2))
            at = attrs(m.group(3))
            lines.append(f"{a} {b} {at.get('style', 'solid')} {at.get('color', 'black')}")
            continue
        m = NODE.match(line)
        if m and attrs(m.group(2)).get("peripheries") == "2":
            lines.append(f"root {m.group(1)}")
    print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()
