"""Runs the CLI, with no hints, on every table bundled inside Python packages, as a new user would drop
them: each file is split in two halves by line (the header copied to both), the first half is the
reference and the second production. Prints, per file, the exit code, the roles, the drifted
columns and the first warnings, for a person to read: this is how the real-file gaps of
2026-12-08 were found (a header one name short read as one column, `id` keys of panels tested as
features, `Jan 1 2000` dates as categories, ...). It asserts nothing; `tests/data/messy/` holds the
cases made from what it found.

    python3 -m venv /tmp/dsvenv
    /tmp/dsvenv/bin/pip install --no-deps lifelines==0.30.3 pingouin==0.7.0 plotnine==0.15.9 \\
        vega_datasets==0.9.0
    cargo build --bin driftcard
    python3 tests/real/survey.py /tmp/dsvenv/lib/python3.11/site-packages \\
        .bench-venv/lib/python3.11/site-packages/statsmodels/datasets \\
        .bench-venv/lib/python3.11/site-packages/sklearn/datasets/data > /tmp/survey.txt

Packages whose tables were read this way: lifelines 0.30.3, pingouin 0.7.0, plotnine 0.15.9,
vega_datasets 0.9.0 (85 files), statsmodels 0.15.0 and scikit-learn 1.9.1 (59 files). Gzip files
are skipped (a split by line breaks them); `--out DIR` keeps the halves and reports (default
`/tmp/driftcard-survey`), `--cli PATH` picks the binary (default `target/debug/driftcard`).
"""

import argparse
import json
import os
import subprocess
import sys

EXTENSIONS = (".csv", ".tsv", ".dat", ".txt")
PACKAGES = ("lifelines", "pingouin", "plotnine", "vega_datasets", "statsmodels", "sklearn")


def tables(roots):
    for root in roots:
        for d, _, files in os.walk(root):
            if "tests" in d.split(os.sep) or not any(p in d for p in PACKAGES):
                continue
            for f in sorted(files):
                if f.endswith(EXTENSIONS):
                    yield os.path.join(d, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("roots", nargs="+")
    ap.add_argument("--cli", default="target/debug/driftcard")
    ap.add_argument("--out", default="/tmp/driftcard-survey")
    a = ap.parse_args()
    for path in sorted(set(tables(a.roots))):
        lines = open(path, "rb").read().splitlines(keepends=True)
        if len(lines) < 6:
            continue
        name = path.split("site-packages/")[-1].replace("/", "__")
        d = os.path.join(a.out, name)
        os.makedirs(d, exist_ok=True)
        head, body = lines[0], lines[1:]
        half = len(body) // 2
        for side, part in (("reference", body[:half]), ("production", body[half:])):
            with open(os.path.join(d, f"{side}.csv"), "wb") as fh:
                fh.write(head + b"".join(part))
        out = os.path.join(d, "out.json")
        r = subprocess.run([a.cli, "report", "--reference", os.path.join(d, "reference.csv"),
                            "--production", os.path.join(d, "production.csv"), "--json", out,
                            "--generated-at", "2026-01-01T00:00:00Z"], capture_output=True, text=True)
        print("=====", name, "rc", r.returncode, "lines", len(lines))
        if r.returncode == 2:
            print("  error:", r.stderr.strip()[:400])
            continue
        j = json.load(open(out))
        roles = {}
        for c in j["columns"]:
            roles.setdefault(c["role"], []).append(f"{c['name']}:{c['kind'][0]}")
        print("  header:", head[:150])
        for k, v in roles.items():
            print(f"  {k}: {' '.join(v)[:300]}")
        dr = j["drift"]
        print("  drift", dr["n_drifted"], "/", dr["n_features"],
              [c["column"] for c in dr["columns"] if c["drifted"]][:8])
        for w in j["warnings"][:6]:
            print("  warning:", w.get("column") or "", w["message"][:200])
    return 0


if __name__ == "__main__":
    sys.exit(main())
