#!/usr/bin/env python3
"""Builds driftcard's real-data test corpus from data sets that ship inside Python packages.

    python3 -m venv /work/venv-real
    /work/venv-real/bin/pip install -r tests/real/requirements.txt
    NML_DISABLE_USER_ANALYTICS=1 /work/venv-real/bin/python tests/real/make_corpus.py

Writes
* tests/data/real/<name>/{reference.csv, production.csv, expected.json}: real data, split into
  reference/production by time or by a real attribute, with the predictions shipped with the data
  or made by a deterministic scikit-learn model trained on the reference rows only;
* tests/data/real/<name>_dirty/: the same values written the way real exports write them
  (float-written labels, `;` and decimal commas, stray tokens, thousands separators, NBSP, an
  impossible date);
* tests/data/headers/headers.json: header sets of real public data sets and exports, with a value
  generator spec and the role a careful user would set, for tests/real_headers.rs.

Nothing is downloaded: every data set is read from the installed package's own files.
Every number in expected.json is computed from the CSV text as written (read back), so the
expected values are those of the file, not of the in-memory frame.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import platform
import sys
from pathlib import Path

os.environ.setdefault("NML_DISABLE_USER_ANALYTICS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import fairlearn  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from fairlearn import metrics as flm  # noqa: E402
from scipy import stats  # noqa: E402
from sklearn import metrics as skm  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "real"
HEADERS_OUT = ROOT / "tests" / "data" / "headers" / "headers.json"
MAX_FILE_BYTES = 300_000
MAX_CORPUS_BYTES = 4_000_000

NBSP = "\u00a0"


def versions() -> dict:
    out = {
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "scipy": scipy.__version__,
        "fairlearn": fairlearn.__version__,
    }
    for mod in ("statsmodels", "nannyml", "palmerpenguins", "vega_datasets"):
        try:
            from importlib.metadata import version

            out[mod] = version(mod.replace("_", "-") if mod == "vega_datasets" else mod)
        except Exception:  # pragma: no cover - optional package
            pass
    return out


# ---------------------------------------------------------------------------------------------
# Writing and reading back
# ---------------------------------------------------------------------------------------------


def is_missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)) and math.isnan(v):
        return True
    return False


def fmt(v, decimal: str = ".") -> str:
    """One cell as text: floats as repr (shortest round trip), missing as an empty field."""
    if is_missing(v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "True" if v else "False"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        s = repr(float(v))
        return s.replace(".", decimal) if decimal != "." else s
    return str(v)


def intify(frames: list[pd.DataFrame], skip: set[str] = frozenset()) -> None:
    """Float columns whose non-missing values are all integers (over every frame) become Int64,
    so they are written `3750` rather than `3750.0`, as the source files write them."""
    cols = [c for c in frames[0].columns if c not in skip]
    for c in cols:
        parts = [f[c] for f in frames if c in f]
        numeric = all(
            pd.api.types.is_float_dtype(p) or (pd.api.types.is_integer_dtype(p) and not pd.api.types.is_bool_dtype(p))
            for p in parts
        )
        if not numeric or not any(pd.api.types.is_float_dtype(p) for p in parts):
            continue
        vals = pd.concat(parts).dropna()
        if len(vals) and (vals == np.round(vals)).all() and vals.abs().max() < 2**53:
            for f in frames:
                if c in f:
                    f[c] = f[c].astype("Int64")


def write_rows(path: Path, header: list[str], rows: list[list[str]], sep: str = ",") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def frame_rows(df: pd.DataFrame, decimal: str = ".") -> list[list[str]]:
    return [[fmt(v, decimal) for v in row] for row in df.astype(object).itertuples(index=False)]


def write_csv(df: pd.DataFrame, path: Path) -> None:
    write_rows(path, list(df.columns), frame_rows(df))
    check_roundtrip(df, path)


def check_roundtrip(df: pd.DataFrame, path: Path) -> None:
    """Every cell read back equals the frame's value exactly (floats bit for bit)."""
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(back.columns) == list(df.columns), path
    for c in df.columns:
        for v, s in zip(df[c].astype(object), back[c]):
            if is_missing(v):
                assert s == "", (path, c, v, s)
            elif isinstance(v, (float, np.floating)):
                assert float(s) == float(v), (path, c, v, s)
            else:
                assert s == fmt(v), (path, c, v, s)


