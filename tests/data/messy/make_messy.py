#!/usr/bin/env python3
"""The messy corpus (issue 8, item 9): small, realistic, dirty file pairs and what driftcard must
answer on each. Standard library only, deterministic: re-running rewrites byte-identical files.

    python3 tests/data/messy/make_messy.py          # (re)writes every case folder
    python3 tests/data/messy/make_messy.py --check  # exits 1 if a committed file differs

Each case is a folder with `reference.csv`, `production.csv`, optionally `labels.csv` and
`config.json`, and `expect.json` (the expected outcome, read by `tests/messy.rs`). Expected
numbers (accuracy, ROC AUC, Brier, MAE, means, percentiles, Welch's t) are computed here from the
very values written, with plain Python arithmetic (exact fractions where it matters).

Two cases are completed by the runner at test time instead of being committed in full:
`duplicate_headers_4000` (4 000 identical header names, `"generate"`) and `huge_cell_5mb`
(a 5 MB cell, `"expand"`).
"""

import json
import math
import gzip
import os
import random
import sys
from datetime import datetime, timezone
from decimal import Decimal, getcontext
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def cell(s, delim):
    s = str(s)
    if delim in s or '"' in s or "\n" in s or "\r" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_text(header, rows, delim=",", eol="\n"):
    lines = [delim.join(cell(h, delim) for h in header)]
    for r in rows:
        assert len(r) == len(header), (header, r)
        lines.append(delim.join(cell(v, delim) for v in r))
    return eol.join(lines) + eol


def encode(text, enc):
    if enc == "utf-8":
        return text.encode("utf-8")
    if enc == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc == "latin-1":
        return text.encode("latin-1")
    if enc == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf-16-le":
        return text.encode("utf-16-le")
    if enc == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    raise ValueError(enc)


class Case:
    def __init__(self, name, item, what):
        self.name = name
        self.files = {}
        self.exp = {"what": what, "item": item, "args": [], "exit": 0, "json": []}
        self.rng = random.Random(name)

    def csv(self, fname, header, rows, delim=",", enc="utf-8", eol="\n"):
        self.files[fname] = encode(csv_text(header, rows, delim, eol), enc)

    def raw(self, fname, data):
        self.files[fname] = data

    def config(self, obj):
        self.files["config.json"] = (json.dumps(obj, indent=2) + "\n").encode()

    def set(self, **kw):
        self.exp.update(kw)

    def j(self, *assertions):
        self.exp["json"].extend(assertions)


KEY_ORDER = [
    "what", "item", "args", "exit", "stderr", "json", "card", "card_absent", "json_text_absent",
    "max_bytes", "max_seconds", "page", "cli_only", "generate", "expand", "stdout_dev_full",
    "non_utf8_paths",
]


def expect_text(exp):
    keys = [k for k in KEY_ORDER if k in exp] + sorted(k for k in exp if k not in KEY_ORDER)
    out = ["{"]
    for i, k in enumerate(keys):
        v = exp[k]
        comma = "," if i + 1 < len(keys) else ""
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f'  "{k}": [')
            for j, a in enumerate(v):
                out.append("    " + json.dumps(a, ensure_ascii=False) + ("," if j + 1 < len(v) else ""))
            out.append("  ]" + comma)
        else:
            out.append(f'  "{k}": ' + json.dumps(v, ensure_ascii=False) + comma)
    out.append("}")
    return "\n".join(out) + "\n"


# Assertion helpers (see tests/messy.rs for the path syntax).
def eq(path, v):
    return {"path": path, "equals": v}


def approx(path, v, rel=1e-9):
    return {"path": path, "approx": v, "rel": rel}


def has(path, s):
    return {"path": path, "contains": s}


def lacks(path, s):
    return {"path": path, "not_contains": s}


def absent(path):
    return {"path": path, "absent": True}


def present(path):
    return {"path": path, "absent": False}


def length(path, n):
    return {"path": path, "len": n}


def bounds(path, lo=None, hi=None):
    a = {"path": path}
    if lo is not None:
        a["min"] = lo
    if hi is not None:
        a["max"] = hi
    return a


# ---------------------------------------------------------------------------------------------
# Data and reference computations
# ---------------------------------------------------------------------------------------------


def perm(rng, values):
    v = list(values)
    rng.shuffle(v)
    return v


def gauss(rng, n, mu, sd, nd=2):
    return [round(rng.gauss(mu, sd), nd) for _ in range(n)]


def f(x, nd=2):
    return f"{x:.{nd}f}"


def binary(rng, n, pos, miss_pos, miss_neg):
    """0/1 truth with exactly `pos` ones, and a prediction wrong on exactly `miss_pos` ones and
    `miss_neg` zeros."""
    y = [1] * pos + [0] * (n - pos)
    rng.shuffle(y)
    yh = list(y)
    ones = [i for i in range(n) if y[i] == 1]
    zeros = [i for i in range(n) if y[i] == 0]
    for i in rng.sample(ones, miss_pos):
        yh[i] = 0
    for i in rng.sample(zeros, miss_neg):
        yh[i] = 1
    return y, yh


def scores_for(rng, y, nd=3):
    out = []
    for t in y:
        s = 0.5 + (0.22 if t else -0.22) + rng.gauss(0, 0.2)
        out.append(round(min(0.999, max(0.001, s)), nd))
    return out


def accuracy(y, yh):
    return sum(1 for a, b in zip(y, yh) if a == b) / len(y)


def recall(y, yh, pos=1):
    tp = sum(1 for a, b in zip(y, yh) if a == pos and b == pos)
    return tp / sum(1 for a in y if a == pos)


def precision(y, yh, pos=1):
    tp = sum(1 for a, b in zip(y, yh) if a == pos and b == pos)
    return tp / sum(1 for b in yh if b == pos)


def roc_auc(y, s):
    """Mann–Whitney form with average ranks for ties (= sklearn's roc_auc_score)."""
    order = sorted(range(len(s)), key=lambda i: s[i])
    ranks = [0.0] * len(s)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and s[order[j + 1]] == s[order[i]]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = r
        i = j + 1
    npos = sum(y)
    nneg = len(y) - npos
    rp = math.fsum(r for r, t in zip(ranks, y) if t == 1)
    return (rp - npos * (npos + 1) / 2) / (npos * nneg)


def brier(y, p):
    return math.fsum((a - b) ** 2 for a, b in zip(p, y)) / len(y)


def mean(v):
    return math.fsum(v) / len(v)


def percentile(v, q):
    """numpy.percentile(v, q), method 'linear'."""
    s = sorted(v)
    h = (len(s) - 1) * q / 100
    lo = math.floor(h)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (h - lo) * (s[hi] - s[lo])


