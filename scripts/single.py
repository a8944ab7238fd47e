#!/usr/bin/env python3
"""Makes the single-file page: dist-single/driftcard.html, one HTML file that a user saves and
opens from disk (file://) with no server and no network, under the page's Content-Security-Policy.

Everything the built page (dist/) loads is inlined, gzip-compressed and base64-encoded in
non-executable <script type="application/octet-stream"> data blocks: the app's wasm, the worker's JS
and wasm, and the two demo pairs. One inline module script (the app's wasm-bindgen JS + a boot) unpacks
them with the browser's DecompressionStream (no fetch: `connect-src 'none'`), then:
  * window.driftcardWorkerUrl = a blob: URL of the worker (its JS + its wasm + a boot), which
    src/ui/bridge.rs starts instead of worker.js; a blob: worker inherits this page's policy;
  * window.driftcardDemo = the demo pairs as Files, which "Load demo data" / "Load LLM demo" take instead of fetching
    (src/ui/components/upload.rs);
  * the app's wasm is instantiated from bytes.
The policy is the page's (index.html's meta tag) with 'self' removed (a file has nothing of its own
to load) and the hashes of this file's inline script and style: connect-src becomes 'none'.

Usage: scripts/single.py [DIST] [OUT]   (defaults: dist, dist-single/driftcard.html)
Run by scripts/build.sh after every build (it takes about a second).
"""
import base64
import glob
import gzip
import hashlib
import html as htmllib
import json
import os
import re
import sys

dist = sys.argv[1] if len(sys.argv) > 1 else "dist"
out = sys.argv[2] if len(sys.argv) > 2 else "dist-single/driftcard.html"


def fail(msg):
    sys.exit(f"single.py: {msg}")


def read(path, mode="r"):
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        return f.read()


def one(pattern):
    found = [p for p in glob.glob(os.path.join(dist, pattern))]
    if len(found) != 1:
        fail(f"expected one {pattern} in {dist}/, found {found} (run scripts/build.sh)")
    return found[0]


