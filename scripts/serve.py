#!/usr/bin/env python3
"""Serves a built dist/ on 127.0.0.1 only (never on other interfaces), with the right MIME types
and, on every response, the HTTP headers of DIR/_headers (the page's Content-Security-Policy, as
scripts/csp.py writes it after a build).

Usage: serve.py [DIR] [PORT] [-q] [--prefix /tools/driftcard/] [--no-headers]
  --prefix P     serve DIR under the path P instead of at the root (as a host that puts the page at
                 https://intranet.example/tools/driftcard/ would); everything else is 404
  --no-headers   do not send DIR/_headers: behave like a host that cannot send headers (tests)
  -q             no request log
"""
import functools
import http.server
import os
import sys
import urllib.parse


def parse_args(argv):
    opts = {"root": "dist", "port": 8080, "prefix": "/", "headers": True, "quiet": False}
    positional = []
    it = iter(argv)
    for a in it:
        if a == "-q":
            opts["quiet"] = True
        elif a == "--no-headers":
            opts["headers"] = False
        elif a == "--prefix":
            opts["prefix"] = next(it, "/")
        elif a.startswith("--prefix="):
            opts["prefix"] = a.split("=", 1)[1]
        else:
            positional.append(a)
    if positional:
        opts["root"] = positional[0]
    if len(positional) > 1:
        opts["port"] = int(positional[1])
    p = "/" + opts["prefix"].strip("/")
    opts["prefix"] = p if p == "/" else p + "/"
    return opts


def read_headers(root):
    """The `/*` block of DIR/_headers as (name, value) pairs (Netlify's format)."""
    path = os.path.join(root, "_headers")
    if not os.path.exists(path):
        print(f"serve.py: warning: {path} is missing (run scripts/build.sh): no Content-Security-Policy header",
              file=sys.stderr, flush=True)
        return []
    out, in_all = [], False
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            in_all = line.strip() == "/*"
        elif in_all and ":" in line:
            name, value = line.strip().split(":", 1)
            out.append((name.strip(), value.strip()))
    return out


OPTS = parse_args(sys.argv[1:])
HEADERS = read_headers(OPTS["root"]) if OPTS["headers"] else []


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".csv": "text/csv",
    }

    def send_head(self):
        prefix = OPTS["prefix"]
        path = urllib.parse.urlsplit(self.path).path
        if prefix != "/":
            if path == prefix.rstrip("/"):
                self.send_response(301)
                self.send_header("Location", prefix)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if not path.startswith(prefix):
                self.send_error(404, f"not under {prefix}")
                return None
        return super().send_head()

    def translate_path(self, path):
        prefix = OPTS["prefix"]
        if prefix != "/" and path.startswith(prefix):
            path = path[len(prefix) - 1:]
        return super().translate_path(path)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        if not any(name.lower() == "x-content-type-options" for name, _ in HEADERS):
            self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in HEADERS:
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, fmt, *args):
        if not OPTS["quiet"]:
            super().log_message(fmt, *args)


http.server.ThreadingHTTPServer.allow_reuse_address = True
root, port, prefix = OPTS["root"], OPTS["port"], OPTS["prefix"]
with http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root)) as httpd:
    csp = "with" if any(n.lower() == "content-security-policy" for n, _ in HEADERS) else "WITHOUT"
    print(f"driftcard: serving {root}/ on http://127.0.0.1:{port}{prefix}  ({csp} the CSP header; Ctrl-C to stop)",
          flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
