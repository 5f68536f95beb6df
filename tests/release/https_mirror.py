#!/usr/bin/env python3
"""Serves a directory over HTTPS on loopback, as a static provider network mirror (OpenTofu and
Terraform accept only https: mirror URLs). Writes the chosen port to PORT_FILE once listening
and logs each request path to stderr; exits after LIFETIME seconds at most.

    https_mirror.py DIR CERT KEY PORT_FILE [LIFETIME]
"""
import functools
import http.server
import ssl
import sys
import threading


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write(f"GET {self.path} -> {args[1] if len(args) > 1 else '?'}\n")
        sys.stderr.flush()


def main(argv) -> int:
    if len(argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    directory, cert, key, port_file = argv[1:5]
    lifetime = float(argv[5]) if len(argv) == 6 else 600.0
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=directory))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Timer(lifetime, server.shutdown).start()
    with open(port_file, "w") as f:
        f.write(f"{server.server_address[1]}\n")
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
