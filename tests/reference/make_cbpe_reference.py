#!/usr/bin/env python3
"""Reference values of NannyML's CBPE (binary classification) for driftcard's Rust tests.

Versions (pinned; the values in tests/reference/cbpe/expected.json come from exactly these):
    nannyml      0.13.1
    scikit-learn 1.5.2
    pandas       2.2.3
    numpy        1.26.4
Install and run (from the crate root):
    pip install nannyml==0.13.1 scikit-learn==1.5.2 pandas==2.2.3 numpy==1.26.4
    python3 tests/reference/make_cbpe_reference.py [OUT_DIR]
OUT_DIR defaults to tests/reference/cbpe. (The committed files were made with
`/work/venv-real/bin/python tests/reference/make_cbpe_reference.py`.)
NML_DISABLE_USAGE_LOGGING=1 is set before nannyml is imported (no network use).

What it writes:
  * <case>_reference.csv, <case>_production.csv  (header y_true,y_pred_proba,y_pred; 3000 rows
    each; y_true, y_pred integers 0/1; y_pred_proba written with repr (shortest round-trip)
    so that Rust's f64 parser gets the identical double). Data: numpy
    default_rng(20261207), drawn in the order calibrated/reference, calibrated/production,
    miscalibrated/reference, miscalibrated/production; y_pred = (p >= 0.5).
      calibrated     p ~ Beta(2,2); y_true ~ Bernoulli(p) (scores are calibrated).
                     Production: rows 0..1499 Beta(2,2), rows 1500..2999 Beta(2,5).
      miscalibrated  p ~ Beta(2,2); y_true ~ Bernoulli(sigmoid(3*logit(p))) (scores are
                     under-confident, isotonic calibration helps).
                     Production: rows 0..1499 Beta(2,2), rows 1500..2999 Beta(5,2).
    Scores are asserted distinct within each file and strictly inside (0, 1).
    The DataFrames handed to NannyML are parsed back from the CSV text with float().
  * expected.json: for each case, NannyML's own (un-patched) needs_calibration decision on
    the reference data (and the two ECEs it compares: nannyml_ece_uncalibrated,
    nannyml_ece_calibrated; calibration is needed iff the first is larger), then two runs with
    nannyml.performance_estimation.confidence_based.cbpe.needs_calibration monkeypatched to
    return True ("calibrated" run) or False ("uncalibrated" run) of
        nml.CBPE(y_pred_proba='y_pred_proba', y_pred='y_pred', y_true='y_true',
                 problem_type='classification_binary',
                 metrics=['roc_auc','f1','precision','recall','specificity','accuracy'],
                 chunk_size=500).fit(reference).estimate(production)
    (production includes y_true, so "realized" is filled for analysis chunks too).
    Per chunk of result.to_df() (6 reference chunks then 6 analysis chunks): key,
    chunk_index, start_index, end_index, period and, per metric, value (estimate),
    sampling_error, realized, upper/lower_confidence_boundary, upper/lower_threshold, alert.
    NaN/None -> null. Per run also: calibrated_first20 = the fitted estimator's
    calibrator.calibrate(first 20 production scores) when calibration is on (else null),
    and the warnings/log records NannyML emitted.
"""
import json
import logging
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
import nannyml.calibration as nml_calibration  # noqa: E402
from nannyml.calibration import IsotonicCalibrator, needs_calibration  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261207
N = 3000
CHUNK_SIZE = 500
METRICS = ["roc_auc", "f1", "precision", "recall", "specificity", "accuracy"]
FIELDS = {
    "value": "value",
    "sampling_error": "sampling_error",
    "realized": "realized",
    "upper_confidence_boundary": "upper_confidence_boundary",
    "lower_confidence_boundary": "lower_confidence_boundary",
    "upper_threshold": "upper_threshold",
    "lower_threshold": "lower_threshold",
    "alert": "alert",
}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def logit(p):
    return np.log(p) - np.log1p(-p)


def make_rows(rng, p, true_prob):
    y_true = (rng.random(len(p)) < true_prob).astype(int)
    y_pred = (p >= 0.5).astype(int)
    return y_true, p, y_pred


def generate(rng):
    cases = {}
    half = N // 2
    # calibrated
    p_ref = rng.beta(2, 2, N)
    ref = make_rows(rng, p_ref, p_ref)
    p_prod = np.concatenate([rng.beta(2, 2, half), rng.beta(2, 5, N - half)])
    prod = make_rows(rng, p_prod, p_prod)
    cases["calibrated"] = (ref, prod)
    # miscalibrated
    p_ref = rng.beta(2, 2, N)
    ref = make_rows(rng, p_ref, sigmoid(3.0 * logit(p_ref)))
    p_prod = np.concatenate([rng.beta(2, 2, half), rng.beta(5, 2, N - half)])
    prod = make_rows(rng, p_prod, sigmoid(3.0 * logit(p_prod)))
    cases["miscalibrated"] = (ref, prod)
    return cases


def write_csv(path, rows):
    y_true, p, y_pred = rows
    assert len(np.unique(p)) == len(p), f"tied scores in {path}"
    assert np.all(p > 0.0) and np.all(p < 1.0), f"score outside (0,1) in {path}"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("y_true,y_pred_proba,y_pred\n")
        for t, s, d in zip(y_true, p, y_pred):
            text = repr(float(s))
            assert float(text) == float(s)
            f.write(f"{int(t)},{text},{int(d)}\n")


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert lines[0] == "y_true,y_pred_proba,y_pred"
    rows = [line.split(",") for line in lines[1:]]
    return pd.DataFrame(
        {
            "y_true": np.array([int(r[0]) for r in rows], dtype=np.int64),
            "y_pred_proba": np.array([float(r[1]) for r in rows], dtype=np.float64),
            "y_pred": np.array([int(r[2]) for r in rows], dtype=np.int64),
        }
    )


