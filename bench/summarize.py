#!/usr/bin/env python3
"""Turn perf-data/results.jsonl (written by run_baseline.sh) into the timing table printed into BASELINE.md."""
import json
import sys


def secs(wall):
    if not wall or wall == "timeout":
        return None
    parts = [float(p) for p in wall.split(":")]
    s = 0.0
    for p in parts:
        s = s * 60 + p
    return s


def fmt(v, nd=1):
    return "—" if v is None else f"{v:.{nd}f}"


rows = [json.loads(line) for line in open(sys.argv[1] if len(sys.argv) > 1 else "results.jsonl")]
print("| size | task | rc | wall (s, /usr/bin/time) | peak RSS (MiB) | in-process phases (s) |")
print("|---|---|---|---|---|---|")
for r in rows:
    res = r.get("result") or {}
    rss = int(r["max_rss_kb"]) / 1024 if r.get("max_rss_kb") else None
    phases = {k: v for k, v in res.items() if k.endswith("_s")}
    extra = ""
    if "html_bytes" in res:
        extra = f"; HTML {res['html_bytes'] / 1e6:.1f} MB"
    if "drifted_columns_count" in res and res["drifted_columns_count"] is not None:
        extra += f"; drifted={res['drifted_columns_count']}"
    status = "OK" if r["rc"] == 0 else ("KILLED (timeout 900 s or OOM)" if r["rc"] in (124, 137, -9) else f"rc={r['rc']}")
    ph = ", ".join(f"{k[:-2]}={v:.1f}" for k, v in phases.items())
    print(f"| {r['size']} | {r['task']} | {status} | {fmt(secs(r['wall']))} | {fmt(rss, 0)} | {ph}{extra} |")