def read_text(path: Path, sep: str = ",") -> pd.DataFrame:
    """The CSV as text: every cell a string, missing as ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep)


def num(s: pd.Series) -> np.ndarray:
    return np.array([float(x) if x != "" else np.nan for x in s], dtype=float)


# ---------------------------------------------------------------------------------------------
# Metrics (scikit-learn) and drift (scipy), from the CSV text
# ---------------------------------------------------------------------------------------------


def binary_metrics(t: pd.DataFrame, roles: dict, pos: str) -> dict:
    y, yhat = t[roles["target"]], t[roles["prediction"]]
    keep = (y != "") & (yhat != "")
    yt = (y[keep] == pos).astype(int).to_numpy()
    yp = (yhat[keep] == pos).astype(int).to_numpy()
    m = {
        "n_labeled": int(keep.sum()),
        "accuracy": skm.accuracy_score(yt, yp),
        "balanced_accuracy": skm.balanced_accuracy_score(yt, yp),
        "precision": skm.precision_score(yt, yp, zero_division=0),
        "recall": skm.recall_score(yt, yp, zero_division=0),
        "f1": skm.f1_score(yt, yp, zero_division=0),
        "specificity": skm.recall_score(yt, yp, pos_label=0, zero_division=0),
        "mcc": skm.matthews_corrcoef(yt, yp),
    }
    if roles.get("score"):
        s = num(t[roles["score"]][keep])
        ok = ~np.isnan(s)
        m["n_scored"] = int(ok.sum())
        m["roc_auc"] = skm.roc_auc_score(yt[ok], s[ok])
        m["average_precision"] = skm.average_precision_score(yt[ok], s[ok])
        # sklearn 1.5 clips to [eps, 1 - eps] with eps = float64 machine epsilon, as driftcard.
        m["log_loss"] = skm.log_loss(yt[ok], s[ok], labels=[0, 1])
        m["brier"] = skm.brier_score_loss(yt[ok], s[ok])
    return {k: (float(v) if not isinstance(v, int) else v) for k, v in m.items()}


def multiclass_metrics(t: pd.DataFrame, roles: dict, classes: list[str]) -> dict:
    y, yhat = t[roles["target"]], t[roles["prediction"]]
    keep = (y != "") & (yhat != "")
    yt, yp = y[keep].to_numpy(), yhat[keep].to_numpy()
    m = {
        "n_labeled": int(keep.sum()),
        "accuracy": skm.accuracy_score(yt, yp),
        "balanced_accuracy": skm.balanced_accuracy_score(yt, yp),
        "precision_macro": skm.precision_score(yt, yp, average="macro", zero_division=0),
        "recall_macro": skm.recall_score(yt, yp, average="macro", zero_division=0),
        "f1_macro": skm.f1_score(yt, yp, average="macro", zero_division=0),
        "precision_weighted": skm.precision_score(yt, yp, average="weighted", zero_division=0),
        "recall_weighted": skm.recall_score(yt, yp, average="weighted", zero_division=0),
        "f1_weighted": skm.f1_score(yt, yp, average="weighted", zero_division=0),
        "mcc": skm.matthews_corrcoef(yt, yp),
    }
    out = {k: (float(v) if not isinstance(v, int) else v) for k, v in m.items()}
    cs = roles.get("class_score") or []
    if cs:
        p = np.column_stack([num(t[c][keep]) for c in cs])
        present = set(yt)
        missing = [c for c in classes if c not in present]
        if missing:
            out["not_computable"] = {
                "roc_auc": f"class(es) {missing} absent from the true labels: one-vs-rest AUC undefined"
            }
        else:
            # One-vs-rest macro AUC: the mean of the per-class binary AUCs, which is exactly
            # sklearn's roc_auc_score(multi_class='ovr', average='macro') (that call also demands
            # rows summing to 1, which 2-decimal probabilities miss by rounding).
            per = [skm.roc_auc_score((yt == c).astype(int), p[:, i]) for i, c in enumerate(classes)]
            auc = float(np.mean(per))
            if np.allclose(p.sum(axis=1), 1.0):
                ref = skm.roc_auc_score(yt, p, multi_class="ovr", average="macro", labels=classes)
                assert abs(ref - auc) < 1e-12, (ref, auc)
            out["roc_auc"] = auc
    return out


def regression_metrics(t: pd.DataFrame, roles: dict) -> dict:
    y, yhat = num(t[roles["target"]]), num(t[roles["prediction"]])
    keep = ~np.isnan(y) & ~np.isnan(yhat)
    y, yhat = y[keep], yhat[keep]
    mse = skm.mean_squared_error(y, yhat)
    return {
        "n_labeled": int(keep.sum()),
        "mean_error": float(np.mean(yhat - y)),
        "mae": float(skm.mean_absolute_error(y, yhat)),
        "mse": float(mse),
        "rmse": float(math.sqrt(mse)),
        "median_absolute_error": float(skm.median_absolute_error(y, yhat)),
        "r2": float(skm.r2_score(y, yhat)),
        "max_error": float(skm.max_error(y, yhat)),
    }


def drift(ref: pd.DataFrame, prod: pd.DataFrame, cols: list[str]) -> dict:
    out = {}
    for c in cols:
        a, b = num(ref[c]), num(prod[c])
        a, b = a[~np.isnan(a)], b[~np.isnan(b)]
        ks = stats.ks_2samp(a, b, method="auto")
        out[c] = {
            "ks_statistic": float(ks.statistic),
            "ks_pvalue": float(ks.pvalue),
            "wasserstein": float(stats.wasserstein_distance(a, b)),
            "n": {"reference": int(len(a)), "production": int(len(b))},
        }
    return out


def all_metrics(ref: pd.DataFrame, prod: pd.DataFrame, meta: dict) -> dict:
    roles, task = meta["roles"], meta["task"]
    out = {}
    for name, t in (("reference", ref), ("production", prod)):
        if task == "binary":
            out[name] = binary_metrics(t, roles, meta["positive_label"])
        elif task == "multiclass":
            out[name] = multiclass_metrics(t, roles, meta["classes"])
        else:
            out[name] = regression_metrics(t, roles)
    return out


# ---------------------------------------------------------------------------------------------
# Bias (fairlearn), from the CSV text
# ---------------------------------------------------------------------------------------------

BIAS_METRICS = {
    "n": flm.count,
    "accuracy": skm.accuracy_score,
    "selection_rate": functools.partial(flm.selection_rate, pos_label=1),
    "tpr": functools.partial(flm.true_positive_rate, pos_label=1),
    "fpr": functools.partial(flm.false_positive_rate, pos_label=1),
    "precision": functools.partial(skm.precision_score, pos_label=1, zero_division=0),
}

BIAS_CALL = (
    "keep = target != '' & prediction != '' & group != '' (CSV text); y = (target == positive_label), "
    "yhat = (prediction == positive_label) as 0/1 ints; "
    "fairlearn.metrics.MetricFrame(metrics={'n': count, 'accuracy': sklearn accuracy_score, "
    "'selection_rate': partial(selection_rate, pos_label=1), 'tpr': partial(true_positive_rate, pos_label=1), "
    "'fpr': partial(false_positive_rate, pos_label=1), 'precision': partial(sklearn precision_score, pos_label=1, "
    "zero_division=0)}, y_true=y[keep], y_pred=yhat[keep], sensitive_features=group[keep]) -> .by_group "
    "(groups = the sorted group values) and .overall; demographic_parity_difference / demographic_parity_ratio"
    "(y, yhat, sensitive_features=group, method='between_groups') and equalized_odds_difference / "
    "equalized_odds_ratio(..., method='between_groups', agg='worst_case'), all on the kept rows"
)

BIAS_MISSING = (
    "as src/fairness/: a row without a target or a prediction is left out and counted in n_unlabelled; a "
    "labelled row whose group value is missing is left out of every group and of overall and counted in "
    "n_missing_group; a NaN (a ratio with a zero maximum) is written \"NaN\", as driftcard's JSON writes it"
)


def jnum(v):
    """A float for the JSON; NaN as the string "NaN" (driftcard's convention; JSON has no NaN)."""
    v = float(v)
    return "NaN" if math.isnan(v) else v


def bias_side(t: pd.DataFrame, roles: dict, group: str, pos: str) -> dict:
    y, yhat, g = t[roles["target"]], t[roles["prediction"]], t[group]
    labelled = (y != "") & (yhat != "")
    keep = labelled & (g != "")
    yt = (y[keep] == pos).astype(int).to_numpy()
    yp = (yhat[keep] == pos).astype(int).to_numpy()
    sf = g[keep].to_numpy()
    mf = flm.MetricFrame(metrics=BIAS_METRICS, y_true=yt, y_pred=yp, sensitive_features=sf)
    by = mf.by_group

    def rates(row) -> dict:
        return {"n": int(row["n"]), **{k: jnum(row[k]) for k in BIAS_METRICS if k != "n"}}

    groups = [{"value": str(v), **rates(by.loc[v])} for v in by.index]
    assert [x["value"] for x in groups] == sorted(x["value"] for x in groups), groups
    kw = {"sensitive_features": sf, "method": "between_groups"}
    return {
        "n_unlabelled": int((~labelled).sum()),
        "n_missing_group": int((labelled & (g == "")).sum()),
        "groups": groups,
        "overall": rates(mf.overall),
        "demographic_parity_difference": jnum(flm.demographic_parity_difference(yt, yp, **kw)),
        "demographic_parity_ratio": jnum(flm.demographic_parity_ratio(yt, yp, **kw)),
        "equalized_odds_difference": jnum(flm.equalized_odds_difference(yt, yp, **kw, agg="worst_case")),
        "equalized_odds_ratio": jnum(flm.equalized_odds_ratio(yt, yp, **kw, agg="worst_case")),
    }


def bias(ref: pd.DataFrame, prod: pd.DataFrame, meta: dict) -> dict | None:
    """fairlearn's per-group table and disparities for each group column, both files.

    Binary tasks use the task's positive label. A multiclass task gets a block only when the data
    set names a `bias_positive_label`: driftcard computes one-vs-rest on a positive label there,
    which it has only when the user sets one (`positive_label` in --config), so `config` says so.
    """
    groups = meta["roles"].get("group") or []
    if not groups:
        return None
    if meta["task"] == "binary":
        pos, config = meta["positive_label"], None
    elif meta["task"] == "multiclass" and meta.get("bias_positive_label"):
        pos = meta["bias_positive_label"]
        config = {"positive_label": pos}
    else:
        return None
    return {
        "positive_label": pos,
        "config": config,
        "call": BIAS_CALL,
        "missing": BIAS_MISSING,
        "columns": [
            {
                "column": c,
                "reference": bias_side(ref, meta["roles"], c, pos),
                "production": bias_side(prod, meta["roles"], c, pos),
            }
            for c in groups
        ],
    }


# ---------------------------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------------------------


def nml():
    import nannyml

    return nannyml


def data_file(pkg: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(pkg)
    return Path(spec.origin).parent.joinpath(*parts)


def roles(target, prediction, score=None, class_score=(), timestamp=None, id=None, group=()):
    return {
        "target": target,
        "prediction": prediction,
        "score": score,
        "class_score": list(class_score),
        "timestamp": timestamp,
        "id": id,
        "group": list(group),
    }


def binary_model(num_cols, cat_cols):
    pre = ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num_cols),
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"),
                    OneHotEncoder(handle_unknown="ignore"),
                ),
                cat_cols,
            ),
        ]
    )
    return make_pipeline(pre, LogisticRegression(max_iter=2000))


