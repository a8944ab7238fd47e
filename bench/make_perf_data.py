#!/usr/bin/env python3
"""Deterministic generator of the Part C performance-baseline CSVs.

Usage:  python bench/make_perf_data.py [size ...]      sizes: 100k_20  1M_20  1M_100  (default: all)

Each size <rows>_<features> writes  <out>/<size>/reference.csv  and  <out>/<size>/production.csv (out: see HERE below).
Columns: F feature columns (75% numeric float64 rounded to 4 decimals, 25% categorical strings with
10-50 categories), plus `target` (0/1), `prediction` (0/1) and `prediction_proba` (float, 4 decimals).
So "20 columns" = 20 features + 3 model columns = 23 CSV columns; "100 columns" = 103 CSV columns.
Drift in production: every 4th numeric column has a mean shift of +0.25 std, every 7th numeric column a
scale change x1.5, every 3rd categorical column has its category probabilities reversed.
Every column is generated from its own numpy default_rng(seed) so output is byte-identical across runs.
CSV writing uses pyarrow.csv.write_csv (header quoted, strings quoted).
"""
import os
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

# Output folder: $DRIFTCARD_PERF_DATA, else ./perf-data under the current directory.
HERE = os.environ.get("DRIFTCARD_PERF_DATA", os.path.join(os.getcwd(), "perf-data"))
SIZES = {"100k_20": (100_000, 20), "1M_20": (1_000_000, 20), "1M_100": (1_000_000, 100)}


def make_table(n_rows: int, n_feat: int, production: bool) -> pa.Table:
    n_num = int(round(n_feat * 0.75))
    n_cat = n_feat - n_num
    side = 1 if production else 0
    cols = {}
    logit = np.zeros(n_rows)
    for j in range(n_num):
        rng = np.random.default_rng([20240601, side, 0, j])
        mean = (j % 5) * 10.0
        std = 1.0 + (j % 3)
        if production and j % 4 == 0:
            mean += 0.25 * std
        if production and j % 7 == 0:
            std *= 1.5
        x = rng.normal(mean, std, n_rows)
        if j < 5:
            logit += 0.4 * (x - (j % 5) * 10.0) / (1.0 + (j % 3))
        cols[f"num_{j:03d}"] = np.round(x, 4)
    for j in range(n_cat):
        rng = np.random.default_rng([20240601, side, 1, j])
        k = 10 + (j * 7) % 41  # 10..50 categories
        w = 1.0 / np.arange(1, k + 1) ** 0.8
        if production and j % 3 == 0:
            w = w[::-1]
        p = w / w.sum()
        idx = rng.choice(k, size=n_rows, p=p)
        names = np.array([f"cat{j:02d}_v{v:02d}" for v in range(k)])
        cols[f"cat_{j:03d}"] = names[idx]
    rng = np.random.default_rng([20240601, side, 2, 0])
    proba = 1.0 / (1.0 + np.exp(-(logit + rng.normal(0, 1.0, n_rows))))
    target = (rng.random(n_rows) < proba).astype(np.int64)
    if production:  # concept drift: flip 10% of labels
        flip = rng.random(n_rows) < 0.10
        target = np.where(flip, 1 - target, target)
    cols["target"] = target
    cols["prediction"] = (proba >= 0.5).astype(np.int64)
    cols["prediction_proba"] = np.round(proba, 4)
    return pa.table({k: pa.array(v) for k, v in cols.items()})


def main(argv):
    sizes = argv[1:] or list(SIZES)
    for size in sizes:
        n_rows, n_feat = SIZES[size]
        out = os.path.join(HERE, size)
        os.makedirs(out, exist_ok=True)
        for name, prod in (("reference.csv", False), ("production.csv", True)):
            t0 = time.time()
            tbl = make_table(n_rows, n_feat, prod)
            pacsv.write_csv(tbl, os.path.join(out, name))
            print(f"{size}/{name}: {tbl.num_rows} rows x {tbl.num_columns} cols, "
                  f"{os.path.getsize(os.path.join(out, name)) / 1e6:.1f} MB, {time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main(sys.argv)
