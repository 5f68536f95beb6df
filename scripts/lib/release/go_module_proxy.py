#!/usr/bin/env python3
"""Writes one Go module version as a GOPROXY directory (the module proxy protocol's files), so
`GOPROXY=file://OUT` serves it to `go get` / `go mod tidy` like a published module would be.

    go_module_proxy.py MODULE_DIR VERSION OUT     (VERSION without the "v": 1.2.3)

MODULE_DIR holds go.mod; OUT/<module path>/@v/ gets list, v<V>.info, v<V>.mod and v<V>.zip
(every file under MODULE_DIR, prefixed "<module path>@v<V>/", as Go's module zips are).
"""
import json
import os
import re
import sys
import zipfile

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def module_path(go_mod: str) -> str:
    m = re.search(r"^module\s+(\S+)", go_mod, re.M)
    if not m:
        sys.exit("go_module_proxy: go.mod has no module line")
    return m[1]


def main(argv) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    src, version, out = argv[1], "v" + argv[2], argv[3]
    with open(os.path.join(src, "go.mod")) as f:
        go_mod = f.read()
    mod = module_path(go_mod)
    # The proxy protocol escapes capitals as "!" + lower case.
    at_v = os.path.join(out, re.sub(r"[A-Z]", lambda c: "!" + c[0].lower(), mod), "@v")
    os.makedirs(at_v, exist_ok=True)
    with open(os.path.join(at_v, "list"), "w") as f:
        f.write(version + "\n")
    with open(os.path.join(at_v, f"{version}.info"), "w") as f:
        json.dump({"Version": version, "Time": "1980-01-01T00:00:00Z"}, f)
    with open(os.path.join(at_v, f"{version}.mod"), "w") as f:
        f.write(go_mod)
    with zipfile.ZipFile(os.path.join(at_v, f"{version}.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for d, _, names in sorted(os.walk(src)):
            for name in sorted(names):
                rel = os.path.relpath(os.path.join(d, name), src)
                z.writestr(zipfile.ZipInfo(f"{mod}@{version}/{rel}", date_time=ZIP_TIME),
                           open(os.path.join(d, name), "rb").read())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