def add_binary_predictions(ref, prod, target, num_cols, cat_cols, pred, score, digits=6):
    """Logistic regression on the labelled reference rows; the score is rounded to `digits`
    decimals and the label is `score >= 0.5`, so the two columns agree as written."""
    feats = num_cols + cat_cols
    train = ref[ref[target].notna()]
    model = binary_model(num_cols, cat_cols).fit(train[feats], train[target].astype(int))
    for df in (ref, prod):
        p = np.round(model.predict_proba(df[feats])[:, 1], digits)
        df[pred] = (p >= 0.5).astype(int)
        df[score] = p
    return "sklearn LogisticRegression(max_iter=2000) after median imputation + standard scaling of " + (
        f"{num_cols}" + (f" and one-hot {cat_cols}" if cat_cols else "")
    ) + f", fitted on the reference rows only; {score} = P(1) rounded to {digits} decimals, {pred} = [{score} >= 0.5]"


def add_multiclass_predictions(ref, prod, target, num_cols, pred, score_cols: dict, digits=6):
    train = ref[ref[target].notna()]
    model = make_pipeline(
        SimpleImputer(strategy="median"), StandardScaler(), LogisticRegression(max_iter=2000)
    ).fit(train[num_cols], train[target])
    classes = list(model.classes_)
    for df in (ref, prod):
        pr = model.predict_proba(df[num_cols])
        df[pred] = model.predict(df[num_cols])
        for i, c in enumerate(classes):
            df[score_cols[c]] = np.round(pr[:, i], digits)
    return (
        f"sklearn LogisticRegression(max_iter=2000, multinomial) after median imputation + standard scaling of {num_cols}, "
        f"fitted on the reference rows only; {pred} = argmax class, per-class probabilities rounded to {digits} decimals"
    ), classes


