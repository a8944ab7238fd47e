#!/usr/bin/env python3
"""Pins Trunk's inline loader script in the Content-Security-Policy of a built index.html and
writes the same policy, as HTTP headers, to _headers beside it.

Trunk injects one inline <script type="module"> that imports the app's JS and wasm. A strict
CSP (no 'unsafe-inline') must name it by hash: this replaces the INLINE_SCRIPT_HASHES placeholder
in the <meta http-equiv="Content-Security-Policy"> with 'sha256-…' of every inline script.

A <meta> policy governs only its document; a host should also send the policy as an HTTP header
on every file (scripts/serve.py does). dist/_headers holds those headers in the format Netlify and
Cloudflare Pages read (`/*` then indented `Name: value` lines); serve.py reads it too, and the
README shows the header line for other servers. The header adds `frame-ancestors 'none'`, which a
<meta> policy cannot carry (browsers ignore it there, with a console error).
Idempotent: running it twice changes nothing.
"""
import base64
import hashlib
import html as htmllib
import os
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "dist/index.html"
html = open(path, encoding="utf-8").read()
# Static nonces are pointless (and would be the same for every visitor): drop Trunk's placeholders.
html = re.sub(r'\s+nonce="[^"]*"', "", html)
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
    for s in scripts
)
if "INLINE_SCRIPT_HASHES" in html:
    html = html.replace("INLINE_SCRIPT_HASHES", hashes)
elif scripts:
    # Already processed: recompute the hash list in place.
    html = re.sub(r"(script-src 'self' 'wasm-unsafe-eval')[^;]*;", r"\1 " + hashes.replace("\\", "\\\\") + ";", html)
open(path, "w", encoding="utf-8").write(html)
print(f"csp.py: {len(scripts)} inline script(s) pinned in {path}")

# The meta tag's policy (attributes in either order, quoted or not after minification).
meta = next(
    (m for m in re.findall(r"<meta\b[^>]*>", html) if re.search(r"http-equiv=\"?Content-Security-Policy", m, re.I)),
    None,
)
content = meta and re.search(r"content=(\"[^\"]*\"|'[^']*'|[^\s>]+)", meta)
if not content:
    sys.exit(f"csp.py: no Content-Security-Policy meta tag in {path}")
policy = htmllib.unescape(re.sub(r"^([\"'])(.*)\1$", r"\2", content.group(1), flags=re.S))
header_policy = policy.rstrip("; ") + "; frame-ancestors 'none'"
headers = os.path.join(os.path.dirname(path) or ".", "_headers")
with open(headers, "w", encoding="utf-8") as f:
    f.write(
        "# HTTP headers for every file of driftcard's dist/ (written by scripts/csp.py; Netlify and\n"
        "# Cloudflare Pages read this file as is, scripts/serve.py sends it). The policy is the page's\n"
        "# <meta> policy plus frame-ancestors; send it with every file, the worker's scripts included.\n"
        "/*\n"
        f"  Content-Security-Policy: {header_policy}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: no-referrer\n"
    )
print(f"csp.py: wrote {headers}")
