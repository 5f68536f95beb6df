#!/usr/bin/env python3
"""Runs the original `mesh` tool's own `info` command (its CLI code path,
`mesh [-J] -f FILE info`) on a mesh file, offline, to capture the shape of
its output: keys, order and types, in YAML and in JSON (-J).

    "$(scripts/install-original)/python" original_info.py FILE [-J]

Stand-ins (named; SSH is not possible offline), everything else is the
original's code: each host's installed config reads as "none yet", then the
original's own peer_all() fills every node's peers as a deployed mesh has
them; `wg show` and `test -f` on each host read as "up" and "present".
"""
import runpy
import sys

import mesh.mesh
import mesh.remote

remote = mesh.remote.WireguardRemote
remote.config = property(lambda self: None)        # stand-in: no SSH read
remote.is_up = property(lambda self: True)         # stand-in for `wg show`
remote.config_exists = property(lambda self: True)  # stand-in for `test -f`

post_init = mesh.mesh.Mesh.__attrs_post_init__


def post_init_with_peers(self):
    post_init(self)
    self.peer_all()  # the original's own peering, as `mesh up` does it


mesh.mesh.Mesh.__attrs_post_init__ = post_init_with_peers
sys.argv = ["mesh", "-f", sys.argv[1], *sys.argv[2:], "info"]
runpy.run_module("mesh", run_name="__main__")
