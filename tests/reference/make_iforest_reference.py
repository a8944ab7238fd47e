#!/usr/bin/env python3
"""Reference decision scores of scikit-learn's IsolationForest for tests/outliers.rs.

Versions (pinned; what PyPI serves for python3.11, matching the golden files' scikit-learn):
    python       3.11.7
    scikit-learn 1.9.1
    numpy        2.4.6
Install and run (from the crate root):
    pip install scikit-learn==1.9.1 numpy==2.4.6
    python3.11 tests/reference/make_iforest_reference.py [GOLDEN_DIR]
GOLDEN_DIR defaults to $DRIFTCARD_GOLDEN, else tests/golden (as tests/util.rs).

What it computes, per case (identical to driftcard's `outliers::Features::prepare_matrices`):
  * Columns: the schema's feature columns of the pair (expected.json -> schema), read from the
    CSV text with Python float() (correctly rounded; empty field = missing).
  * Numeric features as is; a missing value -> median (numpy, linear) of the finite
    reference values of that column; a column with no reference value -> 0.0 everywhere
    (constant, so never split on).
  * Categorical/boolean features ("all features" case only): frequency encoding learned on
    the reference, share = count(category) / non-missing reference rows; a category unseen
    in the reference -> 0.0; missing -> median of the encoded non-missing reference values.
  * IsolationForest(random_state=0) with every other parameter at its default
    (n_estimators=100, max_samples='auto' = 256, contamination='auto', max_features=1.0,
    bootstrap=False), fitted on all reference rows; decision_function of the production rows
    (and of the reference rows, for the in-sample outlier share).
Also records the shares for random_state = 0..19 and their means (scikit-learn's own
seed-to-seed spread, against which tests/outliers.rs compares our shares).
Outputs tests/reference/iforest_<case>.json with the decision scores of the production data
rows 0, step, 2·step, … (0-based) rounded to 6 decimals (enough for rank correlation; keeps
the files a few KB), and the outlier shares (decision < 0) of the reference rows and of those
production rows.

Cases:
  pair01          pair01_binary_mixed, numeric features: age, income (5 % missing),
                  score_t, balance, const_feature (constant 3.5), empty_feature (all missing).
  pair01_all      the same plus color, segment (categorical) and is_member (boolean,
                  with missing values), frequency-encoded.
  pair04          pair04_large_n20000, numeric features feat_normal, feat_cauchy,
                  feat_lognormal, feat_poisson, feat_oor; fitted on all 20 000 reference
                  rows, production subsampled to every 20th row (1 000 rows).
"""
import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

SEEDS = 20
HERE = os.path.dirname(os.path.abspath(__file__))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    return {name: [r[i] if i < len(r) else "" for r in data] for i, name in enumerate(header)}


def numeric(values):
    out = []
    for v in values:
        if v == "":
            out.append(np.nan)
        else:
            x = float(v)
            out.append(x if np.isfinite(x) else np.nan)
    return np.array(out, dtype=np.float64)


def encode_numeric(ref, prod):
    finite = ref[np.isfinite(ref)]
    med = float(np.median(finite)) if finite.size else 0.0
    return np.where(np.isfinite(ref), ref, med), np.where(np.isfinite(prod), prod, med)


def encode_categorical(ref, prod):
    present = [v for v in ref if v != ""]
    counts = {}
    for v in present:
        counts[v] = counts.get(v, 0) + 1
    share = {k: c / len(present) for k, c in counts.items()}
    encoded = np.array([share[v] for v in present], dtype=np.float64)
    med = float(np.median(encoded)) if encoded.size else 0.0

    def enc(col):
        return np.array([med if v == "" else share.get(v, 0.0) for v in col], dtype=np.float64)

    return enc(ref), enc(prod)


def case(golden, pair, with_categorical, prod_step):
    d = os.path.join(golden, pair)
    schema = json.load(open(os.path.join(d, "expected.json")))["schema"]
    ref, prod = read_csv(os.path.join(d, "reference.csv")), read_csv(os.path.join(d, "production.csv"))
    cols_r, cols_p, names = [], [], []
    for c in schema["numerical"]:
        r, p = encode_numeric(numeric(ref[c]), numeric(prod[c]))
        cols_r.append(r), cols_p.append(p), names.append(c)
    if with_categorical:
        for c in schema["categorical"] + schema["boolean"]:
            r, p = encode_categorical(ref[c], prod[c])
            cols_r.append(r), cols_p.append(p), names.append(c)
    xr, xp = np.column_stack(cols_r), np.column_stack(cols_p)
    rows = list(range(0, xp.shape[0], prod_step))
    forest = IsolationForest(random_state=0).fit(xr)
    dp = forest.decision_function(xp[rows])
    dr = forest.decision_function(xr)
    # scikit-learn's own seed-to-seed spread of the outlier shares: with many rows near the
    # decision boundary one seed's share is a noisy target (pair01: 15.6 %..28 % over seeds).
    seed_shares = []
    for rs in range(SEEDS):
        f = IsolationForest(random_state=rs).fit(xr)
        seed_shares.append([float(np.mean(f.decision_function(xr) < 0)),
                            float(np.mean(f.decision_function(xp[rows]) < 0))])
    return {
        "generator": "tests/reference/make_iforest_reference.py",
        "versions": {"python": sys.version.split()[0], "scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "call": "IsolationForest(random_state=0).fit(X_ref).decision_function(X_prod[rows])",
        "pair": pair,
        "features": names,
        "rows_reference": int(xr.shape[0]),
        "share_reference": float(np.mean(dr < 0)),
        "share_production": float(np.mean(dp < 0)),
        "production_step": prod_step,
        "rows_production": int(xp.shape[0]),
        "seed_shares": {"random_states": f"0..{SEEDS - 1}", "reference_production": seed_shares,
                        "mean_reference": float(np.mean([a for a, _ in seed_shares])),
                        "mean_production": float(np.mean([b for _, b in seed_shares]))},
        "decision": [round(float(v), 6) for v in dp],
    }


def main():
    golden = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "DRIFTCARD_GOLDEN", os.path.join(HERE, "..", "golden"))
    cases = {
        "pair01": ("pair01_binary_mixed", False, 1),
        "pair01_all": ("pair01_binary_mixed", True, 1),
        "pair04": ("pair04_large_n20000", False, 20),
    }
    for name, (pair, cat, step) in cases.items():
        out = case(golden, pair, cat, step)
        path = os.path.join(HERE, f"iforest_{name}.json")
        with open(path, "w") as f:
            json.dump(out, f, separators=(",", ":"))
            f.write("\n")
        ss = out["seed_shares"]
        print(f"{path}: {len(out['decision'])} rows, share ref {out['share_reference']:.4f}, "
              f"prod {out['share_production']:.4f}; over seeds: ref {ss['mean_reference']:.4f}, "
              f"prod {ss['mean_production']:.4f} "
              f"[{min(b for _, b in ss['reference_production']):.4f}, "
              f"{max(b for _, b in ss['reference_production']):.4f}]")


if __name__ == "__main__":
    main()