def add_regression_predictions(ref, prod, target, num_cols, pred, digits=3):
    train = ref[ref[target].notna()]
    model = make_pipeline(SimpleImputer(strategy="median"), LinearRegression()).fit(
        train[num_cols], train[target]
    )
    for df in (ref, prod):
        df[pred] = np.round(model.predict(df[num_cols]), digits)
    return (
        f"sklearn LinearRegression after median imputation of {num_cols}, fitted on the labelled reference rows only; "
        f"{pred} rounded to {digits} decimals"
    )


def ds_titanic():
    ref, ana, tgt = nml().load_titanic_dataset()
    prod = ana.merge(tgt, on="PassengerId", how="left")
    prod = prod[list(ref.columns)]
    model = add_binary_predictions(
        ref, prod, "Survived", ["Pclass", "Age", "SibSp", "Parch", "Fare"], ["Sex", "Embarked"],
        "Survived_pred", "Survived_probability",
    )
    intify([ref, prod], skip={"Survived_probability"})
    return ref, prod, {
        "source": "nannyml 0.13.1 load_titanic_dataset() (Kaggle 'Titanic - Machine Learning from Disaster' train/test with the "
        "titanic3 columns boat, body, home.dest; Harrell & Cason, Vanderbilt Biostatistics titanic3)",
        "split": "as shipped: reference = the 891 Kaggle training passengers, production = the 418 Kaggle test passengers "
        "with nannyml's titanic_target.csv labels joined on PassengerId",
        "model": model,
        "task": "binary",
        "positive_label": "1",
        "roles": roles("Survived", "Survived_pred", "Survived_probability", id="PassengerId", group=["Sex"]),
        "ignore": ["Name", "Ticket", "Cabin", "home.dest", "boat", "body"],
        "drift": ["Age", "Fare"],
    }


def ds_fair():
    import statsmodels.api as sm

    d = sm.datasets.fair.load_pandas().data.copy()
    d["label"] = (d["affairs"] > 0).astype(int)
    d = d.drop(columns=["affairs"])
    ref, prod = d[d["age"] <= 27].copy(), d[d["age"] >= 32].copy()
    feats = ["rate_marriage", "age", "yrs_married", "children", "religious", "educ", "occupation", "occupation_husb"]
    model = add_binary_predictions(ref, prod, "label", feats, [], "prediction", "predicted_proba")
    intify([ref, prod], skip={"predicted_proba"})
    return ref, prod, {
        "source": "statsmodels 0.14.4 datasets.fair (Fair, R. C. (1978), 'A Theory of Extramarital Affairs', JPE 86(1), "
        "45-61; 1974 Redbook survey, 6366 women)",
        "split": "by the respondent's age (a real attribute): reference = age <= 27 (17.5, 22, 27), production = age >= 32 "
        "(32, 37, 42)",
        "model": model + "; label = 1 when the survey's 'affairs' (time spent in affairs) > 0, the 'affairs' column dropped",
        "task": "binary",
        "positive_label": "1",
        "roles": roles("label", "prediction", "predicted_proba"),
        # rate_marriage (integers 1-5) is categorical by SPEC §2's rule: no KS there.
        "drift": ["yrs_married", "children"],
    }


def nml_split(loader, every: int, target: str):
    ref, ana, tgt = loader()
    prod = ana.merge(tgt, on="id", how="left")
    cols = list(ref.columns) + [c for c in prod.columns if c not in ref.columns]
    prod = prod[[c for c in cols if c in prod.columns]]
    return ref.iloc[::every].reset_index(drop=True), prod.iloc[::every].reset_index(drop=True)


