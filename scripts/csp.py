#!/usr/bin/env python3
"""Pins Trunk's inline loader script in the Content-Security-Policy of a built index.html.

Trunk injects one inline <script type="module"> that imports the app's JS and wasm. A strict
CSP (no 'unsafe-inline') must name it by hash: this replaces the INLINE_SCRIPT_HASHES placeholder
in the <meta http-equiv="Content-Security-Policy"> with 'sha256-…' of every inline script.
Idempotent: running it twice changes nothing.
"""
import base64
import hashlib
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
