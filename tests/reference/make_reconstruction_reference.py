#!/usr/bin/env python3
"""Reference values of NannyML's multivariate drift by PCA data reconstruction
(nannyml.DataReconstructionDriftCalculator) for driftcard's Rust tests.

Versions (pinned; the values in tests/reference/reconstruction/expected.json come from exactly these):
    nannyml           0.13.1
    scikit-learn      1.5.2
    pandas            2.2.3
    numpy             1.26.4
    category_encoders 2.7.0   (pulled in by nannyml; provides the CountEncoder)
Install and run (from the crate root):
    pip install nannyml==0.13.1 scikit-learn==1.5.2 pandas==2.2.3 numpy==1.26.4
    python3 tests/reference/make_reconstruction_reference.py [OUT_DIR]
OUT_DIR defaults to tests/reference/reconstruction. (The committed files were made with
`/work/venv-real/bin/python tests/reference/make_reconstruction_reference.py`.)
NML_DISABLE_USAGE_LOGGING=1 is set before nannyml is imported (no network use).

What it writes:
  * reference.csv, production.csv (header a,b,c,d,cat; 3000 rows each). Floats written with
    repr (shortest round-trip), missing values as empty cells. Data: numpy
    default_rng(20261208), drawn in this order, first for the reference file, then for the
    production file, each draw of length 3000:
        a     = normal(0, 1)
        eb    = normal(0, 1);  b = s * 0.9 * a + 0.44 * eb
        c     = normal(5, 2)                       (loc 5, standard deviation 2)
        ed    = normal(0, 1);  d = -0.5 * c + ed
        cat   = choice(['x','y','z'], p=[0.5, 0.3, 0.2])
        miss_c   = choice(3000, 30, replace=False)  -> c[miss_c] is written empty (1 %)
        miss_cat = choice(3000, 30, replace=False)  -> cat[miss_cat] is written empty (1 %)
    s = +1 everywhere in the reference and in production rows 0..1499; s = -1 in production
    rows 1500..2999 (joint shift: the a-b correlation flips, every marginal is unchanged).
    The DataFrames handed to NannyML are read back with
    pd.read_csv(path, float_precision='round_trip') (a, b, c, d float64, cat object with NaN
    for the empty cells); the script asserts that this parse gives bit-identical doubles to
    Python's float() on the same text. NOTE: pandas' default C parser (float_precision=None,
    "high") is NOT correctly rounded for 17-significant-digit text: about a third of the
    values come out 1+ ulp off (relative error up to ~1e-12). The calculation is repeated on
    plain pd.read_csv frames and the largest deviation of any chunk value is recorded as
    default_parser_max_abs_diff (informative only).
  * expected.json:
        calc = nml.DataReconstructionDriftCalculator(column_names=['a','b','c','d','cat'],
                                                     chunk_size=500)
        calc.fit(reference_df); result = calc.calculate(production_df)
    (all other arguments default: n_components=0.65, SimpleImputer(mean) for continuous,
    SimpleImputer(most_frequent) for categorical columns, CountEncoder(normalize=True),
    StandardScaler, PCA(n_components=0.65, random_state=16)). Recorded: versions, the
    feature split NannyML made, the fitted imputers' statistics_, the CountEncoder's mapping
    for cat (share of each category in the imputed reference), the scaler's mean_/scale_/var_,
    the PCA's n_components_, explained_variance_ratio_, explained_variance_, mean_,
    components_ and the svd solver it picked; per chunk of result.to_df() (6 reference chunks
    then 6 analysis chunks): key, chunk_index, period, start_index, end_index, value (mean
    reconstruction error), sampling_error, upper/lower_confidence_boundary,
    upper/lower_threshold (null = None/NaN), alert; and first10_row_errors = the per-row
    reconstruction error (Euclidean norm of scaled row minus its PCA reconstruction, before
    the chunk mean) of production rows 0..9, recomputed here with the fitted
    imputers/encoder/scaler/pca exactly as _calculate_dre_results does. Also
    probes: what the fitted CountEncoder gives an unseen category and a missing value.
    The script asserts that every analysis chunk of the shifted half (rows 1500..2999) has a
    higher reconstruction error than every chunk of the unshifted half.
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
import category_encoders  # noqa: E402
import nannyml as nml  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261208
N = 3000
HALF = N // 2
CHUNK_SIZE = 500
N_MISSING = 30  # 1 % of 3000
COLUMNS = ["a", "b", "c", "d", "cat"]
CATEGORIES = ["x", "y", "z"]
CAT_P = [0.5, 0.3, 0.2]


def generate(rng, sign):
    a = rng.normal(0.0, 1.0, N)
    eb = rng.normal(0.0, 1.0, N)
    b = sign * 0.9 * a + 0.44 * eb
    c = rng.normal(5.0, 2.0, N)
    ed = rng.normal(0.0, 1.0, N)
    d = -0.5 * c + ed
    cat = rng.choice(np.array(CATEGORIES, dtype=object), size=N, p=CAT_P)
    miss_c = rng.choice(N, N_MISSING, replace=False)
    miss_cat = rng.choice(N, N_MISSING, replace=False)
    c = c.copy()
    c[miss_c] = np.nan
    cat = cat.copy()
    cat[miss_cat] = None
    return {"a": a, "b": b, "c": c, "d": d, "cat": cat}


def fmt(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, str):
        return x
    text = repr(float(x))
    assert float(text) == float(x)
    return text


def write_csv(path, cols):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(COLUMNS) + "\n")
        for i in range(N):
            f.write(",".join(fmt(cols[k][i]) for k in COLUMNS) + "\n")


def read_csv(path, float_precision="round_trip"):
    df = pd.read_csv(path, float_precision=float_precision)
    assert list(df.columns) == COLUMNS, list(df.columns)
    for k in ["a", "b", "c", "d"]:
        assert df[k].dtype == np.float64, (k, df[k].dtype)
    assert df["cat"].dtype == object, df["cat"].dtype
    if float_precision != "round_trip":
        return df
    # The parse must agree bit-for-bit with a correctly rounded parse (as Rust's str::parse::<f64>).
    with open(path, encoding="utf-8") as f:
        rows = [line.split(",") for line in f.read().splitlines()[1:]]
    for j, k in enumerate(["a", "b", "c", "d"]):
        exact = np.array([float(r[j]) if r[j] != "" else np.nan for r in rows])
        got = df[k].to_numpy()
        assert np.array_equal(np.isnan(exact), np.isnan(got)), k
        m = ~np.isnan(exact)
        assert np.array_equal(exact[m].view(np.int64), got[m].view(np.int64)), f"pandas parse differs in {k}"
    assert df["c"].isna().sum() == N_MISSING and df["cat"].isna().sum() == N_MISSING
    assert set(df["cat"].dropna().unique()) <= set(CATEGORIES)
    return df


def num(x):
    if x is None:
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    x = float(x)
    return None if math.isnan(x) else x


def floats(arr):
    return [float(v) for v in np.asarray(arr, dtype=np.float64).ravel()]


def row_errors(calc, df):
    """Per-row reconstruction errors, replicating DataReconstructionDriftCalculator._calculate_dre_results."""
    data = df.copy(deep=True)
    if calc.categorical_column_names:
        data[calc.categorical_column_names] = calc._imputer_categorical.transform(data[calc.categorical_column_names])
    if calc.continuous_column_names:
        data[calc.continuous_column_names] = calc._imputer_continuous.transform(data[calc.continuous_column_names])
    x = calc._encoder.transform(data[calc.column_names]).to_numpy()
    x = calc._scaler.transform(x)
    rec = calc._pca.inverse_transform(calc._pca.transform(x))
    return np.linalg.norm(x - rec, axis=1)


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.WARNING:
            self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "reconstruction")
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(SEED)
    ref_cols = generate(rng, np.ones(N))
    prod_cols = generate(rng, np.concatenate([np.ones(HALF), -np.ones(N - HALF)]))

    ref_path = os.path.join(out_dir, "reference.csv")
    prod_path = os.path.join(out_dir, "production.csv")
    write_csv(ref_path, ref_cols)
    write_csv(prod_path, prod_cols)
    ref_df = read_csv(ref_path)
    prod_df = read_csv(prod_path)

    handler = ListHandler()
    nml_logger = logging.getLogger("nannyml")
    nml_logger.addHandler(handler)
    old_level = nml_logger.level
    nml_logger.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            calc = nml.DataReconstructionDriftCalculator(column_names=COLUMNS, chunk_size=CHUNK_SIZE)
            calc.fit(ref_df.copy())
            result = calc.calculate(prod_df.copy())
    finally:
        nml_logger.removeHandler(handler)
        nml_logger.setLevel(old_level)

    # Same run on frames parsed with pandas' default (not correctly rounded) float parser.
    calc_default = nml.DataReconstructionDriftCalculator(column_names=COLUMNS, chunk_size=CHUNK_SIZE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calc_default.fit(read_csv(ref_path, float_precision=None))
        df_default = calc_default.calculate(read_csv(prod_path, float_precision=None)).to_df()

    df = result.to_df()
    default_diff = float(
        np.max(np.abs(df_default[("reconstruction_error", "value")].to_numpy() - df[("reconstruction_error", "value")].to_numpy()))
    )
    n_chunks = N // CHUNK_SIZE
    periods = list(df[("chunk", "period")])
    assert periods == ["reference"] * n_chunks + ["analysis"] * n_chunks, periods
    chunks = []
    for i in range(len(df)):
        row = df.iloc[i]
        rec = {
            "key": str(row[("chunk", "key")]),
            "chunk_index": int(row[("chunk", "chunk_index")]),
            "period": str(row[("chunk", "period")]),
            "start_index": int(row[("chunk", "start_index")]),
            "end_index": int(row[("chunk", "end_index")]),
        }
        for field in [
            "value",
            "sampling_error",
            "upper_threshold",
            "lower_threshold",
            "alert",
            "upper_confidence_boundary",
            "lower_confidence_boundary",
        ]:
            rec[field] = num(row[("reconstruction_error", field)])
        rec["alert"] = bool(row[("reconstruction_error", "alert")])
        chunks.append(rec)

    # Own per-row errors; check they reproduce NannyML's chunk means and sampling errors.
    ref_err = row_errors(calc, ref_df)
    prod_err = row_errors(calc, prod_df)
    for period_err, chunk_recs in ((ref_err, chunks[:n_chunks]), (prod_err, chunks[n_chunks:])):
        for ch in chunk_recs:
            e = period_err[ch["start_index"] : ch["end_index"] + 1]
            assert abs(float(np.mean(e)) - ch["value"]) <= 1e-12 * abs(ch["value"]), ch
            se = float(np.std(e, ddof=1) / np.sqrt(len(e)))
            assert abs(se - ch["sampling_error"]) <= 1e-12 * se, ch
    first10 = floats(prod_err[:10])

    # The shifted half must have a higher reconstruction error than the unshifted half.
    analysis = chunks[n_chunks:]
    unshifted = [ch["value"] for ch in analysis if ch["end_index"] < HALF]
    shifted = [ch["value"] for ch in analysis if ch["start_index"] >= HALF]
    assert len(unshifted) == 3 and len(shifted) == 3
    assert min(shifted) > max(unshifted), (unshifted, shifted)
    shifted_alerts = [ch["alert"] for ch in analysis if ch["start_index"] >= HALF]
    unshifted_alerts = [ch["alert"] for ch in analysis if ch["end_index"] < HALF]

    # Fitted pieces.
    enc = calc._encoder
    mapping = {str(k): float(v) for k, v in enc.mapping["cat"].items()}
    probe = pd.DataFrame(
        {"a": [0.0] * 3, "b": [0.0] * 3, "c": [5.0] * 3, "d": [0.0] * 3, "cat": ["w", np.nan, "x"]}
    )
    probe_enc = enc.transform(probe[COLUMNS])["cat"].tolist()
    pca = calc._pca
    scaler = calc._scaler
    cont_names = list(calc.continuous_column_names)
    cat_names = list(calc.categorical_column_names)

    out = {
        "nannyml": nml.__version__,
        "scikit-learn": sklearn.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "category_encoders": category_encoders.__version__,
        "seed": SEED,
        "note": (
            "Generated by tests/reference/make_reconstruction_reference.py. "
            "DataReconstructionDriftCalculator(column_names=[a,b,c,d,cat], chunk_size=500), "
            "fit(reference.csv).calculate(production.csv). Feature order after encoding = "
            "column_names order (a,b,c,d,cat). null = None/NaN."
        ),
        "column_names": COLUMNS,
        "chunk_size": CHUNK_SIZE,
        "reference_rows": len(ref_df),
        "production_rows": len(prod_df),
        "continuous_column_names": cont_names,
        "categorical_column_names": cat_names,
        "imputer_continuous_statistics": dict(zip(cont_names, floats(calc._imputer_continuous.statistics_))),
        "imputer_categorical_statistics": dict(
            zip(cat_names, [str(v) for v in calc._imputer_categorical.statistics_])
        ),
        "count_encoder_mapping_cat": mapping,
        "count_encoder_probe": {
            "unseen_w": num(probe_enc[0]),
            "missing_nan": num(probe_enc[1]),  # never happens inside NannyML: imputed first
            "x": num(probe_enc[2]),
        },
        "scaler_mean": floats(scaler.mean_),
        "scaler_scale": floats(scaler.scale_),
        "scaler_var": floats(scaler.var_),
        "pca_n_components": int(pca.n_components_),
        "pca_svd_solver_used": str(pca._fit_svd_solver),
        "pca_explained_variance_ratio": floats(pca.explained_variance_ratio_),
        "pca_explained_variance": floats(pca.explained_variance_),
        "pca_mean": floats(pca.mean_),
        "pca_components": [floats(r) for r in pca.components_],
        "lower_threshold_value": num(calc.lower_threshold_value),
        "upper_threshold_value": num(calc.upper_threshold_value),
        "chunks": chunks,
        "first10_row_errors": first10,
        "unshifted_analysis_values": unshifted,
        "shifted_analysis_values": shifted,
        "unshifted_analysis_alerts": unshifted_alerts,
        "shifted_analysis_alerts": shifted_alerts,
        "default_parser_max_abs_diff": default_diff,
        "warnings": sorted({f"{w.category.__name__}: {w.message}" for w in caught}),
        "log_records": sorted(set(handler.records)),
    }
    with open(os.path.join(out_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write("\n")

    print(f"n_components = {pca.n_components_}, evr = {floats(pca.explained_variance_ratio_)}")
    print(f"thresholds: lower={calc.lower_threshold_value} upper={calc.upper_threshold_value}")
    for ch in chunks:
        print(f"{ch['period']:9s} {ch['key']:12s} {ch['value']:.6f} alert={ch['alert']}")
    print("encoder probe:", out["count_encoder_probe"])
    print("pca mean:", out["pca_mean"])
    print("default parser max abs diff of chunk values:", default_diff)
    print("warnings:", out["warnings"], "logs:", out["log_records"])


if __name__ == "__main__":
    main()
