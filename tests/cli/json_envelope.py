#!/usr/bin/env python3
"""Checks one `wgmesh -J` document against the documented envelope
(docs/cli.md, "JSON output"):

    json_envelope.py FILE COMMAND OK [ERROR_KIND [KEY=VALUE...]]

FILE holds exactly one JSON object (wgmesh's stdout); it must have
format_version 1, command COMMAND, ok OK (true|false) and an errors list whose
entries each have a kind and a message. With ERROR_KIND, some error has that
kind and every KEY=VALUE given (path=nodes.a.ssh.port, step=reading, ...).
Prints what differs; exit status 1 on any difference.
"""
import json
import sys


def main():
    path, command, ok = sys.argv[1:4]
    want_kind = sys.argv[4] if len(sys.argv) > 4 else None
    want_fields = dict(a.split("=", 1) for a in sys.argv[5:])
    try:
        with open(path) as f:
            doc = json.load(f)  # fails on anything besides one JSON value
    except ValueError as e:
        print(f"not one JSON document: {e}")
        return 1
    problems = []
    if not isinstance(doc, dict):
        problems.append(f"not an object: {doc!r}")
        doc = {}
    if doc.get("format_version") != 1:
        problems.append(f"format_version {doc.get('format_version')!r}, wanted 1")
    if doc.get("command") != command:
        problems.append(f"command {doc.get('command')!r}, wanted {command!r}")
    if doc.get("ok") is not (ok == "true"):
        problems.append(f"ok {doc.get('ok')!r}, wanted {ok}")
    errors = doc.get("errors")
    if not isinstance(errors, list):
        problems.append(f"errors {errors!r} is not a list")
        errors = []
    for e in errors:
        if not isinstance(e.get("kind"), str) or not isinstance(e.get("message"), str):
            problems.append(f"error without kind and message: {e!r}")
    if (ok == "true") == bool(errors):  # ok exactly when there is no error
        problems.append(f"ok is {ok} but errors is {errors!r}")
    if want_kind and not any(
            e.get("kind") == want_kind and all(str(e.get(k)) == v for k, v in want_fields.items())
            for e in errors):
        problems.append(f"no {want_kind} error with {want_fields}: {errors!r}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
