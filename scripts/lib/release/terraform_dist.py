#!/usr/bin/env python3
"""The Terraform/OpenTofu release files of one provider build, as HashiCorp-style releases
and both mirror kinds expect them (scripts/release calls this).

    terraform_dist.py BINARY VERSION OS_ARCH HOSTNAME/NAMESPACE/TYPE DIST

writes into DIST:
    terraform-provider-wgmesh_<v>_<os>_<arch>.zip   the binary, mode 0755, fixed timestamp
    terraform-provider-wgmesh_<v>_manifest.json      {"version":1,"metadata":{"protocol_versions":["6.0"]}}
    terraform-provider-wgmesh_<v>_SHA256SUMS         sha256sum format: the zip and the manifest
    terraform-mirror/<host>/<ns>/<type>/             one directory that is at once
        <the zip>                                    a filesystem mirror (packed layout) and
        index.json   {"versions":{"<v>":{}}}         a network mirror (the provider network
        <v>.json     {"archives":{"<os_arch>":       mirror protocol) when served over HTTPS
                        {"url":"<zip>","hashes":["h1:...","zh:..."]}}}
"""
import base64
import hashlib
import json
import os
import shutil
import sys
import zipfile

PROTOCOL_VERSIONS = ["6.0"]  # plugin protocol 6 (provider/terraform/handshake.h)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # reproducible archives: no build time inside


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_h1(zip_path: str) -> str:
    """Terraform's "h1:" package hash: golang.org/x/mod/sumdb/dirhash Hash1 over the zip's files."""
    with zipfile.ZipFile(zip_path) as z:
        lines = "".join(f"{sha256_hex(z.read(n))}  {n}\n" for n in sorted(z.namelist()))
    return "h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode()


def write_zip(binary: str, name_in_zip: str, zip_path: str) -> None:
    info = zipfile.ZipInfo(name_in_zip, date_time=ZIP_TIME)
    info.create_system = 3  # Unix, so the mode below is honoured
    info.external_attr = (0o100755 << 16)
    info.compress_type = zipfile.ZIP_DEFLATED
    with open(binary, "rb") as f, zipfile.ZipFile(zip_path, "w") as z:
        z.writestr(info, f.read())


def write_json(path: str, doc) -> None:
    with open(path, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")


def main(argv) -> int:
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    binary, version, os_arch, address, dist = argv[1:]
    ptype = address.split("/")[-1]
    base = f"terraform-provider-{ptype}_{version}"
    zip_name = f"{base}_{os_arch}.zip"
    manifest_name = f"{base}_manifest.json"
    os.makedirs(dist, exist_ok=True)

    zip_path = os.path.join(dist, zip_name)
    write_zip(binary, f"terraform-provider-{ptype}_v{version}", zip_path)
    write_json(os.path.join(dist, manifest_name),
               {"version": 1, "metadata": {"protocol_versions": PROTOCOL_VERSIONS}})
    with open(os.path.join(dist, f"{base}_SHA256SUMS"), "w") as sums:
        for name in sorted([zip_name, manifest_name]):
            with open(os.path.join(dist, name), "rb") as f:
                sums.write(f"{sha256_hex(f.read())}  {name}\n")

    mirror = os.path.join(dist, "terraform-mirror", address)
    os.makedirs(mirror, exist_ok=True)
    shutil.copyfile(zip_path, os.path.join(mirror, zip_name))
    with open(zip_path, "rb") as f:
        zh = "zh:" + sha256_hex(f.read())
    write_json(os.path.join(mirror, "index.json"), {"versions": {version: {}}})
    write_json(os.path.join(mirror, f"{version}.json"),
               {"archives": {os_arch: {"url": zip_name, "hashes": [hash_h1(zip_path), zh]}}})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
