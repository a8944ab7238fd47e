#!/usr/bin/env python3
"""One benchmark task per process (so /usr/bin/time -v gives its own peak RSS).

    python bench/bench.py TASK SIZE_DIR          TASK in: read | evidently | scipy | nannyml

Prints one JSON line with internal phase timings (seconds, time.perf_counter).
"""
import json
import os
import sys
import time
import warnings

os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")  # nannyml telemetry off (no network here)
warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

task, size_dir = sys.argv[1], sys.argv[2]
out = {"task": task, "size": os.path.basename(size_dir.rstrip("/"))}
t0 = time.perf_counter()
ref = pd.read_csv(os.path.join(size_dir, "reference.csv"))
cur = pd.read_csv(os.path.join(size_dir, "production.csv"))
out["read_csv_s"] = time.perf_counter() - t0
out["shape"] = [list(ref.shape), list(cur.shape)]
num_cols = [c for c in ref.columns if c.startswith("num_")] + ["prediction_proba"]
cat_cols = [c for c in ref.columns if c.startswith("cat_")] + ["target", "prediction"]

if task == "read":
    pass

elif task == "evidently":
    t = time.perf_counter()
    import evidently
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset
    out["import_s"] = time.perf_counter() - t

    out["evidently"] = evidently.__version__
    t = time.perf_counter()
    dd = DataDefinition(numerical_columns=num_cols, categorical_columns=cat_cols)
    ref_ds = Dataset.from_pandas(ref, data_definition=dd)
    cur_ds = Dataset.from_pandas(cur, data_definition=dd)
    out["dataset_build_s"] = time.perf_counter() - t
    t = time.perf_counter()
    snap = Report([DataDriftPreset()]).run(cur_ds, ref_ds)
    out["report_run_s"] = time.perf_counter() - t
    t = time.perf_counter()
    d = snap.dict()
    out["snapshot_dict_s"] = time.perf_counter() - t
    drifted = [m for m in d["metrics"] if str(m.get("metric_name", "")).startswith("DriftedColumnsCount")]
    out["drifted_columns_count"] = drifted[0]["value"] if drifted else None
    html = os.path.join(os.path.dirname(os.path.abspath(size_dir.rstrip("/"))), f"evidently_{out['size']}.html")
    t = time.perf_counter()
    snap.save_html(html)
    out["save_html_s"] = time.perf_counter() - t
    out["html_bytes"] = os.path.getsize(html)

elif task == "scipy":
    t = time.perf_counter()
    from scipy.stats import chi2_contingency, ks_2samp
    out["import_s"] = time.perf_counter() - t

    t = time.perf_counter()
    res = {}
    for c in num_cols:
        a = ref[c].to_numpy(dtype=float)
        b = cur[c].to_numpy(dtype=float)
        r = ks_2samp(a[~np.isnan(a)], b[~np.isnan(b)])
        res[c] = float(r.pvalue)
    out["ks_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for c in cat_cols:
        vr = ref[c].value_counts()
        vc = cur[c].value_counts()
        keys = sorted(set(vr.index) | set(vc.index), key=str)
        table = np.array([[vr.get(k, 0) for k in keys], [vc.get(k, 0) for k in keys]])
        res[c] = float(chi2_contingency(table, correction=False)[1])
    out["chi2_s"] = time.perf_counter() - t
    out["n_drifted_p_lt_0.05"] = int(sum(p < 0.05 for p in res.values()))

elif task == "nannyml":
    t = time.perf_counter()
    import nannyml as nml
    out["import_s"] = time.perf_counter() - t

    out["nannyml"] = nml.__version__
    t = time.perf_counter()
    calc = nml.UnivariateDriftCalculator(
        column_names=num_cols + cat_cols, treat_as_categorical=cat_cols,
        continuous_methods=["kolmogorov_smirnov", "jensen_shannon"],
        categorical_methods=["chi2", "jensen_shannon"], chunk_number=10)
    calc.fit(ref)
    out["fit_s"] = time.perf_counter() - t
    t = time.perf_counter()
    r = calc.calculate(cur)
    out["calculate_s"] = time.perf_counter() - t
    out["result_rows"] = int(len(r.to_df()))
else:
    raise SystemExit(f"unknown task {task}")

out["total_in_process_s"] = time.perf_counter() - t0
print("RESULT " + json.dumps(out), flush=True)