def num(x):
    if x is None:
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    x = float(x)
    return None if math.isnan(x) else x


def as_bool(x):
    if x is None:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    return bool(x)


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.WARNING:
            self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def run(ref_df, prod_df, decision):
    original = cbpe_mod.needs_calibration
    cbpe_mod.needs_calibration = lambda *a, **k: decision
    handler = ListHandler()
    nml_logger = logging.getLogger("nannyml")
    nml_logger.addHandler(handler)
    old_level = nml_logger.level
    nml_logger.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            est = nml.CBPE(
                y_pred_proba="y_pred_proba",
                y_pred="y_pred",
                y_true="y_true",
                problem_type="classification_binary",
                metrics=METRICS,
                chunk_size=CHUNK_SIZE,
            )
            est.fit(ref_df.copy())
            result = est.estimate(prod_df.copy())
    finally:
        cbpe_mod.needs_calibration = original
        nml_logger.removeHandler(handler)
        nml_logger.setLevel(old_level)
    assert est.needs_calibration is decision

    df = result.to_df()
    periods = list(df[("chunk", "period")])
    assert periods == ["reference"] * (N // CHUNK_SIZE) + ["analysis"] * (N // CHUNK_SIZE), periods
    chunks = []
    for i in range(len(df)):
        row = df.iloc[i]
        chunk = {
            "key": str(row[("chunk", "key")]),
            "chunk_index": int(row[("chunk", "chunk_index")]),
            "start_index": int(row[("chunk", "start_index")]),
            "end_index": int(row[("chunk", "end_index")]),
            "period": str(row[("chunk", "period")]),
            "metrics": {},
        }
        for m in METRICS:
            rec = {}
            for out_name, col in FIELDS.items():
                v = row[(m, col)]
                rec[out_name] = as_bool(v) if out_name == "alert" else num(v)
            chunk["metrics"][m] = rec
        chunks.append(chunk)

    first20 = prod_df["y_pred_proba"].to_numpy()[:20]
    calibrated_first20 = (
        [float(v) for v in est.calibrator.calibrate(first20)] if est.needs_calibration else None
    )
    warn_texts = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    return {
        "needs_calibration_used": bool(est.needs_calibration),
        "chunks": chunks,
        "production_first20": [float(v) for v in first20],
        "calibrated_first20": calibrated_first20,
        "warnings": warn_texts,
        "log_records": sorted(set(handler.records)),
    }


def own_decision(ref_df):
    """NannyML's un-patched needs_calibration on the reference data, as CBPE calls it, plus the
    two expected calibration errors it compares (pooled 10 x 10 % StratifiedShuffleSplit test
    folds, 10 equal-count bins; uncalibrated first, isotonic-calibrated second)."""
    original = nml_calibration._calculate_expected_calibration_error
    eces = []

    def spy(*args, **kwargs):
        value = original(*args, **kwargs)
        eces.append(float(value))
        return value

    nml_calibration._calculate_expected_calibration_error = spy
    try:
        own = bool(
            needs_calibration(
                y_true=ref_df["y_true"], y_pred_proba=ref_df["y_pred_proba"], calibrator=IsotonicCalibrator()
            )
        )
    finally:
        nml_calibration._calculate_expected_calibration_error = original
    assert len(eces) == 2 and own == (eces[0] > eces[1]), eces
    return own, eces


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "cbpe")
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(SEED)
    cases = generate(rng)

    out = {
        "nannyml": nml.__version__,
        "scikit-learn": sklearn.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "seed": SEED,
        "metrics": METRICS,
        "note": (
            "Generated by tests/reference/make_cbpe_reference.py. Runs force "
            "nannyml's needs_calibration to True ('calibrated') or False ('uncalibrated'). "
            "'value' is the CBPE estimate; null = NaN/None."
        ),
        "cases": {},
    }
    for name, (ref_rows, prod_rows) in cases.items():
        ref_path = os.path.join(out_dir, f"{name}_reference.csv")
        prod_path = os.path.join(out_dir, f"{name}_production.csv")
        write_csv(ref_path, ref_rows)
        write_csv(prod_path, prod_rows)
        ref_df = read_csv(ref_path)
        prod_df = read_csv(prod_path)
        assert np.array_equal(ref_df["y_pred_proba"].to_numpy(), ref_rows[1])
        assert np.array_equal(prod_df["y_pred_proba"].to_numpy(), prod_rows[1])

        own, ece = own_decision(ref_df)
        case = {
            "nannyml_needs_calibration": own,
            "nannyml_ece_uncalibrated": ece[0],
            "nannyml_ece_calibrated": ece[1],
            "chunk_size": CHUNK_SIZE,
            "reference_rows": len(ref_df),
            "production_rows": len(prod_df),
            "runs": {
                "calibrated": run(ref_df, prod_df, True),
                "uncalibrated": run(ref_df, prod_df, False),
            },
        }
        out["cases"][name] = case
        print(f"{name}: nannyml needs_calibration = {own}")

    with open(os.path.join(out_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