def ds_car_loan():
    ref, prod = nml_split(nml().load_synthetic_car_loan_dataset, 50, "repaid")
    # Nothing in `repaid, y_pred, y_pred_proba` says which column is the target: named the
    # NannyML way (`work_home_actual`) so the file itself says it.
    ref, prod = (f.rename(columns={"repaid": "repaid_actual"}) for f in (ref, prod))
    intify([ref, prod], skip={"y_pred_proba"})
    return ref, prod, {
        "source": "nannyml 0.13.1 load_synthetic_car_loan_dataset() (NannyML's synthetic car-loan default monitoring data)",
        "split": "as shipped: reference = nannyml's reference period (2018-01-01 .. 2018-10-30), production = its analysis "
        "period (2018-10-30 .. 2019-08-29) with synthetic_car_loan_analysis_target.csv joined on id; every 50th row kept; "
        "the target 'repaid' renamed 'repaid_actual' (the header 'repaid, y_pred' alone does not say which is the target)",
        "model": "shipped with the data (y_pred_proba, y_pred)",
        "task": "binary",
        "positive_label": "1",
        "roles": roles("repaid_actual", "y_pred", "y_pred_proba", timestamp="timestamp", id="id"),
        "drift": ["car_value", "loan_length", "driver_tenure"],
    }


def ds_work_home():
    ref, prod = nml_split(nml().load_synthetic_binary_classification_dataset, 60, "work_home_actual")
    intify([ref, prod], skip={"y_pred_proba"})
    return ref, prod, {
        "source": "nannyml 0.13.1 load_synthetic_binary_classification_dataset() (NannyML's synthetic work-from-home data)",
        "split": "as shipped: reference = rows with period == 'reference', production = period == 'analysis' with "
        "synthetic_sample_analysis_gt.csv joined on id; every 60th row kept",
        "model": "shipped with the data (y_pred_proba, y_pred)",
        "task": "binary",
        "positive_label": "1",
        "roles": roles("work_home_actual", "y_pred", "y_pred_proba", timestamp="timestamp", id="id"),
        "ignore": ["period"],
        "drift": ["distance_from_office", "gas_price_per_litre", "tenure"],
    }


def ds_penguins():
    from palmerpenguins import load_penguins

    d = load_penguins()
    ref, prod = d[d["year"] <= 2008].copy(), d[d["year"] == 2009].copy()
    num_cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    score_cols = {c: f"p_{c}" for c in ["Adelie", "Chinstrap", "Gentoo"]}
    model, classes = add_multiclass_predictions(ref, prod, "species", num_cols, "species_pred", score_cols)
    intify([ref, prod], skip=set(score_cols.values()))
    return ref, prod, {
        "source": "palmerpenguins 0.1.4 load_penguins() (Horst, Hill & Gorman (2020), palmerpenguins; Gorman, Williams & "
        "Fraser (2014), PLoS ONE 9(3): e90081, Palmer Station LTER)",
        "split": "by study year: reference = 2007-2008, production = 2009",
        "model": model,
        "task": "multiclass",
        "classes": [str(c) for c in classes],
        # `island` is a place the name rules cannot know as a group (a user would set it).
        "roles": roles("species", "species_pred", class_score=[score_cols[c] for c in classes], group=["sex"]),
        # One-vs-rest bias on the first class (driftcard needs the positive label set for multiclass).
        "bias_positive_label": "Adelie",
        "drift": ["bill_length_mm", "flipper_length_mm", "body_mass_g"],
    }


def ds_seattle_weather():
    d = pd.read_csv(data_file("vega_datasets", "_data", "seattle-weather.csv"), dtype={"date": str})
    year = d["date"].str[:4].astype(int)
    ref, prod = d[year <= 2013].copy(), d[year >= 2014].copy()
    num_cols = ["precipitation", "temp_max", "temp_min", "wind"]
    classes = sorted(d["weather"].unique())
    score_cols = {c: f"proba_{c}" for c in classes}
    model, classes = add_multiclass_predictions(ref, prod, "weather", num_cols, "weather_pred", score_cols)
    return ref, prod, {
        "source": "vega_datasets 0.9.0 local seattle-weather.csv (NOAA GHCN daily summaries for Seattle, 2012-2015, as "
        "packaged by the Vega project)",
        "split": "by date: reference = 2012-2013, production = 2014-2015 (dates kept as the file writes them, YYYY/MM/DD)",
        "model": model,
        "task": "multiclass",
        "classes": [str(c) for c in classes],
        "roles": roles("weather", "weather_pred", class_score=[score_cols[c] for c in classes], timestamp="date"),
        "drift": ["precipitation", "temp_max", "wind"],
    }


def ds_credit_card():
    ref, prod = nml_split(nml().load_synthetic_multiclass_classification_dataset, 60, "y_true")
    cs = ["y_pred_proba_prepaid_card", "y_pred_proba_highstreet_card", "y_pred_proba_upmarket_card"]
    intify([ref, prod], skip=set(cs))
    classes = sorted(c[len("y_pred_proba_"):] for c in cs)
    return ref, prod, {
        "source": "nannyml 0.13.1 load_synthetic_multiclass_classification_dataset() (NannyML's synthetic credit-card "
        "product data)",
        "split": "as shipped: reference = nannyml's reference period, production = its analysis period with mc_analysis_gt.csv "
        "joined on id; every 60th row kept",
        "model": "shipped with the data (y_pred_proba_<class>, y_pred)",
        "task": "multiclass",
        "classes": classes,
        "roles": roles("y_true", "y_pred", class_score=[f"y_pred_proba_{c}" for c in classes], timestamp="timestamp", id="id"),
        "drift": ["app_behavioral_score", "credit_bureau_score", "stated_income"],
    }