def sha256(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def packed(data):
    """gzip (mtime 0: the same input gives the same file) then base64."""
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


index = read(os.path.join(dist, "index.html"))
app_js_path = one("app-*.js")
app_js = read(app_js_path)
app_wasm = read(one("app-*_bg.wasm"), "rb")
worker_js = read(os.path.join(dist, "worker.js"), "rb")
worker_wasm = read(os.path.join(dist, "worker_bg.wasm"), "rb")
css = read(one("style-*.css"))
favicon = read(one("favicon-*.svg"), "rb")
DEMO_FILES = ("reference.csv", "production.csv", "llm_reference.csv", "llm_production.csv")
demo = {name: read(os.path.join(dist, "demo", name), "rb") for name in DEMO_FILES}


def demo_id(name):
    """`llm_reference.csv` → `driftcard-demo-llm_reference`."""
    return "driftcard-demo-" + name.removesuffix(".csv")

# The page's policy, from its meta tag.
meta = next((m for m in re.findall(r"<meta\b[^>]*>", index) if "Content-Security-Policy" in m), None)
content = meta and re.search(r"content=(\"[^\"]*\"|'[^']*'|[^\s>]+)", meta)
if not content:
    fail(f"no Content-Security-Policy meta tag in {dist}/index.html")
page_policy = htmllib.unescape(re.sub(r"^([\"'])(.*)\1$", r"\2", content.group(1), flags=re.S))
title = re.search(r"<title>(.*?)</title>", index, re.S)
title = title.group(1) if title else "driftcard"

# The app's wasm-bindgen JS (--target web) is an ES module ending in `export { initSync, X as default };`:
# inline it in a module script, its init bound to a name the boot calls.
# Exported classes (`export class IntoUnderlyingSink`, …) become plain declarations.
app_js = re.sub(r"^export\s+(?=(?:class|function|async\s+function|const|let|var)\b)", "", app_js, flags=re.M)
exports = re.search(r"\bexport\s*\{([^}]*)\}\s*;?\s*$", app_js)
if not exports:
    fail(f"{app_js_path}: expected a trailing `export {{ … }}` (wasm-bindgen's web target)")
names = dict(
    (p.split(" as ")[1].strip(), p.split(" as ")[0].strip()) if " as " in p else (p.strip(), p.strip())
    for p in exports.group(1).split(",")
    if p.strip()
)
if "default" not in names:
    fail(f"{app_js_path}: no default export (the init function)")
if re.search(r"^\s*import\b", app_js, re.M):
    fail(f"{app_js_path}: imports other modules (wasm-bindgen snippets?); they would need inlining too")
app_js = app_js[: exports.start()] + f"const driftcardInit = {names['default']};\n"

# The worker's boot, appended to worker.js (wasm-bindgen's no-modules target: a global `wasm_bindgen`).
WORKER_BOOT = """
;(async (b64) => {
  const raw = Uint8Array.fromBase64 ? Uint8Array.fromBase64(b64) : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bytes = await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  await wasm_bindgen({ module_or_path: bytes });
})("""

BOOT = """
// driftcard single file (scripts/single.py): unpack the inlined parts, nothing is fetched.
const driftcardText = (id) => document.getElementById(id).textContent.trim();
const driftcardUnpack = (id) => {
  const b64 = driftcardText(id);
  const raw = Uint8Array.fromBase64 ? Uint8Array.fromBase64(b64) : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
};
const [driftcardWorkerJs, driftcardWasm, ...driftcardDemoBytes] = await Promise.all(
  ['driftcard-worker-js', 'driftcard-app-wasm', DEMO_IDS].flat().map(driftcardUnpack));
window.driftcardWorkerUrl = URL.createObjectURL(new Blob(
  [driftcardWorkerJs, WORKER_BOOT, JSON.stringify(driftcardText('driftcard-worker-wasm')), ');\\n'],
  { type: 'text/javascript' }));
window.driftcardDemo = Object.fromEntries(DEMO_NAMES.map((name, i) =>
  [name, new File([driftcardDemoBytes[i]], name, { type: 'text/csv' })]));
await driftcardInit({ module_or_path: driftcardWasm });
""".replace("WORKER_BOOT", json.dumps(WORKER_BOOT)).replace(
    "DEMO_IDS", json.dumps([demo_id(n) for n in DEMO_FILES])).replace("DEMO_NAMES", json.dumps(list(DEMO_FILES)))

script = app_js + BOOT
# The HTML parser ends a script at `</script` and turns CR LF into LF: either would break the
# script or its hash. wasm-bindgen's output has neither; refuse rather than guess.
for name, text in (("script", script), ("style", css)):
    if re.search(r"</(script|style)|<!--", text, re.I) or "\r" in text or "\0" in text:
        fail(f"the inline {name} contains `</script`, `<!--`, CR or NUL: cannot inline it safely")


def single_policy(policy, script_hash, style_hash):
    """The page's policy without 'self' (and without its inline-script hashes), plus this file's."""
    out = []
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        sources = [s for s in sources if s != "'self'" and not s.startswith("'sha256-")]
        if name == "script-src":
            sources.append(script_hash)
        elif name == "style-src":
            sources.append(style_hash)
        if not sources or (len(sources) > 1 and "'none'" in sources):
            sources = [s for s in sources if s != "'none'"] or ["'none'"]
        out.append(" ".join([name] + sources))
    return "; ".join(out)


policy = single_policy(page_policy, sha256(script), sha256(css))
if not re.search(r"(^|; )connect-src 'none'(;|$)", policy):
    fail(f"the single file's connect-src must be 'none', got: {policy}")


def block(ident, data):
    return f'<script type="application/octet-stream" id="{ident}">{packed(data)}</script>\n'


doc = (
    "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
    f'<meta http-equiv="Content-Security-Policy" content="{htmllib.escape(policy, quote=False)}">\n'
    '<meta name=viewport content="width=device-width,initial-scale=1">\n'
    '<meta name=color-scheme content="light dark">\n'
    f"<title>{title}</title>\n"
    f'<link rel=icon href="data:image/svg+xml;base64,{base64.b64encode(favicon).decode()}">\n'
    f"<style>{css}</style>\n"
    + block("driftcard-app-wasm", app_wasm)
    + block("driftcard-worker-js", worker_js)
    + block("driftcard-worker-wasm", worker_wasm)
    + "".join(block(demo_id(n), demo[n]) for n in DEMO_FILES)
    + f"<script type=module>{script}</script>\n</head>\n<body></body>\n</html>\n"
)
os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8", newline="\n") as f:
    f.write(doc)
os.replace(tmp, out)
print(f"single.py: wrote {out} ({os.path.getsize(out):,} bytes)")