def iso(epoch):
    return datetime.fromtimestamp(math.floor(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def epoch_of(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=timezone.utc).timestamp()


def day(epoch):
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%d")


def stamp(epoch):
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def features(rng, n):
    """Two ordinary features (age, balance) and a categorical one (plan)."""
    age = [rng.randint(18, 80) for _ in range(n)]
    bal = gauss(rng, n, 2500, 900)
    plan = [rng.choice(["basic", "basic", "plus", "pro"]) for _ in range(n)]
    return age, bal, plan


def stable_features(rng, n):
    """Reference features, and production features with exactly the same values permuted (so no
    test can call them drifted)."""
    age, bal, plan = features(rng, n)
    rows = list(zip(age, bal, plan))
    prod = perm(rng, rows)
    return rows, prod


# ---------------------------------------------------------------------------------------------
# Item 2: labels are values
# ---------------------------------------------------------------------------------------------


def label_case(c, write_ref, write_prod, n=200):
    rng = c.rng
    ref_f, prod_f = stable_features(rng, n)
    y_r, yh_r = binary(rng, n, 60, 15, 15)
    y_p, yh_p = binary(rng, n, 60, 15, 15)
    hdr = ["age", "balance", "plan", "target", "prediction"]
    c.csv("reference.csv", hdr, [[a, f(b), p, write_ref(t), write_ref(h)]
                                 for (a, b, p), t, h in zip(ref_f, y_r, yh_r)])
    c.csv("production.csv", hdr, [[a, f(b), p, write_prod(t), write_prod(h)]
                                  for (a, b, p), t, h in zip(prod_f, y_p, yh_p)])
    return accuracy(y_r, yh_r), accuracy(y_p, yh_p)


@case
def labels_float_vs_int():
    c = Case("labels_float_vs_int", "2",
             "target and prediction written 0.0/1.0 in the reference (a pandas round trip) and 0/1 in "
             "production: one binary task with the real accuracy, no new-category drift of the target, "
             "no retrain, and a warning that the encodings differ")
    ar, ap = label_case(c, lambda v: f"{v}.0", lambda v: str(v))
    c.j(eq("classification.task", "binary"),
        length("classification.labels", 2),
        approx("classification.reference.accuracy", ar),
        approx("classification.production.accuracy", ap),
        absent("quality.columns[column=target].new_category_count"),
        absent("quality.columns[column=prediction].new_category_count"),
        eq("drift.columns[column=target].drifted", False),
        lacks("drift.columns[column=target].reason", "new categories"),
        eq("drift.columns[column=prediction].drifted", False),
        eq("warnings[message~=0.0/1.0].column", "target"),
        eq("retrain.recommended", False))
    c.set(card=[f"Accuracy (production): {ap:.2f}"], card_absent=["Retrain recommended"], page=True)
    return c


@case
def labels_true_false_vs_1_0():
    c = Case("labels_true_false_vs_1_0", "2",
             "target and prediction written True/False in the reference and 1/0 in production: one "
             "binary task with the real accuracy, no new categories, a warning that the encodings differ")
    ar, ap = label_case(c, lambda v: "True" if v else "False", lambda v: str(v))
    c.j(eq("classification.task", "binary"),
        length("classification.labels", 2),
        approx("classification.reference.accuracy", ar),
        approx("classification.production.accuracy", ap),
        absent("quality.columns[column=target].new_category_count"),
        lacks("drift.columns[column=target].reason", "new categories"),
        eq("drift.columns[column=target].drifted", False),
        eq("warnings[message~=True].column", "target"),
        eq("retrain.recommended", False))
    return c


@case
def labels_yes_no_target_float_prediction():
    c = Case("labels_yes_no_target_float_prediction", "2",
             "the target is written yes/no and the prediction 1.0/0.0 in both files: target and "
             "prediction are compared as values (binary, real accuracy), not as four strings")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    y_r, yh_r = binary(rng, n, 70, 10, 20)
    y_p, yh_p = binary(rng, n, 70, 12, 18)
    hdr = ["age", "balance", "plan", "target", "prediction"]
    yn = lambda v: "yes" if v else "no"
    fl = lambda v: f"{v}.0"
    c.csv("reference.csv", hdr, [[a, f(b), p, yn(t), fl(h)] for (a, b, p), t, h in zip(ref_f, y_r, yh_r)])
    c.csv("production.csv", hdr, [[a, f(b), p, yn(t), fl(h)] for (a, b, p), t, h in zip(prod_f, y_p, yh_p)])
    c.j(eq("classification.task", "binary"),
        length("classification.labels", 2),
        approx("classification.reference.accuracy", accuracy(y_r, yh_r)),
        approx("classification.production.accuracy", accuracy(y_p, yh_p)),
        approx("classification.production.recall", recall(y_p, yh_p)),
        approx("classification.production.precision", precision(y_p, yh_p)))
    return c


@case
def positive_label_true_vs_1():
    c = Case("positive_label_true_vs_1", "2",
             "the config names the positive label `True`, the data say 0/1: `True` is the class `1` "
             "(precision and recall are those of class 1, not an error or class 0)")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    y_r, yh_r = binary(rng, n, 50, 20, 5)
    y_p, yh_p = binary(rng, n, 50, 20, 5)
    hdr = ["age", "balance", "plan", "target", "prediction"]
    c.csv("reference.csv", hdr, [[a, f(b), p, t, h] for (a, b, p), t, h in zip(ref_f, y_r, yh_r)])
    c.csv("production.csv", hdr, [[a, f(b), p, t, h] for (a, b, p), t, h in zip(prod_f, y_p, yh_p)])
    c.config({"positive_label": "True"})
    c.j(eq("classification.task", "binary"),
        eq("classification.labels[1]", "1"),
        approx("classification.production.recall", recall(y_p, yh_p, 1)),
        approx("classification.production.precision", precision(y_p, yh_p, 1)),
        approx("classification.reference.recall", recall(y_r, yh_r, 1)))
    return c


@case
def score_percent_0_100():
    c = Case("score_percent_0_100", "2",
             "`predicted_probability` written as a percentage (0–100): recognised as the score, scaled "
             "by 1/100 (Brier and ROC AUC on the fractions) and a warning says so")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    out = {}
    for side, feats in (("reference", ref_f), ("production", prod_f)):
        y = [1] * 80 + [0] * 120
        rng.shuffle(y)
        s = [round(v * 100, 1) for v in scores_for(rng, y)]
        pred = [1 if v >= 50 else 0 for v in s]
        c.csv(f"{side}.csv", ["age", "balance", "plan", "label", "prediction", "predicted_probability"],
              [[a, f(b), p, t, h, f(v, 1)] for (a, b, p), t, h, v in zip(feats, y, pred, s)])
        out[side] = (y, [float(f(v, 1)) / 100 for v in s])
    y, p = out["production"]
    c.j(eq("columns[name=predicted_probability].role", "score"),
        eq("warnings[message~=percentage].column", "predicted_probability"),
        approx("classification.production.brier", brier(y, p), 1e-9),
        approx("classification.production.roc_auc", roc_auc(y, p)),
        approx("classification.reference.roc_auc", roc_auc(*out["reference"])))
    return c


@case
def score_outside_unit():
    c = Case("score_outside_unit", "2",
             "`y_pred_prob` has 3 of 400 values outside [0, 1] (1.02, 1.05, -0.03): still the score, "
             "the values are reported in a warning and left out of the probability metrics")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    res = {}
    for side, feats, bad in (("reference", ref_f, {17: "1.02"}), ("production", prod_f, {40: "1.05", 133: "-0.03"})):
        y, yh = binary(rng, n, 70, 15, 15)
        s = [f(v, 3) for v in scores_for(rng, y)]
        for i, v in bad.items():
            s[i] = v
        c.csv(f"{side}.csv", ["age", "balance", "plan", "y_true", "y_pred", "y_pred_prob"],
              [[a, f(b), p, t, h, v] for (a, b, p), t, h, v in zip(feats, y, yh, s)])
        keep = [i for i in range(n) if i not in bad]
        res[side] = ([y[i] for i in keep], [float(s[i]) for i in keep])
    y, p = res["production"]
    c.j(eq("columns[name=y_pred_prob].role", "score"),
        eq("warnings[message~=outside [0, 1]].column", "y_pred_prob"),
        has("warnings[message~=outside [0, 1]].message", "3 of 400"),
        eq("classification.production.n_scored", 198),
        eq("classification.reference.n_scored", 199),
        approx("classification.production.roc_auc", roc_auc(y, p)),
        approx("classification.production.brier", brier(y, p)))
    return c


# ---------------------------------------------------------------------------------------------
# Item 3: roles from real names
# ---------------------------------------------------------------------------------------------


@case
def roles_y_pred_prob_churn_actual():
    c = Case("roles_y_pred_prob_churn_actual", "3",
             "a typical churn export (`customer_id`, `churn_actual`, `y_pred_prob`): target, score and id "
             "found from the names with a reason each, binary quality with the real ROC AUC, no role flags")
    rng = c.rng
    n = 240
    res = {}
    for side, off in (("reference", 0), ("production", 5000)):
        y = [1] * 60 + [0] * 180
        rng.shuffle(y)
        s = scores_for(rng, y)
        rows = []
        for i in range(n):
            rows.append([f"C{10000 + off + i}", rng.randint(1, 72), f(rng.uniform(20, 120)),
                         rng.choice(["month-to-month", "one year", "two year"]), y[i], f(s[i], 3)])
        c.csv(f"{side}.csv", ["customer_id", "tenure", "monthly_charges", "contract", "churn_actual", "y_pred_prob"], rows)
        res[side] = (y, s)
    c.j(eq("columns[name=churn_actual].role", "target"),
        eq("columns[name=y_pred_prob].role", "score"),
        eq("columns[name=customer_id].role", "id"),
        has("columns[name=y_pred_prob].reason", "probab"),
        has("columns[name=churn_actual].reason", "target"),
        eq("columns[name=tenure].role", "feature"),
        eq("classification.task", "binary"),
        approx("classification.production.roc_auc", roc_auc(*res["production"])),
        approx("classification.reference.roc_auc", roc_auc(*res["reference"])),
        eq("drift.columns[column=y_pred_prob].role", "score"),
        eq("drift.n_features", 3))
    c.set(page=True)
    return c


@case
def roles_predicted_proba():
    c = Case("roles_predicted_proba", "3",
             "`label` + `predicted_proba` (scikit-learn naming): target and score detected, ROC AUC computed")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    res = {}
    for side, feats in (("reference", ref_f), ("production", prod_f)):
        y = [1] * 90 + [0] * 110
        rng.shuffle(y)
        s = scores_for(rng, y)
        c.csv(f"{side}.csv", ["age", "balance", "plan", "label", "predicted_proba"],
              [[a, f(b), p, t, f(v, 3)] for (a, b, p), t, v in zip(feats, y, s)])
        res[side] = (y, s)
    c.j(eq("columns[name=label].role", "target"),
        eq("columns[name=predicted_proba].role", "score"),
        approx("classification.production.roc_auc", roc_auc(*res["production"])),
        approx("classification.production.brier", brier(*res["production"])))
    return c


@case
def roles_is_churn_churn_pred():
    c = Case("roles_is_churn_churn_pred", "3",
             "`is_churn` / `churn_pred`: the prediction is found by its name and the target through the "
             "prediction's stem (the reason names `churn_pred`)")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    y_r, yh_r = binary(rng, n, 40, 10, 12)
    y_p, yh_p = binary(rng, n, 40, 14, 12)
    hdr = ["age", "balance", "plan", "is_churn", "churn_pred"]
    c.csv("reference.csv", hdr, [[a, f(b), p, t, h] for (a, b, p), t, h in zip(ref_f, y_r, yh_r)])
    c.csv("production.csv", hdr, [[a, f(b), p, t, h] for (a, b, p), t, h in zip(prod_f, y_p, yh_p)])
    c.j(eq("columns[name=churn_pred].role", "prediction"),
        eq("columns[name=is_churn].role", "target"),
        has("columns[name=is_churn].reason", "churn_pred"),
        approx("classification.production.accuracy", accuracy(y_p, yh_p)),
        approx("classification.reference.accuracy", accuracy(y_r, yh_r)))
    return c


@case
def roles_price_hat():
    c = Case("roles_price_hat", "3",
             "a regression export `price` / `price_hat`: prediction by name, target through the stem, "
             "regression quality with the real MAE")
    rng = c.rng
    res = {}
    for side, n in (("reference", 200), ("production", 180)):
        rows, y, yh = [], [], []
        for _ in range(n):
            sqft = rng.randint(450, 3200)
            rooms = rng.randint(1, 6)
            price = round(50 * sqft + 8000 * rooms + rng.gauss(0, 15000), 2)
            hat = round(price + rng.gauss(0, 9000), 2)
            rows.append([sqft, rooms, rng.choice(["north", "south", "east", "west"]), f(price), f(hat)])
            y.append(float(f(price)))
            yh.append(float(f(hat)))
        c.csv(f"{side}.csv", ["sqft", "rooms", "district", "price", "price_hat"], rows)
        res[side] = (y, yh)
    mae = lambda y, yh: math.fsum(abs(a - b) for a, b in zip(y, yh)) / len(y)
    c.j(eq("columns[name=price_hat].role", "prediction"),
        eq("columns[name=price].role", "target"),
        has("columns[name=price].reason", "price_hat"),
        approx("regression.production.mae", mae(*res["production"])),
        approx("regression.reference.mae", mae(*res["reference"])),
        absent("classification"))
    return c


@case
def roles_p_top_feature():
    c = Case("roles_p_top_feature", "3",
             "`p_top` (a share in [0, 1]) next to a win/loss target: no class `top` exists, so it is a "
             "feature (counted in the drift share), with a reason saying why")
    rng = c.rng
    n = 200
    res = {}
    for side in ("reference", "production"):
        y = [rng.choice(["win", "loss"]) for _ in range(n)]
        yh = [t if rng.random() < 0.8 else ("loss" if t == "win" else "win") for t in y]
        rows = [[rng.randint(1, 40), f(rng.uniform(0, 1), 3), rng.choice(["home", "away"]), t, h]
                for t, h in zip(y, yh)]
        c.csv(f"{side}.csv", ["rank", "p_top", "venue", "outcome", "outcome_pred"], rows)
        res[side] = (y, yh)
    c.j(eq("columns[name=p_top].role", "feature"),
        has("columns[name=p_top].reason", "top"),
        eq("drift.columns[column=p_top].role", "feature"),
        eq("columns[name=outcome].role", "target"),
        eq("columns[name=outcome_pred].role", "prediction"),
        eq("drift.n_features", 3),
        approx("classification.production.accuracy", accuracy(*res["production"])))
    return c


@case
def roles_p_class_scores():
    c = Case("roles_p_class_scores", "3,4",
             "multiclass `species` / `species_pred` with `p_cat`, `p_dog`, `p_bird`: the p_ columns are "
             "class probabilities (their classes exist), tested in the drift table, not counted as features")
    rng = c.rng
    n = 210
    classes = ["cat", "dog", "bird"]
    res = {}
    for side in ("reference", "production"):
        rows, y, yh = [], [], []
        for i in range(n):
            t = classes[i % 3]
            raw = [rng.uniform(0.05, 1) + (0.45 if k == t else 0) for k in classes]
            tot = sum(raw)
            pr = [round(v / tot, 3) for v in raw]
            h = classes[max(range(3), key=lambda k: pr[k])]
            rows.append([f(rng.gauss(5, 2)), f(rng.gauss(30, 8)), t, h] + [f(v, 3) for v in pr])
            y.append(t)
            yh.append(h)
        rows = perm(rng, rows)
        c.csv(f"{side}.csv", ["weight", "height", "species", "species_pred", "p_cat", "p_dog", "p_bird"], rows)
        res[side] = ([r[2] for r in rows], [r[3] for r in rows])
    c.j(eq("columns[name=p_cat].role", "class_score"),
        eq("columns[name=p_dog].role", "class_score"),
        eq("columns[name=p_bird].role", "class_score"),
        eq("drift.columns[column=p_cat].role", "class_score"),
        present("drift.columns[column=p_bird].status"),
        eq("drift.n_features", 2),
        eq("classification.task", "multiclass"),
        approx("classification.production.accuracy", accuracy(*res["production"])))
    return c


@case
def roles_request_ms():
    c = Case("roles_request_ms", "3",
             "`request_ms` is the latency (milliseconds) by its name: latency percentiles computed on it, "
             "listed in the drift table as latency, not counted as a feature")
    rng = c.rng
    n = 300
    vals = {}
    for side, scale in (("reference", 30), ("production", 45)):
        lat = [round(rng.lognormvariate(math.log(scale), 0.5), 1) for _ in range(n)]
        rows = [[f(rng.gauss(10, 3)), rng.choice(["a", "b", "c"]), f(v, 1)] for v in lat]
        c.csv(f"{side}.csv", ["x", "segment_code", "request_ms"], rows)
        vals[side] = [float(f(v, 1)) for v in lat]
    c.j(eq("columns[name=request_ms].role", "latency"),
        has("columns[name=request_ms].reason", "millisecond"),
        eq("latency.column", "request_ms"),
        approx("latency.production_ms.p99", percentile(vals["production"], 99)),
        approx("latency.production_ms.p50", percentile(vals["production"], 50)),
        eq("drift.columns[column=request_ms].role", "latency"),
        eq("drift.n_features", 2))
    return c


@case
def roles_elapsed_ms_negative():
    c = Case("roles_elapsed_ms_negative", "3,5",
             "`elapsed_ms` with one negative value (clock skew) in 400: still the latency, and a warning "
             "names the negative values")
    rng = c.rng
    for side in ("reference", "production"):
        lat = [round(rng.lognormvariate(math.log(40), 0.4), 1) for _ in range(200)]
        if side == "production":
            lat[57] = -3.5
        rows = [[f(rng.gauss(10, 3)), rng.choice(["a", "b", "c"]), f(v, 1)] for v in lat]
        c.csv(f"{side}.csv", ["x", "kind_code", "elapsed_ms"], rows)
    c.j(eq("columns[name=elapsed_ms].role", "latency"),
        eq("warnings[message~=negative].column", "elapsed_ms"),
        has("warnings[message~=negative].message", "-3.5"),
        eq("latency.column", "elapsed_ms"))
    return c


@case
def roles_group_candidates():
    c = Case("roles_group_candidates", "3",
             "`age_range` and `gender` are group candidates for the bias section (shown with a reason), "
             "not features")
    rng = c.rng
    n = 200
    for side in ("reference", "production"):
        y, yh = binary(rng, n, 80, 15, 15)
        rows = [[f(rng.gauss(50, 10)), rng.choice(["18-25", "26-40", "41-65", "65+"]), rng.choice(["F", "M"]), t, h]
                for t, h in zip(y, yh)]
        c.csv(f"{side}.csv", ["income_k", "age_range", "gender", "target", "prediction"], rows)
    c.j(eq("columns[name=age_range].role", "group"),
        eq("columns[name=gender].role", "group"),
        has("columns[name=age_range].reason", "group"),
        eq("columns[name=income_k].role", "feature"),
        eq("drift.n_features", 1),
        eq("drift.columns[column=age_range].role", "group"))
    return c


@case
def drift_lists_latency_cost_class_scores():
    c = Case("drift_lists_latency_cost_class_scores", "4",
             "latency, cost, class probabilities, target and prediction are all in `drift.columns` with "
             "their roles (a latency shift shows as drifted) but only the 3 features count: no dataset drift")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    for side, feats, lat_mu in (("reference", ref_f, 30), ("production", prod_f, 90)):
        rows = []
        for a, b, p in feats:
            t = rng.choice(["spam", "ham", "ham"])
            ps = round(min(0.99, max(0.01, (0.75 if t == "spam" else 0.25) + rng.gauss(0, 0.15))), 3)
            h = "spam" if ps >= 0.5 else "ham"
            rows.append([a, f(b), p, f(rng.gauss(lat_mu, 5), 1), f(rng.uniform(0.001, 0.01), 5),
                         f(ps, 3), f(1 - ps, 3), t, h])
        c.csv(f"{side}.csv", ["age", "balance", "plan", "latency_ms", "cost_usd", "p_spam", "p_ham",
                              "label", "prediction"], rows)
    c.j(eq("drift.columns[column=latency_ms].role", "latency"),
        eq("drift.columns[column=latency_ms].drifted", True),
        eq("drift.columns[column=cost_usd].role", "cost"),
        eq("drift.columns[column=p_spam].role", "class_score"),
        eq("drift.columns[column=p_ham].role", "class_score"),
        eq("drift.columns[column=label].role", "target"),
        eq("drift.columns[column=prediction].role", "prediction"),
        length("drift.columns", 9),
        eq("drift.n_features", 3),
        eq("drift.n_drifted", 0),
        approx("drift.share_drifted", 0.0),
        eq("drift.dataset_drift", False))
    c.set(args=["--fail-on", "drift"], card=["- Drift: "], card_absent=["`latency_ms`)", "`cost_usd`)", "`p_spam`)"])
    return c


# ---------------------------------------------------------------------------------------------
# Item 1: dirty values
# ---------------------------------------------------------------------------------------------


@case
def na_token_3sigma_shift():
    c = Case("na_token_3sigma_shift", "1",
             "one `n/a` in the numeric feature `income`, whose production mean moved by 3σ: it stays "
             "numeric, the cell is counted as invalid and named, and `--fail-on drift` exits 1")
    rng = c.rng
    n = 250
    age = [rng.randint(18, 80) for _ in range(n)]
    inc_r = [round(rng.gauss(50000, 10000)) for _ in range(n)]
    inc_p = [round(rng.gauss(80000, 10000)) for _ in range(n)]
    inc_p_txt = [str(v) for v in inc_p]
    inc_p_txt[123] = "n/a"
    c.csv("reference.csv", ["age", "income"], [[a, v] for a, v in zip(age, inc_r)])
    c.csv("production.csv", ["age", "income"], [[a, v] for a, v in zip(perm(rng, age), inc_p_txt)])
    c.set(args=["--fail-on", "drift"], exit=1, page=True)
    c.j(eq("drift.columns[column=income].kind", "numeric"),
        eq("drift.columns[column=income].drifted", True),
        eq("drift.columns[column=income].n_prod", n - 1),
        eq("quality.columns[column=income].production.invalid", 1),
        approx("drift.columns[column=income].invalid_share_prod", 1 / n),
        eq("warnings[message~=n/a].column", "income"),
        eq("warnings[message~=n/a].file", "production.csv"),
        eq("warnings[message~=n/a].row", 125),
        eq("drift.n_features", 2),
        eq("drift.dataset_drift", True))
    c.set(card=["Dataset drift: yes", "`income`: 1 invalid cell"])
    return c


@case
def thousands_separator_quoted():
    c = Case("thousands_separator_quoted", "1",
             "production writes `amount` with thousands separators (`\"1,234.50\"`, quoted): still numeric "
             "with the same values as the reference, no invalid cell, not drifted, and a note says so")
    rng = c.rng
    n = 200
    amt = [round(rng.uniform(800, 25000), 2) for _ in range(n)]
    qty = [rng.randint(1, 30) for _ in range(n)]
    rows = list(zip(amt, qty))
    prod = perm(rng, rows)
    c.csv("reference.csv", ["amount", "qty"], [[f(a), q] for a, q in rows])
    c.csv("production.csv", ["amount", "qty"], [[f"{a:,.2f}", q] for a, q in prod])
    c.j(eq("drift.columns[column=amount].kind", "numeric"),
        eq("drift.columns[column=amount].drifted", False),
        absent("quality.columns[column=amount].production.invalid"),
        approx("quality.columns[column=amount].production.mean", mean(amt)),
        approx("quality.columns[column=amount].production.max", max(amt)),
        eq("warnings[message~=thousands].column", "amount"))
    return c


@case
def thousands_space_decimal_comma():
    c = Case("thousands_space_decimal_comma", "1",
             "a `;` production file writes `1 234,56` and `1\u00a0234,56` (space / no-break space "
             "groups, decimal comma): numeric, same values as the reference, not drifted")
    rng = c.rng
    n = 200
    amt = [round(rng.uniform(1000, 99000), 2) for _ in range(n)]
    grp = [rng.choice(["A", "B", "C"]) for _ in range(n)]
    rows = list(zip(amt, grp))
    prod = perm(rng, rows)

    def de(v, i):
        s = f"{v:,.2f}".replace(",", "#").replace(".", ",")
        return s.replace("#", "\u00a0" if i % 2 else " ")

    c.csv("reference.csv", ["amount", "grp_code"], [[f(a), g] for a, g in rows])
    c.csv("production.csv", ["amount", "grp_code"], [[de(a, i), g] for i, (a, g) in enumerate(prod)], delim=";")
    c.j(eq("drift.columns[column=amount].kind", "numeric"),
        eq("drift.columns[column=amount].drifted", False),
        absent("quality.columns[column=amount].production.invalid"),
        approx("quality.columns[column=amount].production.mean", mean(amt)),
        approx("quality.columns[column=amount].production.min", min(amt)))
    return c


@case
def nbsp_leading():
    c = Case("nbsp_leading", "1",
             "production cells with a leading no-break space (`\u00a012.5`, `\u00a0red`): trimmed, so "
             "`weight` stays numeric with the same values and `color` has no new category")
    rng = c.rng
    n = 200
    w = [round(rng.gauss(70, 12), 1) for _ in range(n)]
    col = [rng.choice(["red", "green", "blue"]) for _ in range(n)]
    rows = list(zip(w, col))
    prod = perm(rng, rows)
    c.csv("reference.csv", ["weight", "color"], [[f(a, 1), b] for a, b in rows])
    c.csv("production.csv", ["weight", "color"],
          [[("\u00a0" if i % 3 == 0 else "") + f(a, 1), ("\u00a0" if i % 4 == 0 else "") + b]
           for i, (a, b) in enumerate(prod)])
    c.j(eq("drift.columns[column=weight].kind", "numeric"),
        eq("drift.columns[column=weight].drifted", False),
        absent("quality.columns[column=weight].production.invalid"),
        approx("quality.columns[column=weight].production.mean", mean(w)),
        absent("quality.columns[column=color].new_category_count"),
        eq("drift.columns[column=color].drifted", False),
        eq("warnings[message~=no-break].column", "weight"))
    return c


@case
def semicolon_decimal_comma():
    c = Case("semicolon_decimal_comma", "1",
             "production written with `;` and decimal commas against a `,` reference: every numeric "
             "column stays numeric with the same values, nothing drifts, no text columns")
    rng = c.rng
    n = 220
    temp = [round(rng.gauss(18, 6), 2) for _ in range(n)]
    pres = [round(rng.gauss(1013, 8), 1) for _ in range(n)]
    city = [rng.choice(["Lyon", "Lille", "Nantes", "Metz"]) for _ in range(n)]
    cnt = [rng.randint(0, 40) for _ in range(n)]
    rows = list(zip(temp, pres, city, cnt))
    prod = perm(rng, rows)
    hdr = ["temperature", "pressure", "city", "visits"]
    c.csv("reference.csv", hdr, [[f(a), f(b, 1), cc, d] for a, b, cc, d in rows])
    dc = lambda s: s.replace(".", ",")
    c.csv("production.csv", hdr, [[dc(f(a)), dc(f(b, 1)), cc, d] for a, b, cc, d in prod], delim=";")
    c.j(eq("drift.columns[column=temperature].kind", "numeric"),
        eq("drift.columns[column=pressure].kind", "numeric"),
        eq("drift.columns[column=temperature].drifted", False),
        eq("drift.columns[column=pressure].drifted", False),
        approx("quality.columns[column=temperature].production.mean", mean(temp)),
        approx("quality.columns[column=pressure].production.mean", mean(pres)),
        absent("quality.columns[column=temperature].production.invalid"),
        eq("inputs.production.columns", 4),
        eq("drift.n_features", 4),
        eq("drift.n_drifted", 0))
    c.set(page=True)
    return c


@case
def percent_column():
    c = Case("percent_column", "1",
             "production writes the whole `discount` column with a `%` suffix (`12.5%`), the reference as "
             "fractions (0.125): read as fractions, same values, not drifted, a note says so")
    rng = c.rng
    n = 200
    d = [rng.randint(0, 400) / 1000 for _ in range(n)]
    x = [round(rng.gauss(100, 20), 2) for _ in range(n)]
    rows = list(zip(d, x))
    prod = perm(rng, rows)
    c.csv("reference.csv", ["discount", "basket"], [[f(a, 3), f(b)] for a, b in rows])
    c.csv("production.csv", ["discount", "basket"], [[f"{a * 100:.1f}%", f(b)] for a, b in prod])
    c.j(eq("drift.columns[column=discount].kind", "numeric"),
        eq("drift.columns[column=discount].drifted", False),
        absent("quality.columns[column=discount].production.invalid"),
        approx("quality.columns[column=discount].production.mean", mean(d)),
        approx("quality.columns[column=discount].production.max", max(d)),
        eq("warnings[message~=%].column", "discount"))
    return c


@case
def stray_tokens_invalid_share():
    c = Case("stray_tokens_invalid_share", "1",
             "15 % of production's `value` cells are spreadsheet errors (`#VALUE!`, `#DIV/0!`, `n/a`, "
             "`error`): still numeric, the invalid share is reported and its change (> 10 points) drifts the column")
    rng = c.rng
    n = 200
    v = [round(rng.gauss(40, 9), 2) for _ in range(n)]
    other = [round(rng.gauss(5, 1), 2) for _ in range(n)]
    rows = list(zip(v, other))
    prod = perm(rng, rows)
    toks = ["#VALUE!", "#DIV/0!", "n/a", "error"]
    bad = set(rng.sample(range(n), 30))
    c.csv("reference.csv", ["value", "other"], [[f(a), f(b)] for a, b in rows])
    c.csv("production.csv", ["value", "other"],
          [[toks[i % 4] if i in bad else f(a), f(b)] for i, (a, b) in enumerate(prod)])
    c.j(eq("drift.columns[column=value].kind", "numeric"),
        eq("drift.columns[column=value].drifted", True),
        has("drift.columns[column=value].reason", "invalid share"),
        approx("drift.columns[column=value].invalid_share_prod", 0.15),
        approx("drift.columns[column=value].invalid_share_ref", 0.0),
        eq("quality.columns[column=value].production.invalid", 30),
        approx("quality.columns[column=value].production.invalid_share", 0.15),
        eq("drift.columns[column=value].n_prod", 170),
        eq("warnings[column=value].file", "production.csv"),
        eq("drift.columns[column=other].drifted", False))
    c.set(card=["`value`: 30 invalid cells"])
    return c


@case
def invalid_cells_in_reference():
    c = Case("invalid_cells_in_reference", "1",
             "3 `#N/A` cells in the reference's `price` (production clean): the kind is decided over both "
             "files (numeric), the reference's invalid cells are counted and named, no drift from 1.5 points")
    rng = c.rng
    n = 200
    p = [round(rng.uniform(5, 50), 2) for _ in range(n)]
    q = [rng.choice(["s", "m", "l"]) for _ in range(n)]
    rows = list(zip(p, q))
    prod = perm(rng, rows)
    ref_txt = [[f(a), b] for a, b in rows]
    for i in (9, 77, 150):
        ref_txt[i][0] = "#N/A"
    c.csv("reference.csv", ["price", "size"], ref_txt)
    c.csv("production.csv", ["price", "size"], [[f(a), b] for a, b in prod])
    c.j(eq("drift.columns[column=price].kind", "numeric"),
        eq("quality.columns[column=price].reference.invalid", 3),
        absent("quality.columns[column=price].production.invalid"),
        approx("drift.columns[column=price].invalid_share_ref", 0.015),
        eq("drift.columns[column=price].drifted", False),
        eq("warnings[message~=#N/A].file", "reference.csv"),
        eq("warnings[message~=#N/A].row", 11))
    return c


@case
def kind_decided_over_both_files():
    c = Case("kind_decided_over_both_files", "1",
             "`rating` holds whole numbers 1–8 in the reference (categorical on its own) and half points "
             "(3.5) in production: the kind is decided over both files, numeric in both, no new categories")
    rng = c.rng
    n = 200
    r = [rng.randint(1, 8) for _ in range(n)]
    p = [rng.randint(2, 16) / 2 for _ in range(n)]
    other = [rng.choice(["a", "b"]) for _ in range(n)]
    c.csv("reference.csv", ["rating", "src_code"], [[a, b] for a, b in zip(r, other)])
    c.csv("production.csv", ["rating", "src_code"], [[f(a, 1), b] for a, b in zip(p, perm(rng, other))])
    c.j(eq("columns[name=rating].kind", "numeric"),
        eq("drift.columns[column=rating].kind", "numeric"),
        absent("quality.columns[column=rating].new_category_count"),
        approx("quality.columns[column=rating].reference.mean", mean(r)),
        approx("quality.columns[column=rating].production.mean", mean(p)))
    return c


def encoding_case(c, enc, note):
    rng = c.rng
    n = 150
    cities = ["München", "München", "Zürich", "Genève", "Köln"]
    city = [rng.choice(cities) for _ in range(n)]
    temp = [round(rng.gauss(12, 5), 1) for _ in range(n)]
    rows = list(zip(city, temp))
    prod = perm(rng, rows)
    c.csv("reference.csv", ["city", "temp"], [[a, f(b, 1)] for a, b in rows])
    c.csv("production.csv", ["city", "temp"], [[a, f(b, 1)] for a, b in prod], enc=enc)
    counts = {}
    for x in city:
        counts[x] = counts.get(x, 0) + 1
    top = min(counts, key=lambda k: (-counts[k], k))
    c.j(eq("inputs.production.rows", n),
        eq("columns[0].name", "city"),
        eq("drift.columns[column=city].kind", "categorical"),
        eq("drift.columns[column=city].drifted", False),
        absent("quality.columns[column=city].new_category_count"),
        eq("quality.columns[column=city].production.top[0][0]", top),
        eq("drift.columns[column=temp].kind", "numeric"),
        approx("quality.columns[column=temp].production.mean", mean(temp)),
        eq(f"warnings[message~={note}].file", "production.csv"))


@case
def utf16_le_bom():
    c = Case("utf16_le_bom", "1,5",
             "production saved as UTF-16 LE with a BOM (Excel 'Unicode text'): decoded, same accented "
             "categories and numbers as the UTF-8 reference, a note names the encoding")
    encoding_case(c, "utf-16-le-bom", "UTF-16")
    c.set(page=True)
    return c


@case
def utf16_le_no_bom():
    c = Case("utf16_le_no_bom", "1,5",
             "production in UTF-16 LE without a BOM: recognised from its NUL pattern and decoded")
    encoding_case(c, "utf-16-le", "UTF-16")
    return c


@case
def utf16_be_bom():
    c = Case("utf16_be_bom", "1,5", "production in UTF-16 BE with a BOM: decoded")
    encoding_case(c, "utf-16-be-bom", "UTF-16")
    return c


@case
def latin1_production():
    c = Case("latin1_production", "1",
             "production in Latin-1 (not valid UTF-8): decoded as Latin-1 with a warning; `München` is the "
             "same category as in the UTF-8 reference (no new categories)")
    encoding_case(c, "latin-1", "Latin-1")
    return c


@case
def utf8_bom_crlf():
    c = Case("utf8_bom_crlf", "1",
             "reference with a UTF-8 BOM and CRLF line ends: the first column is `temperature`, not "
             "`\\ufefftemperature`, and it matches production's column")
    rng = c.rng
    n = 150
    t = [round(rng.gauss(20, 4), 1) for _ in range(n)]
    k = [rng.choice(["x", "y"]) for _ in range(n)]
    rows = list(zip(t, k))
    prod = perm(rng, rows)
    c.csv("reference.csv", ["temperature", "kind_code"], [[f(a, 1), b] for a, b in rows], enc="utf-8-bom", eol="\r\n")
    c.csv("production.csv", ["temperature", "kind_code"], [[f(a, 1), b] for a, b in prod])
    c.j(eq("columns[0].name", "temperature"),
        eq("drift.columns[column=temperature].kind", "numeric"),
        eq("drift.columns[column=temperature].drifted", False),
        absent("schema_drift"),
        eq("inputs.reference.rows", n))
    return c


# ---------------------------------------------------------------------------------------------
# Item 1: timestamps
# ---------------------------------------------------------------------------------------------


def timed_rows(rng, start, n, step_s):
    """n rows `step_s` apart from `start` (+ jitter), with a classifier's target and prediction."""
    y, yh = binary(rng, n, n // 3, n // 15, n // 15)
    ts = [start + i * step_s + rng.randint(0, step_s // 2) for i in range(n)]
    x = [f(rng.gauss(10, 2)) for _ in range(n)]
    seg = [rng.choice(["a", "b", "c"]) for _ in range(n)]
    return ts, x, seg, y, yh


@case
def timestamp_impossible_date():
    c = Case("timestamp_impossible_date", "1",
             "one impossible date (`2024-02-30`) in production's `timestamp`: it keeps the timestamp role "
             "(excluded from drift, not a feature), the cell is invalid and named, chunks are time chunks")
    rng = c.rng
    hdr = ["timestamp", "x", "segment_code", "target", "prediction"]
    for side, start in (("reference", epoch_of(2023, 11, 6)), ("production", epoch_of(2024, 1, 29))):
        ts, x, seg, y, yh = timed_rows(rng, int(start), 280, 4 * 3600)
        tt = [stamp(t) for t in ts]
        if side == "production":
            tt[100] = "2024-02-30T10:00:00"
        c.csv(f"{side}.csv", hdr, [list(r) for r in zip(tt, x, seg, y, yh)])
    c.j(eq("columns[name=timestamp].role", "timestamp"),
        eq("columns[name=timestamp].kind", "datetime"),
        absent("drift.columns[column=timestamp]"),
        has("drift.excluded[column=timestamp].reason", "timestamp"),
        eq("quality.columns[column=timestamp].production.invalid", 1),
        eq("warnings[message~=2024-02-30].row", 102),
        eq("warnings[message~=2024-02-30].column", "timestamp"),
        eq("drift.n_features", 2),
        has("chunks[0].label", "2024-"),
        lacks("chunks[0].label", "chunk"))
    c.set(page=True)
    return c


@case
def timestamp_epoch_ms():
    c = Case("timestamp_epoch_ms", "1",
             "`event_time` holds epoch milliseconds: read as datetimes (timestamp role, excluded from "
             "drift), the last timestamp and the time chunks come from it")
    rng = c.rng
    hdr = ["event_time", "x", "segment_code", "target", "prediction"]
    last = None
    for side, start in (("reference", epoch_of(2024, 3, 4)), ("production", epoch_of(2024, 5, 6))):
        ts, x, seg, y, yh = timed_rows(rng, int(start), 250, 3 * 3600)
        ms = [t * 1000 + rng.randint(0, 999) for t in ts]
        c.csv(f"{side}.csv", hdr, [list(r) for r in zip(ms, x, seg, y, yh)])
        last = max(ms) / 1000
    c.j(eq("columns[name=event_time].role", "timestamp"),
        eq("columns[name=event_time].kind", "datetime"),
        absent("drift.columns[column=event_time]"),
        eq("last_timestamp", iso(last)),
        has("chunks[0].label", "2024-"))
    return c


@case
def timestamp_epoch_seconds():
    c = Case("timestamp_epoch_seconds", "1",
             "`created_at` holds epoch seconds: a timestamp, not a numeric feature")
    rng = c.rng
    hdr = ["created_at", "x", "segment_code", "target", "prediction"]
    last = None
    for side, start in (("reference", epoch_of(2024, 6, 3)), ("production", epoch_of(2024, 7, 1))):
        ts, x, seg, y, yh = timed_rows(rng, int(start), 200, 3 * 3600)
        c.csv(f"{side}.csv", hdr, [list(r) for r in zip(ts, x, seg, y, yh)])
        last = max(ts)
    c.j(eq("columns[name=created_at].role", "timestamp"),
        eq("columns[name=created_at].kind", "datetime"),
        absent("drift.columns[column=created_at]"),
        eq("last_timestamp", iso(last)),
        eq("drift.n_features", 2))
    return c


@case
def timestamp_mixed_iso():
    c = Case("timestamp_mixed_iso", "1",
             "`timestamp` mixes ISO forms (date only, `T`/space, `Z`, `+01:00`, fractional seconds, `/` "
             "dates): every cell is valid, the role is timestamp, the last timestamp is right")
    rng = c.rng
    hdr = ["timestamp", "x", "segment_code", "target", "prediction"]
    last = None
    for side, start in (("reference", epoch_of(2024, 3, 1)), ("production", epoch_of(2024, 4, 1))):
        ts, x, seg, y, yh = timed_rows(rng, int(start), 240, 2 * 3600)
        cells, real = [], []
        for i, t in enumerate(ts):
            d = datetime.fromtimestamp(t, tz=timezone.utc)
            k = i % 6
            if k == 0:
                cells.append(d.strftime("%Y-%m-%dT%H:%M:%S"))
                real.append(t)
            elif k == 1:
                cells.append(d.strftime("%Y-%m-%d %H:%M:%S") + ".250")
                real.append(t + 0.25)
            elif k == 2:
                cells.append(d.strftime("%Y-%m-%dT%H:%M:%SZ"))
                real.append(t)
            elif k == 3:
                d1 = datetime.fromtimestamp(t + 3600, tz=timezone.utc)
                cells.append(d1.strftime("%Y-%m-%dT%H:%M:%S") + "+01:00")
                real.append(t)
            elif k == 4:
                cells.append(d.strftime("%Y/%m/%d %H:%M"))
                real.append(t - d.second)
            else:
                cells.append(d.strftime("%Y-%m-%dT%H:%M:%S.123456"))
                real.append(t + 0.123456)
        c.csv(f"{side}.csv", hdr, [list(r) for r in zip(cells, x, seg, y, yh)])
        last = max(real)
    c.j(eq("columns[name=timestamp].role", "timestamp"),
        eq("columns[name=timestamp].kind", "datetime"),
        absent("quality.columns[column=timestamp].production.invalid"),
        absent("quality.columns[column=timestamp].reference.invalid"),
        eq("last_timestamp", iso(last)),
        has("chunks[0].label", "2024-"))
    return c


@case
def timestamp_year_9999():
    c = Case("timestamp_year_9999", "5",
             "one `9999-12-31` (a 'never' placeholder) in production's timestamps: the role stays, a "
             "warning names the absurd year, and the report still finishes quickly")
    rng = c.rng
    hdr = ["timestamp", "x", "segment_code", "target", "prediction"]
    for side, start in (("reference", epoch_of(2024, 2, 5)), ("production", epoch_of(2024, 3, 4))):
        ts, x, seg, y, yh = timed_rows(rng, int(start), 200, 3 * 3600)
        tt = [stamp(t) for t in ts]
        if side == "production":
            tt[150] = "9999-12-31"
        c.csv(f"{side}.csv", hdr, [list(r) for r in zip(tt, x, seg, y, yh)])
    c.j(eq("columns[name=timestamp].role", "timestamp"),
        eq("warnings[message~=9999].column", "timestamp"),
        eq("warnings[message~=9999].file", "production.csv"))
    c.set(max_seconds=20)
    return c


# ---------------------------------------------------------------------------------------------
# Item 4: every column accounted for
# ---------------------------------------------------------------------------------------------


@case
def period_constant_per_file():
    c = Case("period_constant_per_file", "4",
             "`period` = reference / analysis (constant within each file): excluded with its reason, never "
             "the card's headline; the headline names a real feature")
    rng = c.rng
    n = 200
    x1r = gauss(rng, n, 100, 15)
    x1p = gauss(rng, n, 112, 15)
    x2 = gauss(rng, n, 3, 1)
    col = [rng.choice(["red", "green", "blue"]) for _ in range(n)]
    c.csv("reference.csv", ["period", "x1", "x2", "color"],
          [["reference", f(a), f(b), cc] for a, b, cc in zip(x1r, x2, col)])
    x2p = perm(rng, list(zip(x2, col)))
    c.csv("production.csv", ["period", "x1", "x2", "color"],
          [["analysis", f(a), f(b), cc] for a, (b, cc) in zip(x1p, x2p)])
    c.j(absent("drift.columns[column=period]"),
        has("drift.excluded[column=period].reason", "constant within each file"),
        eq("drift.n_features", 3))
    c.set(card=["- Drift: ", "`x1`)", "`period`: constant within each file"],
          card_absent=["`period`)", "`period`: new categories"], page=True)
    return c


@case
def constant_column():
    c = Case("constant_column", "4",
             "`source` = web and `schema_v` = 1 in every row of both files: excluded as constant, listed "
             "with the reason in the JSON and the card")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    hdr = ["age", "balance", "plan", "source", "schema_v"]
    c.csv("reference.csv", hdr, [[a, f(b), p, "web", 1] for a, b, p in rows])
    c.csv("production.csv", hdr, [[a, f(b), p, "web", 1] for a, b, p in prod])
    c.j(absent("drift.columns[column=source]"),
        has("drift.excluded[column=source].reason", "constant"),
        has("drift.excluded[column=schema_v].reason", "constant"),
        eq("drift.n_features", 3))
    c.set(card=["`source`: constant", "`schema_v`: constant"])
    return c


@case
def all_missing_column():
    c = Case("all_missing_column", "4",
             "`notes` is empty and `legacy_score` is NA in every row of both files: excluded as all missing")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    hdr = ["age", "balance", "plan", "notes", "legacy_score"]
    c.csv("reference.csv", hdr, [[a, f(b), p, "", "NA"] for a, b, p in rows])
    c.csv("production.csv", hdr, [[a, f(b), p, "", "NA"] for a, b, p in prod])
    c.j(absent("drift.columns[column=notes]"),
        has("drift.excluded[column=notes].reason", "missing"),
        has("drift.excluded[column=legacy_score].reason", "missing"),
        eq("drift.n_features", 3))
    c.set(card=["`notes`: all values missing"])
    return c


@case
def schema_drift_one_file():
    c = Case("schema_drift_one_file", "4",
             "`new_feature` only in production and `old_feature` only in the reference: schema drift in the "
             "JSON, the warnings and the card, each excluded with its reason")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    c.csv("reference.csv", ["age", "balance", "plan", "old_feature"],
          [[a, f(b), p, f(rng.gauss(0, 1))] for a, b, p in rows])
    c.csv("production.csv", ["age", "balance", "plan", "new_feature"],
          [[a, f(b), p, f(rng.gauss(0, 1))] for a, b, p in prod])
    c.j(has("schema_drift.only_in_production", "new_feature"),
        has("schema_drift.only_in_reference", "old_feature"),
        has("drift.excluded[column=new_feature].reason", "schema drift"),
        has("drift.excluded[column=old_feature].reason", "schema drift"),
        eq("warnings[column=new_feature].file", "reference.csv"),
        eq("drift.n_features", 3))
    c.set(card=["only in production: `new_feature`", "only in the reference: `old_feature`"])
    return c


@case
def no_header_both_files():
    c = Case("no_header_both_files", "1",
             "both files written without a header row (`df.to_csv(header=False)`): the first line is read as "
             "data (row 1), the columns are named `column_1` … by position in both, every column is tested, and "
             "a warning in the JSON and the card says so")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    for side, feats in (("reference", rows), ("production", prod)):
        c.raw(f"{side}.csv", "".join(f"{a},{f(b)},{p}\n" for a, b, p in feats).encode())
    c.j(eq("inputs.reference.rows", n), eq("inputs.production.rows", n), eq("drift.n_features", 3),
        eq("drift.columns[column=column_2].kind", "numeric"),
        eq("drift.columns[column=column_3].kind", "categorical"),
        has("warnings[file=reference.csv].message", "no header row"),
        has("warnings[file=production.csv].message", "no header row"),
        absent("schema_drift"))
    c.set(card=["no header row", "by position"], page=True)
    return c


@case
def no_header_production():
    c = Case("no_header_production", "1",
             "the reference has a header and production, with as many columns, has none: production's first "
             "line is data (row 1) and its columns take the reference's names by position (no schema drift), "
             "with a warning saying so")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    c.csv("reference.csv", ["age", "balance", "plan"], [[a, f(b), p] for a, b, p in rows])
    c.raw("production.csv", "".join(f"{a},{f(b)},{p}\n" for a, b, p in prod).encode())
    c.j(eq("inputs.production.rows", n), eq("drift.n_features", 3),
        eq("drift.columns[column=balance].n_prod", n),
        has("warnings[file=production.csv].message", "take the names of reference.csv by position"),
        absent("schema_drift"))
    c.set(card=["take the names of reference.csv by position"], page=True)
    return c


@case
def space_separated_aligned():
    c = Case("space_separated_aligned", "1",
             "both files are space-separated tables (statsmodels' `spector.csv`, `.dat` exports): columns padded "
             "with runs of spaces, a quoted city with a space inside: read as four columns with the same values "
             "in both files (nothing drifts), and a warning says how the files were read")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    cities = ["New York", "Oslo", "Rio de Janeiro"]
    for side, feats in (("reference", rows), ("production", prod)):
        lines = [f"{'age':>5}  {'balance':>10}  {'plan':>8}  city"]
        for a, b, p in feats:
            lines.append(f"{a:>5}  {f(b):>10}  {p:>8}  \"{cities[(a + len(p)) % 3]}\"")
        c.raw(f"{side}.csv", ("\n".join(lines) + "\n").encode())
    c.j(eq("drift.n_features", 4), eq("drift.n_drifted", 0),
        eq("drift.columns[column=balance].kind", "numeric"),
        eq("drift.columns[column=city].kind", "categorical"),
        has("warnings[file=production.csv].message", "read as space-separated columns"),
        absent("schema_drift"))
    c.set(card=["read as space-separated columns"], page=True)
    return c


@case
def pandas_index_column():
    c = Case("pandas_index_column", "4",
             "both files written by pandas' `to_csv()` with the index: a first column without a name holding "
             "0, 1, 2, … (production's continuing from the reference's): the row id, not a feature, so it "
             "neither drifts nor counts in the drift share")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    c.csv("reference.csv", ["", "age", "balance", "plan"], [[i, a, f(b), p] for i, (a, b, p) in enumerate(rows)])
    c.csv("production.csv", ["", "age", "balance", "plan"],
          [[n + i, a, f(b), p] for i, (a, b, p) in enumerate(prod)])
    c.j(eq("drift.n_features", 3), eq("drift.n_drifted", 0), eq("drift.dataset_drift", False),
        has("columns[name=column_1].reason", "row number"),
        eq("columns[name=column_1].role", "id"))
    c.set(page=True)
    return c


@case
def gzip_production():
    c = Case("gzip_production", "1",
             "production is gzip-compressed (a `.csv.gz` kept as it was exported, here under a .csv name): "
             "decompressed while reading, the same values as the plain reference (nothing drifts), and a "
             "warning says so")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    c.csv("reference.csv", ["age", "balance", "plan"], [[a, f(b), p] for a, b, p in rows])
    text = csv_text(["age", "balance", "plan"], [[a, f(b), p] for a, b, p in prod])
    c.raw("production.csv", gzip.compress(text.encode(), compresslevel=9, mtime=0))
    c.j(eq("inputs.production.rows", n), eq("drift.n_features", 3), eq("drift.n_drifted", 0),
        has("warnings[file=production.csv].message", "gzip-compressed"))
    c.set(card=["gzip-compressed"], page=True)
    return c


@case
def excel_sep_hint():
    c = Case("excel_sep_hint", "1",
             "production saved from Excel with its `sep=;` first line and decimal commas: the hint names the "
             "delimiter and is not read as data or as the header, the values equal the reference's (nothing "
             "drifts), and a warning says so")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    c.csv("reference.csv", ["age", "balance", "plan"], [[a, f(b), p] for a, b, p in rows])
    text = csv_text(["age", "balance", "plan"], [[a, f(b).replace(".", ","), p] for a, b, p in prod], delim=";")
    c.raw("production.csv", ("sep=;\r\n" + text.replace("\n", "\r\n")).encode())
    c.j(eq("inputs.production.rows", n), eq("drift.n_features", 3), eq("drift.n_drifted", 0),
        eq("drift.columns[column=balance].kind", "numeric"),
        has("warnings[file=production.csv].message", "delimiter hint"),
        absent("schema_drift"))
    c.set(card=["delimiter hint"])
    return c


@case
def r_write_table_row_names():
    c = Case("r_write_table_row_names", "1",
             "both files written by R's `write.table()` with its defaults: space-separated, strings quoted, "
             "and row names first with no name for them in the header (one name fewer than each row has "
             "fields): the first column is read as `column_1` (the row numbers 1, 2, … of each file: the row "
             "id), the others keep their names and values (nothing drifts), and a warning says so")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    for side, feats in (("reference", rows), ("production", prod)):
        lines = ['"age" "balance" "plan"']
        for i, (a, b, p) in enumerate(feats):
            lines.append(f'"{i + 1}" {a} {f(b)} "{p}"')
        c.raw(f"{side}.csv", ("\n".join(lines) + "\n").encode())
    c.j(eq("drift.n_features", 3), eq("drift.n_drifted", 0),
        eq("columns[name=column_1].role", "id"),
        eq("drift.columns[column=balance].kind", "numeric"),
        has("warnings[row=1].message", "the first column has no name"),
        absent("schema_drift"))
    c.set(card=["the first column has no name"])
    return c


@case
def month_name_dates():
    c = Case("month_name_dates", "4",
             "dates written with month names as vega's `stocks.csv` (`Jan 1 2000`) and SAS's `DATE9.` "
             "(`01JAN2000`), and as `YYYYMMDD` integers in a column named like a date (statsmodels' "
             "`co2.csv`), are dates: the first orders the rows (the timestamp), the others are date columns "
             "left out of the drift tests, and none is tested as a categorical or numeric feature")
    rng = c.rng
    n = 120
    rows, prod = stable_features(rng, n)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for side, feats, year in (("reference", rows, 2000), ("production", prod, 2001)):
        out = []
        for i, (a, b, p) in enumerate(feats):
            m, d = i % 12, 1 + i // 12
            out.append([f"{months[m]} {d} {year}", f"{d:02d}{months[m].upper()}{year}",
                        f"{year - 1}{m + 1:02d}{d:02d}", a, f(b), p])
        c.csv(f"{side}.csv", ["date", "signup", "order_date", "age", "balance", "plan"], out)
    c.j(eq("columns[name=date].kind", "datetime"), eq("columns[name=date].role", "timestamp"),
        eq("columns[name=signup].kind", "datetime"), eq("columns[name=order_date].kind", "datetime"),
        has("warnings[column=order_date].message", "dates without separators"),
        eq("drift.n_features", 3), eq("drift.n_drifted", 0))
    return c


@case
def panel_id_repeats():
    c = Case("panel_id_repeats", "4",
             "a panel (lifelines' `stanford_heart`, `recur`): `id` repeats, each patient on several rows, "
             "and production holds other patients: a key shared by a patient's rows, left out with its "
             "reason rather than tested (it would always drift); `item_id` repeats too but names a "
             "category of the row and stays a feature")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    items = [rng.randint(1, 6) for _ in range(n)]
    prod_items = perm(rng, items)
    c.csv("reference.csv", ["id", "item_id", "age", "balance", "plan"],
          [[i // 3, it, a, f(b), p] for i, ((a, b, p), it) in enumerate(zip(rows, items))])
    c.csv("production.csv", ["id", "item_id", "age", "balance", "plan"],
          [[1000 + i // 3, it, a, f(b), p] for i, ((a, b, p), it) in enumerate(zip(prod, prod_items))])
    c.j(eq("columns[name=id].role", "ignore"), has("columns[name=id].reason", "values repeat"),
        eq("columns[name=item_id].role", "feature"),
        eq("drift.n_features", 4), eq("drift.n_drifted", 0))
    return c


@case
def comment_lines_before_header():
    c = Case("comment_lines_before_header", "1",
             "reference saved by `np.savetxt(header=...)` (the names on a `# ` comment line), production "
             "exported with a Google-Analytics-style preamble of `#` lines and a blank line before the header: "
             "the comments are not data, the names are read from the comment where it holds them, the values "
             "are the same in both files (nothing drifts), and a warning says so")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    ref = "# age,balance\n" + "".join(f"{a:.1f},{f(b)}\n" for a, b, _ in rows)
    c.raw("reference.csv", ref.encode())
    out = "# ----------------------------------------\n# All Web Site Data\n# 20240101-20240131\n" \
          "# ----------------------------------------\n\nage,balance\n" + \
          "".join(f"{a:.1f},{f(b)}\n" for a, b, _ in prod)
    c.raw("production.csv", out.encode())
    c.j(eq("inputs.reference.rows", n), eq("inputs.production.rows", n),
        eq("drift.n_features", 2), eq("drift.n_drifted", 0),
        has("warnings[file=reference.csv].message", "names the columns"),
        has("warnings[file=production.csv].message", "comments before the header"),
        absent("schema_drift"))
    c.set(card=["comments before the header"])
    return c


@case
def text_and_id_excluded():
    c = Case("text_and_id_excluded", "4",
             "`ticket_id` (unique) and `comment` (free text) are left out of the drift tests, each listed "
             "with its reason")
    rng = c.rng
    n = 150
    rows, prod = stable_features(rng, n)
    words = ["slow", "app", "crash", "login", "refund", "great", "support", "billing", "error", "late"]
    for side, feats, off in (("reference", rows, 0), ("production", prod, 500)):
        c.csv(f"{side}.csv", ["ticket_id", "age", "balance", "plan", "comment"],
              [[f"T-{off + i:05d}", a, f(b), p, " ".join(rng.choice(words) for _ in range(6)) + f" #{off + i}"]
               for i, (a, b, p) in enumerate(feats)])
    c.j(eq("drift.excluded[column=ticket_id].role", "id"),
        eq("drift.excluded[column=comment].kind", "text"),
        has("drift.excluded[column=comment].reason", "text"),
        absent("drift.columns[column=comment]"),
        eq("drift.n_features", 3))
    c.set(card=["`ticket_id`: identifier", "`comment`: free text"])
    return c


# ---------------------------------------------------------------------------------------------
# Item 5: errors that stop, clearly
# ---------------------------------------------------------------------------------------------


def small_pair(c, n=120):
    rng = c.rng
    rows, prod = stable_features(rng, n)
    hdr = ["age", "balance", "plan"]
    c.csv("reference.csv", hdr, [[a, f(b), p] for a, b, p in rows])
    c.csv("production.csv", hdr, [[a, f(b), p] for a, b, p in prod])


@case
def err_no_analysable_column():
    c = Case("err_no_analysable_column", "5",
             "files with only an id and a free-text column: nothing can be analysed, exit 2 with a message "
             "naming the columns and why (not '0 of 0 features')")
    rng = c.rng
    words = ["ok", "late", "broken", "refund", "thanks", "call", "me", "again", "please", "now"]
    for side, off in (("reference", 0), ("production", 1000)):
        c.csv(f"{side}.csv", ["id", "comment"],
              [[off + i, " ".join(rng.choice(words) for _ in range(5)) + f" ({off + i})"] for i in range(80)])
    c.set(exit=2, stderr=["can be analysed", "`comment`", "`id`"], page=True)
    return c


@case
def err_target_nope():
    c = Case("err_target_nope", "5", "`--target nope` names no column: exit 2 naming `nope`")
    small_pair(c)
    c.set(args=["--target", "nope"], exit=2, stderr=["nope", "roles.target"])
    return c


@case
def err_config_drift_column_nope():
    c = Case("err_config_drift_column_nope", "5",
             "config `drift.columns.nope` (a typo) names no column: exit 2 naming the key and the column")
    small_pair(c)
    c.config({"drift": {"columns": {"nope": {"method": "psi"}}}})
    c.set(exit=2, stderr=["drift.columns.nope", "`nope`"])
    return c


@case
def err_config_group_nope():
    c = Case("err_config_group_nope", "5", "config `roles.group` names `sexx` (no such column): exit 2 naming it")
    small_pair(c)
    c.config({"roles": {"group": ["sexx"]}})
    c.set(exit=2, stderr=["roles.group", "`sexx`"])
    return c


@case
def err_config_kind_nope():
    c = Case("err_config_kind_nope", "5", "config `kinds.agee` (a typo of `age`): exit 2 naming it")
    small_pair(c)
    c.config({"kinds": {"agee": "numeric"}})
    c.set(exit=2, stderr=["kinds.agee", "`agee`"])
    return c


@case
def err_ks_on_categorical():
    c = Case("err_ks_on_categorical", "5",
             "config asks `ks` for the categorical column `plan`: rejected when the settings are read, exit 2 "
             "naming the column, the method and the kind")
    small_pair(c)
    c.config({"drift": {"columns": {"plan": {"method": "ks"}}}})
    c.set(exit=2, stderr=["`ks`", "`plan`", "categorical"])
    return c


@case
def err_header_only_production():
    c = Case("err_header_only_production", "5", "production has a header and no rows: exit 2 naming the file")
    small_pair(c)
    c.raw("production.csv", b"age,balance,plan\n")
    c.set(exit=2, stderr=["production.csv", "no data rows"])
    return c


@case
def err_ragged_production():
    c = Case("err_ragged_production", "5",
             "production's rows have the wrong number of fields (a broken export): exit 2 naming the file and "
             "the first bad row")
    small_pair(c)
    lines = ["age,balance,plan"]
    for i in range(20):
        lines.append(f"{30 + i},{1000 + i}.5,basic" if i % 3 else f"{30 + i},{1000 + i}.5")
    c.raw("production.csv", ("\n".join(lines) + "\n").encode())
    c.set(exit=2, stderr=["production.csv row 2", "expected 3 fields"])
    return c


@case
def err_first_line_not_header():
    c = Case("err_first_line_not_header", "5",
             "the reference starts with a count line (`120,3,basic,premium`, as scikit-learn's bundled CSVs do) "
             "and has no header: exit 2 saying the first line is not a header row for the data below it")
    rng = c.rng
    rows, _ = stable_features(rng, 120)
    small_pair(c)
    c.raw("reference.csv", ("120,3,basic,premium\n" + "".join(f"{a},{f(b)},{p}\n" for a, b, p in rows)).encode())
    c.set(exit=2, stderr=["reference.csv: the first line has 4 fields but all 120 data rows have 3",
                          "not a header row"])
    return c


@case
def err_notes_above_table():
    c = Case("err_notes_above_table", "5",
             "production is a statistics office's export (statsmodels' `unemp.csv`): lines of notes above the "
             "table, then its header and rows: exit 2 saying the lines above the table's header row look like "
             "notes and naming the row where the table starts")
    rng = c.rng
    rows, _ = stable_features(rng, 120)
    small_pair(c)
    notes = "Series Id:           LNS14000000Q\n\nSeasonally Adjusted\nType of data:        Percent or rate\n\n"
    c.raw("production.csv", (notes + "age,balance,plan\n" +
                             "".join(f"{a},{f(b)},{p}\n" for a, b, p in rows)).encode())
    c.set(exit=2, stderr=["production.csv: from row 4 on, all 121 rows have 3 fields",
                          "notes or a title above the table"])
    return c


@case
def err_fixed_width_spaces_inside():
    c = Case("err_fixed_width_spaces_inside", "5",
             "both files are fixed-width tables whose values hold spaces (lifelines' `divorce.dat`: "
             "`12-15 years`): no delimiter splits the lines alike, each file is one column of distinct "
             "lines: exit 2 saying so and suggesting a fixed-width table, not a report on one text column")
    rng = c.rng
    edu = ["< 12 years", "12-15 years", "16+ years"]
    for side in ("reference", "production"):
        lines = [f"{'id':>8}{'heduc':>14}{'years':>10}"]
        for i in range(120):
            lines.append(f"{i:>8}{rng.choice(edu):>14}{rng.uniform(0, 40):>10.3f}")
        c.raw(f"{side}.csv", ("\n".join(lines) + "\n").encode())
    c.set(exit=2, stderr=["Each file was read as one column", "fixed-width table"])
    return c


@case
def err_empty_reference():
    c = Case("err_empty_reference", "5", "the reference file is empty (0 bytes): exit 2 naming it")
    small_pair(c)
    c.raw("reference.csv", b"")
    c.set(exit=2, stderr=["reference.csv is empty"])
    return c


@case
def err_binary_reference():
    c = Case("err_binary_reference", "5",
             "the reference is a PNG renamed .csv: exit 2 saying it is not a CSV text file")
    small_pair(c)
    c.raw("reference.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    c.set(exit=2, stderr=["reference.csv does not look like a CSV"])
    return c


@case
def err_card_dev_full():
    c = Case("err_card_dev_full", "5", "`--card /dev/full` (a full disk): the write fails, exit 2 naming the path")
    small_pair(c)
    c.set(args=["--card", "/dev/full"], exit=2, stderr=["could not write", "/dev/full"], cli_only=True)
    return c


@case
def err_json_dev_full():
    c = Case("err_json_dev_full", "5", "`--json /dev/full`: the write fails, exit 2 naming the path")
    small_pair(c)
    c.set(args=["--json", "/dev/full"], exit=2, stderr=["could not write", "/dev/full"], cli_only=True)
    return c


@case
def err_stdout_dev_full():
    c = Case("err_stdout_dev_full", "5",
             "no output file, so the card goes to standard output, which is /dev/full: exit 2 with a message")
    small_pair(c)
    c.set(exit=2, stderr=["standard output"], cli_only=True, stdout_dev_full=True)
    return c


@case
def non_utf8_path():
    c = Case("non_utf8_path", "5",
             "the input files are given by paths that are not valid UTF-8 (copied at test time to names with "
             "a 0xFF byte): read as the OS gives them, exit 0")
    small_pair(c)
    c.j(eq("drift.n_features", 3), has("inputs.reference.name", "\ufffd"))
    c.set(cli_only=True, non_utf8_paths=True)
    return c


@case
def duplicate_headers_4000():
    c = Case("duplicate_headers_4000", "5",
             "4 000 columns all named `f` (written by the runner at test time): renamed f, f_2 … f_4000 in "
             "linear time, the whole report in seconds")
    c.set(generate={"kind": "duplicate_headers", "name": "f", "columns": 4000, "rows": 20}, max_seconds=30)
    c.j(eq("inputs.reference.columns", 4000),
        eq("columns[0].name", "f"),
        eq("columns[3999].name", "f_4000"),
        eq("warnings[message~=3999 duplicate].file", "reference.csv"))
    c.set(max_bytes={"card": 200000})
    return c


@case
def new_categories_200():
    c = Case("new_categories_200", "5",
             "200 merchants appear only in production: the reason and the JSON list the 10 most frequent "
             "and say how many more; the card and the JSON stay short")
    rng = c.rng
    old = [f"shop_{k:02d}" for k in range(1, 11)]
    ref = [[rng.choice(old), f(rng.uniform(5, 200))] for _ in range(300)]
    prod = [[rng.choice(old), f(rng.uniform(5, 200))] for _ in range(200)]
    for k in range(1, 201):
        for _ in range(5 if k <= 5 else 1):
            prod.append([f"shop_new_{k:03d}", f(rng.uniform(5, 200))])
    prod = perm(rng, prod)
    c.csv("reference.csv", ["merchant", "amount"], ref)
    c.csv("production.csv", ["merchant", "amount"], prod)
    c.j(eq("drift.columns[column=merchant].kind", "categorical"),
        eq("quality.columns[column=merchant].new_category_count", 200),
        length("quality.columns[column=merchant].new_categories", 10),
        eq("quality.columns[column=merchant].new_categories[0]", "shop_new_001"),
        has("quality.columns[column=merchant].new_categories", "shop_new_010"),
        has("drift.columns[column=merchant].reason", "and 190 more"),
        eq("drift.columns[column=merchant].drifted", True))
    c.set(card_absent=["shop_new_011", "shop_new_200"], json_text_absent=["shop_new_011", "shop_new_200"],
          max_bytes={"json": 200000, "card": 20000}, page=True)
    return c


@case
def huge_cell_5mb():
    c = Case("huge_cell_5mb", "5",
             "one 5 MB cell in production's categorical `merchant` (expanded by the runner at test time): "
             "the JSON and the card stay small")
    rng = c.rng
    old = [f"shop_{k:02d}" for k in range(1, 8)]
    ref = [[rng.choice(old), f(rng.uniform(5, 200))] for _ in range(200)]
    prod = [[rng.choice(old), f(rng.uniform(5, 200))] for _ in range(200)]
    prod[42][0] = "@@HUGE@@"
    c.csv("reference.csv", ["merchant", "amount"], ref)
    c.csv("production.csv", ["merchant", "amount"], prod)
    c.set(expand={"file": "production.csv", "token": "@@HUGE@@", "char": "Z", "bytes": 5000000},
          max_bytes={"json": 200000, "card": 20000}, max_seconds=30)
    c.j(eq("drift.columns[column=merchant].kind", "categorical"),
        eq("inputs.production.rows", 200))
    c.set(json_text_absent=["Z" * 100])
    return c


# ---------------------------------------------------------------------------------------------
# Item 6: late labels
# ---------------------------------------------------------------------------------------------


@case
def labels_join():
    c = Case("labels_join", "6",
             "production has predictions but no target; labels.csv (request_id, label, labelled_at) labels "
             "150 of 200 rows, has 10 unknown ids and 5 ids labelled twice (the later label wins): coverage, "
             "counts and accuracy on the labelled rows")
    rng = c.rng
    n = 200
    ref_f, prod_f = stable_features(rng, n)
    y_r, yh_r = binary(rng, n, 70, 12, 12)
    t_ref, t_prod = epoch_of(2024, 4, 1), epoch_of(2024, 5, 13)
    c.csv("reference.csv", ["request_id", "timestamp", "age", "balance", "plan", "label", "prediction"],
          [[f"r{i:04d}", stamp(t_ref + 7200 * i), a, f(b), p, t, h]
           for i, ((a, b, p), t, h) in enumerate(zip(ref_f, y_r, yh_r))])
    y_p, yh_p = binary(rng, n, 70, 20, 10)
    ids = [f"p{i:04d}" for i in range(n)]
    # Two hours apart: 12 rows a day over 17 days, so the chunks are days.
    c.csv("production.csv", ["request_id", "timestamp", "age", "balance", "plan", "prediction"],
          [[ids[i], stamp(t_prod + 7200 * i), a, f(b), p, h] for i, ((a, b, p), h) in enumerate(zip(prod_f, yh_p))])
    labelled = sorted(rng.sample(range(n), 150))
    lab_rows = []
    t0 = epoch_of(2024, 6, 1)
    final = {}
    for k, i in enumerate(labelled):
        lab_rows.append([ids[i], y_p[i], day(t0 + 86400 * (k % 20))])
        final[i] = y_p[i]
    dups = rng.sample(labelled, 5)
    for i in dups:
        # An earlier, wrong label first... then the later (right) one is already in the file:
        # write the wrong one with an earlier date.
        lab_rows.append([ids[i], 1 - y_p[i], day(t0 - 86400 * 5)])
    for k in range(10):
        lab_rows.append([f"x{k:04d}", rng.randint(0, 1), day(t0 + 86400 * k)])
    lab_rows = perm(rng, lab_rows)
    c.csv("labels.csv", ["request_id", "label", "labelled_at"], lab_rows)
    acc = accuracy([final[i] for i in labelled], [yh_p[i] for i in labelled])
    c.j(eq("labels.matched_rows", 150),
        eq("labels.labelled_rows", 150),
        approx("labels.coverage", 0.75),
        eq("labels.unmatched_ids", 10),
        eq("labels.duplicate_ids", 5),
        eq("labels.conflicts", 0),
        eq("labels.id_column", "request_id"),
        eq("labels.target_column", "label"),
        eq("classification.production.n_labeled", 150),
        approx("classification.production.accuracy", acc),
        eq("chunks[0].label", day(t_prod)),
        eq("chunks[0].rows", 12),
        eq("chunks[0].n_labeled", sum(1 for i in labelled if i < 12)),
        eq("chunks[16].label", day(t_prod + 16 * 86400)),
        eq("chunks[16].n_labeled", sum(1 for i in labelled if i >= 192)),
        approx("classification.reference.accuracy", accuracy(y_r, yh_r)))
    c.set(card=["Late labels", "150 of 200 production rows labelled", "10 label rows match no production row"], page=True)
    return c


@case
def labels_join_conflicts_as_values():
    c = Case("labels_join_conflicts_as_values", "6,2",
             "`--id txn` (a name not like an id); production already has its own 0/1 `label` on 60 rows and "
             "the labels file writes 0.0/1.0: only the 7 labels that differ as values are conflicts")
    rng = c.rng
    n = 160
    ref_f, prod_f = stable_features(rng, n)
    y_r, yh_r = binary(rng, n, 50, 10, 10)
    c.csv("reference.csv", ["txn", "age", "balance", "plan", "label", "prediction"],
          [[70000 + i, a, f(b), p, t, h] for i, ((a, b, p), t, h) in enumerate(zip(ref_f, y_r, yh_r))])
    y_p, yh_p = binary(rng, n, 50, 12, 8)
    own = {}
    for i in sorted(rng.sample(range(n), 60)):
        own[i] = y_p[i]
    flipped = set(rng.sample(sorted(own), 7))
    c.csv("production.csv", ["txn", "age", "balance", "plan", "label", "prediction"],
          [[90000 + i, a, f(b), p, ((1 - own[i]) if i in flipped else own[i]) if i in own else "", h]
           for i, ((a, b, p), h) in enumerate(zip(prod_f, yh_p))])
    lab = sorted(set(own) | set(rng.sample(range(n), 60)))
    c.csv("labels.csv", ["txn", "label"], [[90000 + i, f"{y_p[i]}.0"] for i in perm(rng, lab)])
    c.set(args=["--id", "txn"])
    acc = accuracy([y_p[i] for i in lab], [yh_p[i] for i in lab])
    c.j(eq("labels.id_column", "txn"),
        eq("labels.matched_rows", len(lab)),
        eq("labels.labelled_rows", len(lab)),
        approx("labels.coverage", len(lab) / n),
        eq("labels.conflicts", 7),
        eq("labels.unmatched_ids", 0),
        eq("classification.task", "binary"),
        eq("classification.production.n_labeled", len(lab)),
        approx("classification.production.accuracy", acc))
    return c


@case
def err_labels_without_id():
    c = Case("err_labels_without_id", "6,5",
             "labels.csv has only `label` and `labelled_at`, no id to join on: exit 2 naming the labels file "
             "and production's id column")
    rng = c.rng
    n = 120
    ref_f, prod_f = stable_features(rng, n)
    y, yh = binary(rng, n, 40, 8, 8)
    c.csv("reference.csv", ["request_id", "age", "balance", "plan", "label", "prediction"],
          [[f"r{i:04d}", a, f(b), p, t, h] for i, ((a, b, p), t, h) in enumerate(zip(ref_f, y, yh))])
    c.csv("production.csv", ["request_id", "age", "balance", "plan", "prediction"],
          [[f"p{i:04d}", a, f(b), p, h] for i, ((a, b, p), h) in enumerate(zip(prod_f, yh))])
    c.csv("labels.csv", ["label", "labelled_at"], [[rng.randint(0, 1), "2024-06-01"] for _ in range(50)])
    c.set(exit=2, stderr=["labels.csv", "request_id"])
    return c


# ---------------------------------------------------------------------------------------------
# Items 7 and 8
# ---------------------------------------------------------------------------------------------


@case
def outliers_calibrated():
    c = Case("outliers_calibrated", "7",
             "10 % of production rows are far outliers: with the threshold calibrated on the reference "
             "(default contamination 1 %) about 1 % of the reference is flagged, production's excess is "
             "reported against the expected share in the checks and the card")
    rng = c.rng
    n = 300
    ref = [[f(rng.gauss(0, 1), 3), f(rng.gauss(5, 2), 3), rng.choice(["a", "b"])] for _ in range(n)]
    prod = [[f(rng.gauss(0, 1), 3), f(rng.gauss(5, 2), 3), rng.choice(["a", "b"])] for _ in range(n)]
    for i in rng.sample(range(n), 30):
        prod[i][0] = f(rng.choice([-1, 1]) * rng.uniform(7, 10), 3)
        prod[i][1] = f(5 + rng.choice([-1, 1]) * rng.uniform(14, 20), 3)
    c.csv("reference.csv", ["x1", "x2", "grp_code"], ref)
    c.csv("production.csv", ["x1", "x2", "grp_code"], prod)
    c.j(bounds("outliers.share_reference", 0.0, 0.02),
        bounds("outliers.share_production", 0.09, 0.2),
        has("checks[id=outliers].reason", "expected"))
    c.set(card=["expected"])
    return c


def welch_exact(x, y):
    """Welch's t of the f64 values x, y in exact rational arithmetic, to 40 digits."""
    getcontext().prec = 60
    X = [Fraction(v) for v in x]
    Y = [Fraction(v) for v in y]
    mx, my = sum(X) / len(X), sum(Y) / len(Y)
    vx = sum((v - mx) ** 2 for v in X) / (len(X) - 1)
    vy = sum((v - my) ** 2 for v in Y) / (len(Y) - 1)
    num = mx - my
    den2 = vx / len(X) + vy / len(Y)
    t2 = num * num / den2
    t = (Decimal(t2.numerator) / Decimal(t2.denominator)).sqrt()
    return float(t if num >= 0 else -t)


@case
def welch_tiny_variance():
    c = Case("welch_tiny_variance", "8",
             "values 1 ± 1e-9 (multiples of 2^-30 around 1): Welch's t statistic (`--tests all`) matches "
             "exact rational arithmetic to 1e-9 relative (the variance is not lost to cancellation)")
    rng = c.rng
    u = 2.0 ** -30
    x = [1 + rng.randint(-3, 3) * u for _ in range(256)]
    y = [1 + rng.randint(-2, 4) * u for _ in range(256)]
    c.csv("reference.csv", ["x"], [[repr(v)] for v in x])
    c.csv("production.csv", ["x"], [[repr(v)] for v in y])
    c.set(args=["--tests", "all"])
    c.j(eq("drift.columns[column=x].kind", "numeric"),
        approx("drift.columns[column=x].tests.t_test.statistic", welch_exact(x, y)))
    return c


# ---------------------------------------------------------------------------------------------


def build():
    out = {}
    for fn in CASES:
        c = fn()
        files = dict(c.files)
        files["expect.json"] = expect_text(c.exp).encode()
        out[c.name] = files
    return out


def readme(cases):
    lines = [
        "# Messy corpus",
        "",
        "Written by [`make_messy.py`](make_messy.py) (standard library only, deterministic) and run by",
        "[`tests/messy.rs`](../../messy.rs) through the CLI and through the core. Each folder holds the",
        "input files and `expect.json`; the path syntax of the assertions is described in the runner.",
        "`item` is the item of issue 8's \"What to build\" a case covers; `page` marks the subset also run",
        "in the browser. `duplicate_headers_4000` and `huge_cell_5mb` are completed by the runner at test",
        "time (`generate`, `expand`) rather than committed in full.",
        "",
        "| case | item | page | what |",
        "|---|---|---|---|",
    ]
    for name, files in cases.items():
        e = json.loads(files["expect.json"])
        what = e["what"].replace("|", "\\|")
        lines.append(f"| `{name}` | {e['item']} | {'yes' if e.get('page') else ''} | {what} |")
    return ("\n".join(lines) + "\n").encode()


def main():
    check = "--check" in sys.argv[1:]
    cases = build()
    names = list(cases)
    assert len(set(names)) == len(names)
    all_files = {os.path.join(name, k): v for name, files in cases.items() for k, v in files.items()}
    all_files["README.md"] = readme(cases)
    differ = []
    for rel, data in sorted(all_files.items()):
        path = os.path.join(HERE, rel)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            differ.append(rel)
            if not check:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(data)
    # Stale files of a case folder (a file a case no longer writes) are removed.
    for name in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, name)
        if not os.path.isdir(d):
            continue
        for fname in sorted(os.listdir(d)):
            if os.path.join(name, fname) not in all_files:
                differ.append(os.path.join(name, fname) + " (stale)")
                if not check:
                    os.remove(os.path.join(d, fname))
        if not check and not os.listdir(d):
            os.rmdir(d)
    if check:
        for d in differ:
            print("differs:", d)
        sys.exit(1 if differ else 0)
    print(f"{len(cases)} cases; {len(differ)} files written or removed")


if __name__ == "__main__":
    main()
