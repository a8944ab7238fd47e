#!/usr/bin/env python3
"""Reference values of NannyML's CBPE for multiclass classification (one-vs-rest) for driftcard's
Rust tests (tests/cbpe.rs).

Versions (pinned; the values in tests/reference/cbpe/multiclass_expected.json come from these):
    nannyml      0.13.1
    scikit-learn 1.5.2
    pandas       2.2.3
    numpy        1.26.4
Install and run (from the crate root):
    pip install nannyml==0.13.1 scikit-learn==1.5.2 pandas==2.2.3 numpy==1.26.4
    python3 tests/reference/make_cbpe_multiclass_reference.py [OUT_DIR]
(The committed files were made with `/work/venv-real/bin/python`.)

Data (numpy default_rng(20261208), 3 classes `a`, `b`, `c`, 3000 rows per file): true class
probabilities softmax(z) with z ~ N(0, 1.5²) per class; y_true drawn from them; the model's
probabilities softmax(0.6·z + N(0, 0.3²)) (under-confident: isotonic calibration changes them);
y_pred = argmax. Production rows 1500… shift z_a by +1. Probabilities are written with repr.

Runs: nml.CBPE(y_pred_proba={'a': 'p_a', 'b': 'p_b', 'c': 'p_c'}, y_pred='y_pred',
y_true='y_true', problem_type='classification_multiclass',
metrics=['roc_auc','f1','precision','recall','specificity','accuracy'], chunk_size=500)
with nannyml's needs_calibration forced to True ("calibrated": every class calibrated) or
False ("uncalibrated"); production includes y_true (realised values for every chunk).
"""
import json
import math
import os
import sys
import warnings

os.environ["NML_DISABLE_USAGE_LOGGING"] = "1"

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
import nannyml as nml  # noqa: E402
import nannyml.performance_estimation.confidence_based.cbpe as cbpe_mod  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261208
N = 3000
CHUNK_SIZE = 500
CLASSES = ["a", "b", "c"]
METRICS = ["roc_auc", "f1", "precision", "recall", "specificity", "accuracy"]
FIELDS = {
    "value": "value",
    "sampling_error": "sampling_error",
    "realized": "realized",
    "upper_confidence": "upper_confidence_boundary",
    "lower_confidence": "lower_confidence_boundary",
    "upper_threshold": "upper_threshold",
    "lower_threshold": "lower_threshold",
    "alert": "alert",
}


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def generate(rng, shift):
    z = rng.normal(0.0, 1.5, size=(N, 3))
    if shift:
        z[N // 2:, 0] += 1.0
    true_p = softmax(z)
    u = rng.random(N)
    y = (u[:, None] > np.cumsum(true_p, axis=1)).sum(axis=1)
    p = softmax(0.6 * z + rng.normal(0.0, 0.3, size=(N, 3)))
    pred = p.argmax(axis=1)
    return y, p, pred


def write(path, y, p, pred):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("y_true,p_a,p_b,p_c,y_pred\n")
        for i in range(N):
            f.write(f"{CLASSES[y[i]]},{repr(float(p[i,0]))},{repr(float(p[i,1]))},{repr(float(p[i,2]))},{CLASSES[pred[i]]}\n")


def num(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def run(ref, prod, decision):
    original = cbpe_mod.needs_calibration
    cbpe_mod.needs_calibration = lambda *a, **k: decision
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est = nml.CBPE(
                y_pred_proba={c: f"p_{c}" for c in CLASSES},
                y_pred="y_pred",
                y_true="y_true",
                problem_type="classification_multiclass",
                metrics=METRICS,
                chunk_size=CHUNK_SIZE,
            )
            est.fit(ref.copy())
            df = est.estimate(prod.copy()).to_df()
    finally:
        cbpe_mod.needs_calibration = original
    chunks = []
    for i in range(len(df)):
        row = df.iloc[i]
        chunk = {"period": str(row[("chunk", "period")]), "metrics": {}}
        for m in METRICS:
            rec = {}
            for out_name, col in FIELDS.items():
                v = row[(m, col)]
                rec[out_name] = (None if v is None or (isinstance(v, float) and math.isnan(v)) else bool(v)) if out_name == "alert" else num(v)
            chunk["metrics"][m] = rec
        chunks.append(chunk)
    return chunks


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "cbpe")
    rng = np.random.default_rng(SEED)
    files = {"reference": generate(rng, False), "production": generate(rng, True)}
    frames = {}
    for name, data in files.items():
        path = os.path.join(out_dir, f"multiclass_{name}.csv")
        write(path, *data)
        frames[name] = pd.read_csv(path, dtype={"y_true": str, "y_pred": str})
    out = {
        "nannyml": nml.__version__,
        "scikit-learn": sklearn.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "seed": SEED,
        "chunk_size": CHUNK_SIZE,
        "metrics": METRICS,
        "runs": {
            "calibrated": run(frames["reference"], frames["production"], True),
            "uncalibrated": run(frames["reference"], frames["production"], False),
        },
    }
    with open(os.path.join(out_dir, "multiclass_expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, allow_nan=False)
    print("wrote", out_dir)


if __name__ == "__main__":
    main()