def ds_cars():
    d = pd.DataFrame(json.loads(data_file("vega_datasets", "_data", "cars.json").read_text()))
    d = d[["Name", "Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration", "Year", "Origin"]]
    for c in ["Miles_per_Gallon", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"]:
        d[c] = d[c].astype(float)
    ref, prod = d[d["Year"] < "1977"].copy(), d[d["Year"] >= "1977"].copy()
    model = add_regression_predictions(
        ref, prod, "Miles_per_Gallon", ["Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"],
        "Miles_per_Gallon_hat",
    )
    intify([ref, prod], skip={"Miles_per_Gallon_hat"})
    return ref, prod, {
        "source": "vega_datasets 0.9.0 local cars.json (StatLib 'Auto MPG' 1983 ASA data expo, Quinlan (1993); as "
        "packaged by the Vega project)",
        "split": "by model year: reference = 1970-1976, production = 1977-1982",
        "model": model,
        "task": "regression",
        # `Origin` is a segment the name rules cannot know as a group (a user would set it).
        "roles": roles("Miles_per_Gallon", "Miles_per_Gallon_hat", timestamp="Year"),
        "ignore": ["Name"],
        "drift": ["Weight_in_lbs", "Displacement", "Acceleration"],
    }


def ds_car_price():
    ref, prod = nml_split(nml().load_synthetic_car_price_dataset, 60, "y_true")
    intify([ref, prod])
    return ref, prod, {
        "source": "nannyml 0.13.1 load_synthetic_car_price_dataset() (NannyML's synthetic used-car price data)",
        "split": "as shipped: reference = nannyml's reference period, production = its analysis period with "
        "regression_synthetic_analysis_targets.csv joined on id; every 60th row kept",
        "model": "shipped with the data (y_pred)",
        "task": "regression",
        "roles": roles("y_true", "y_pred", timestamp="timestamp", id="id"),
        "drift": ["car_age", "km_driven", "price_new"],
    }


def ds_grunfeld():
    import statsmodels.api as sm

    d = sm.datasets.grunfeld.load_pandas().data.copy()
    d["year"] = d["year"].astype(int)
    ref, prod = d[d["year"] <= 1944].copy(), d[d["year"] >= 1945].copy()
    model = add_regression_predictions(ref, prod, "invest", ["value", "capital"], "invest_pred")
    return ref, prod, {
        "source": "statsmodels 0.14.4 datasets.grunfeld (Grunfeld, Y. (1958), 'The Determinants of Corporate Investment', "
        "PhD thesis, University of Chicago; 11 US firms, 1935-1954)",
        "split": "by year: reference = 1935-1944, production = 1945-1954",
        "model": model,
        "task": "regression",
        # `firm` is a unit the name rules cannot know as a group (a user would set it).
        "roles": roles("invest", "invest_pred"),
        "drift": ["value", "capital"],
    }


def ds_macrodata():
    import statsmodels.api as sm

    d = sm.datasets.macrodata.load_pandas().data.copy()
    date = [f"{int(y)}-{(int(q) - 1) * 3 + 1:02d}-01" for y, q in zip(d["year"], d["quarter"])]
    d = d.drop(columns=["year", "quarter"])
    d.insert(0, "date", date)
    d = d.rename(columns={"unemp": "unemp_actual"})
    ref, prod = d[d["date"] < "1990"].copy(), d[d["date"] >= "1990"].copy()
    model = add_regression_predictions(
        ref, prod, "unemp_actual", ["realgdp", "realinv", "cpi", "tbilrate", "infl"], "prediction"
    )
    return ref, prod, {
        "source": "statsmodels 0.14.4 datasets.macrodata (US quarterly macro series 1959Q1-2009Q3, Federal Reserve Bank of "
        "St. Louis FRED / BLS / BEA)",
        "split": "by quarter: reference = 1959Q1-1989Q4, production = 1990Q1-2009Q3 (date = first day of the quarter, "
        "made from the data set's year and quarter columns; unemp renamed unemp_actual)",
        "model": model,
        "task": "regression",
        "roles": roles("unemp_actual", "prediction", timestamp="date"),
        "drift": ["realgdp", "cpi", "tbilrate"],
    }


DATASETS = {
    "titanic": ds_titanic,
    "fair": ds_fair,
    "car_loan": ds_car_loan,
    "work_home": ds_work_home,
    "penguins": ds_penguins,
    "seattle_weather": ds_seattle_weather,
    "credit_card": ds_credit_card,
    "cars": ds_cars,
    "car_price": ds_car_price,
    "grunfeld": ds_grunfeld,
    "macrodata": ds_macrodata,
}


def build(name: str, fn) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    ref, prod, meta = fn()
    ref, prod = ref.reset_index(drop=True), prod.reset_index(drop=True)
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    write_csv(ref, d / "reference.csv")
    write_csv(prod, d / "production.csv")
    rt, pt = read_text(d / "reference.csv"), read_text(d / "production.csv")
    expected = {
        "source": meta["source"],
        "split": meta["split"],
        "model": meta["model"],
        "task": meta["task"],
    }
    if meta["task"] == "binary":
        expected["positive_label"] = meta["positive_label"]
    if meta["task"] == "multiclass":
        expected["classes"] = meta["classes"]
    expected["roles"] = meta["roles"]
    if meta.get("ignore"):
        expected["ignore"] = meta["ignore"]
    expected["n_rows"] = {"reference": len(rt), "production": len(pt)}
    expected["metrics"] = all_metrics(rt, pt, meta)
    expected["drift"] = drift(rt, pt, meta["drift"])
    b = bias(rt, pt, meta)
    if b is not None:
        expected["bias"] = b
    expected["versions"] = versions()
    (d / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    return ref, prod, expected


# ---------------------------------------------------------------------------------------------
# Dirty copies
# ---------------------------------------------------------------------------------------------

STRAY = ["n/a", "#VALUE!", "?"]
# SPEC §2's missing-value tokens: `?` among the stray tokens is a missing value, not an invalid one.
MISSING_TOKENS = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "-", "?"}


def thousands(v: str) -> str:
    """'39811' -> '39,811'; '3504.5' -> '3,504.5'."""
    if v == "":
        return v
    neg = v.startswith("-")
    whole, _, frac = v.lstrip("-").partition(".")
    g = f"{int(whole):,}"
    return ("-" if neg else "") + g + ("." + frac if frac else "")


def clean_cell(s: str, decimal: str) -> str:
    """The tolerant reading a tool should do of one dirty cell (for the self-check only)."""
    s = s.strip().strip(NBSP).strip()
    if s in STRAY or s == "NA":
        return ""
    if decimal == ",":
        s = s.replace(",", ".")
    elif "," in s and s.replace(",", "").replace(".", "").lstrip("-").isdigit():
        s = s.replace(",", "")
    return s


def canon(t: pd.DataFrame, decimal: str, numeric: set[str], bools: dict[str, dict], na: str | None = None) -> pd.DataFrame:
    out = t.copy()
    for c in out.columns:
        out[c] = [clean_cell(s, decimal) if c in numeric else ("" if c == na and s == "NA" else s) for s in out[c]]
        if c in numeric:
            out[c] = [repr(float(s)) if s != "" else "" for s in out[c]]
        if c in bools:
            out[c] = [bools[c].get(s, s) for s in out[c]]
    return out


def make_dirty(name: str, ref: pd.DataFrame, prod: pd.DataFrame, expected: dict, spec: dict) -> None:
    """Writes <name>_dirty: the clean values written messily (see `spec`), checks that a tolerant
    reading gives back the clean metrics, drift and bias, and writes expected.json."""
    d = OUT / f"{name}_dirty"
    d.mkdir(parents=True, exist_ok=True)
    rrows, prow = frame_rows(ref), frame_rows(prod, decimal=",")
    cols = list(ref.columns)
    ix = {c: i for i, c in enumerate(cols)}
    changes = [
        "production written with ';' as delimiter and ',' as decimal separator (every float)",
    ]
    invalid: dict[str, dict[str, int]] = {}
    rng = np.random.RandomState(spec.get("seed", 0))

    tgt = spec.get("float_target")
    if tgt:
        for r in rrows:
            if r[ix[tgt]] != "":
                r[ix[tgt]] = r[ix[tgt]] + ".0"
        changes.append(f"reference target '{tgt}' written as floats 0.0/1.0 (a pandas float column); production and the prediction keep 0/1")
    b = spec.get("bool_as_int")
    if b:
        for r in prow:
            r[ix[b]] = {"True": "1", "False": "0"}.get(r[ix[b]], r[ix[b]])
        changes.append(f"'{b}' written True/False in the reference and 1/0 in production")
    intlike = spec.get("production_ints")
    if intlike:
        for r in prow:
            v = r[ix[intlike]]
            if v.endswith(",0"):
                r[ix[intlike]] = v[:-2]
        changes.append(f"production '{intlike}' written without the trailing ',0' on whole numbers (18 rather than 18,0)")
    na = spec.get("na_token")
    if na:
        n_na = 0
        for r in rrows:
            if r[ix[na]] == "":
                r[ix[na]] = "NA"
                n_na += 1
        changes.append(f"reference missing values of '{na}' written 'NA' (as R's write.csv does; {n_na} cells)")
    th = spec["thousands"]
    n_th = 0
    for r in rrows:
        v = r[ix[th]]
        if v != "" and abs(float(v)) >= 1000:
            r[ix[th]] = thousands(v)
            n_th += 1
    changes.append(f"reference '{th}' written with a thousands separator in quoted fields (\"3,504\"; {n_th} cells)")
    nb = spec["nbsp"]
    cand = [i for i, r in enumerate(rrows) if r[ix[nb]] != ""]
    picks = sorted(rng.choice(cand, size=3, replace=False).tolist())
    for i in picks:
        rrows[i][ix[nb]] = NBSP + rrows[i][ix[nb]]
    changes.append(f"reference '{nb}': a leading non-breaking space (U+00A0) in 3 cells (data rows {[i + 1 for i in picks]})")
    st = spec["stray"]
    missing_cells = [i for i, r in enumerate(prow) if r[ix[st]] == ""]
    if len(missing_cells) >= 3:
        picks = missing_cells[:3]
        how = "in cells that are missing in the clean copy, so the values are unchanged"
    else:
        cand = [i for i, r in enumerate(prow) if r[ix[st]] != ""]
        picks = sorted(rng.choice(cand, size=3, replace=False).tolist())
        how = "replacing 3 values, which are therefore unreadable (missing) in this copy; no metric or drift column uses them"
    for tok, i in zip(STRAY, picks):
        prow[i][ix[st]] = tok
    invalid[st] = {"reference": 0, "production": sum(t not in MISSING_TOKENS for t in STRAY)}
    changes.append(f"production '{st}': stray tokens {STRAY} in data rows {[i + 1 for i in picks]}, {how}")
    ts = spec.get("timestamp")
    if ts:
        i = int(rng.randint(len(prow)))
        v = prow[i][ix[ts]]
        sep_ = v[4]
        prow[i][ix[ts]] = v[:4] + sep_ + "02" + sep_ + "30" + v[10:]
        invalid[ts] = {"reference": 0, "production": 1}
        changes.append(f"production '{ts}': data row {i + 1} ({v}) replaced by the impossible date {prow[i][ix[ts]]}")
    write_rows(d / "reference.csv", cols, rrows, ",")
    write_rows(d / "production.csv", cols, prow, ";")

    # Self-check: a tolerant reading gives back the clean values, metrics, drift and bias.
    numeric = set(spec["numeric"])
    bools = {b: {"1": "True", "0": "False"}} if b else {}
    rt = canon(read_text(d / "reference.csv"), ".", numeric, {tgt: {"0.0": "0", "1.0": "1"}} if tgt else {}, na)
    pt = canon(read_text(d / "production.csv", sep=";"), ",", numeric, bools)
    crt, cpt = read_text(OUT / name / "reference.csv"), read_text(OUT / name / "production.csv")
    for c in numeric:
        crt[c] = [repr(float(s)) if s != "" else "" for s in crt[c]]
        cpt[c] = [repr(float(s)) if s != "" else "" for s in cpt[c]]
    for dirty, clean, which in ((rt, crt, "reference"), (pt, cpt, "production")):
        for c in cols:
            diff = [i for i, (a, b_) in enumerate(zip(dirty[c], clean[c])) if a != b_]
            allowed = (c == st and which == "production") or (c == ts and which == "production")
            assert not diff or (allowed and len(diff) <= 3), (name, which, c, diff[:5])
    meta = {"task": expected["task"], "roles": expected["roles"], "positive_label": expected.get("positive_label"),
            "classes": expected.get("classes")}
    assert all_metrics(rt, pt, meta) == expected["metrics"], name
    assert drift(rt, pt, list(expected["drift"])) == expected["drift"], name
    if "bias" in expected:
        meta["bias_positive_label"] = expected["bias"]["positive_label"]
        assert bias(rt, pt, meta) == expected["bias"], name

    out = dict(expected)
    out["dirty"] = {"same_as": name, "changes": changes, "invalid": invalid}
    (d / "expected.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


DIRTY = {
    "car_loan": {
        "float_target": "repaid_actual",
        "bool_as_int": "repaid_loan_on_prev_car",
        "thousands": "car_value",
        "nbsp": "driver_tenure",
        "stray": "debt_to_income_ratio",
        "timestamp": "timestamp",
        "numeric": ["car_value", "debt_to_income_ratio", "loan_length", "driver_tenure", "y_pred_proba"],
        "seed": 1,
    },
    "penguins": {
        "thousands": "body_mass_g",
        "nbsp": "bill_length_mm",
        "stray": "bill_depth_mm",
        "na_token": "sex",
        "numeric": ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "p_Adelie", "p_Chinstrap", "p_Gentoo"],
        "seed": 2,
    },
    "cars": {
        "production_ints": "Miles_per_Gallon",
        "thousands": "Weight_in_lbs",
        "nbsp": "Acceleration",
        "stray": "Horsepower",
        "timestamp": "Year",
        "numeric": ["Miles_per_Gallon", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration", "Miles_per_Gallon_hat"],
        "seed": 3,
    },
}


# ---------------------------------------------------------------------------------------------
# Header sets
# ---------------------------------------------------------------------------------------------


def header_sets() -> list[dict]:
    from header_sets import HEADER_SETS  # noqa: PLC0415  (tests/real/header_sets.py)

    return HEADER_SETS


def main() -> None:
    only = sys.argv[1:]
    clean = {}
    for name, fn in DATASETS.items():
        if only and name not in only:
            continue
        ref, prod, expected = build(name, fn)
        clean[name] = (ref, prod, expected)
        m = expected["metrics"]
        print(f"{name:16s} {expected['task']:10s} ref={len(ref):5d} prod={len(prod):5d} "
              f"acc/r2={m['production'].get('accuracy', m['production'].get('r2')):.4f}")
    for name, spec in DIRTY.items():
        if name in clean:
            make_dirty(name, *clean[name], spec)
            print(f"{name}_dirty written")
    sizes = {p: p.stat().st_size for p in OUT.rglob("*") if p.is_file()}
    big = {str(p): s for p, s in sizes.items() if p.suffix == ".csv" and s > MAX_FILE_BYTES}
    assert not big, big
    total = sum(sizes.values())
    print(f"corpus: {len(sizes)} files, {total} bytes")
    assert total <= MAX_CORPUS_BYTES, total

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.dont_write_bytecode = True  # no __pycache__ in the repo
    sets = header_sets()
    HEADERS_OUT.parent.mkdir(parents=True, exist_ok=True)
    HEADERS_OUT.write_text(dump_headers(sets))
    print(f"headers: {len(sets)} sets")


def dump_headers(sets: list[dict]) -> str:
    """One column per line: readable diffs, still plain JSON."""
    lines = ["["]
    for i, s in enumerate(sets):
        lines.append("  {")
        lines.append(f"    \"source\": {json.dumps(s['source'], ensure_ascii=False)},")
        lines.append("    \"columns\": [")
        for j, c in enumerate(s["columns"]):
            comma = "," if j + 1 < len(s["columns"]) else ""
            lines.append("      " + json.dumps(c, ensure_ascii=False) + comma)
        lines.append("    ]")
        lines.append("  }" + ("," if i + 1 < len(sets) else ""))
    lines.append("]")
    text = "\n".join(lines) + "\n"
    json.loads(text)
    return text


if __name__ == "__main__":
    main()
