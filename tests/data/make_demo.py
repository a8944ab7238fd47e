#!/usr/bin/env python3
"""Generates driftcard's demo data and bad-input fixtures (deterministic, byte-identical on re-run).

Generated with: Python 3.11.7, numpy 2.3.5 (`pip install numpy==2.3.5`; numpy is the only
dependency; scipy 1.16.3 was used only for the drift check in `--check`).

    python3 tests/data/make_demo.py            # writes the files below
    python3 tests/data/make_demo.py --check    # also prints a drift/accuracy/latency summary (needs scipy)

Outputs (paths relative to the repository root):
    www/demo/reference.csv, www/demo/production.csv   -- a credit-default classifier's traffic
    tests/data/bad/{empty,binary,header_only,ragged}.csv
    tests/data/{semicolon_bom,latin1,missing_tokens}.csv, tests/data/tabs.tsv

The story of the demo pair (see tests/data/README.md):
  * reference  = 8 weeks from 2026-01-05, model v1, accuracy ~0.85;
  * production = the next 6 weeks: income falls and goes missing more often, debt-to-income and
    loan amounts rise, loan purposes shift and a new purpose `crypto` appears; in the last 2 weeks
    defaults rise in a way the model does not know (concept drift) and accuracy drops to ~0.72;
    v2 is rolled out to about half of the traffic in those 2 weeks; latency gets a heavy tail.
  * The group `X` of `gender` is served worse (a risk factor the model cannot see).
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

SEED = 20261126
N_REF = 5000
N_PROD = 5000
REF_START = datetime(2026, 1, 5)
REF_DAYS = 56  # 8 weeks
PROD_DAYS = 42  # 6 weeks

ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = ROOT / "www" / "demo"
DATA_DIR = ROOT / "tests" / "data"
BAD_DIR = DATA_DIR / "bad"

EMPLOYMENT = ["salaried", "self_employed", "contract", "retired", "unemployed"]
EMPLOYMENT_P = [0.62, 0.17, 0.10, 0.07, 0.04]
HOME = ["rent", "mortgage", "own"]
HOME_P = [0.42, 0.40, 0.18]
REGION = ["north", "south", "east", "west"]
REGION_P = [0.24, 0.31, 0.20, 0.25]
GENDER = ["F", "M", "X"]
GENDER_P = [0.47, 0.50, 0.03]
PURPOSE = ["debt_consolidation", "credit_card", "home_improvement", "car", "medical", "education",
           "small_business", "crypto"]
PURPOSE_REF_P = [0.38, 0.20, 0.14, 0.12, 0.06, 0.05, 0.05, 0.00]
# Production mix: fewer consolidations/credit cards, more small business; `crypto` ramps 2 % -> 10 %.
PURPOSE_PROD_BASE = [0.31, 0.16, 0.12, 0.12, 0.07, 0.05, 0.11]
# Default risk by purpose (log-odds), shared by the truth and the model (the model never saw crypto
# and treats it like an average purpose).
PURPOSE_RISK = {"debt_consolidation": 0.25, "credit_card": 0.1, "home_improvement": -0.3, "car": -0.4,
                "medical": 0.35, "education": 0.0, "small_business": 0.6, "crypto": 1.4}
EMPLOYMENT_RISK = {"salaried": -0.3, "self_employed": 0.35, "contract": 0.3, "retired": -0.1,
                   "unemployed": 1.2}
HOME_RISK = {"rent": 0.25, "mortgage": -0.15, "own": -0.3}


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def timestamps(rng: np.random.Generator, start: datetime, days: int, n: int) -> list[datetime]:
    """`n` strictly increasing whole-second times in [start, start + days), busier in daytime."""
    # Day of each row uniformly, hour of day from a daytime-heavy profile, then seconds.
    hour_w = np.array([1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 7, 7, 6, 5, 4, 3, 2, 1], float)
    day = rng.integers(0, days, n)
    hour = rng.choice(24, n, p=hour_w / hour_w.sum())
    sec = rng.integers(0, 3600, n)
    offs = np.sort(day * 86400 + hour * 3600 + sec)
    # Make them strictly increasing (ties are rare; push a tie one second later).
    for i in range(1, n):
        if offs[i] <= offs[i - 1]:
            offs[i] = offs[i - 1] + 1
    return [start + timedelta(seconds=int(s)) for s in offs]


def features(rng: np.random.Generator, n: int, t: np.ndarray, prod: bool) -> dict[str, np.ndarray]:
    """Feature columns; `t` in [0, 1] is the position in the period (drift ramps with it)."""
    f: dict[str, np.ndarray] = {}
    f["age"] = np.clip(np.round(rng.normal(41.0 + (0.3 if prod else 0.0), 11.0, n)), 21, 75).astype(int)
    # Latent income (the true value, also when the CSV shows it missing).
    shift = -(0.06 + 0.22 * t) if prod else 0.0
    log_income = rng.normal(10.85, 0.45, n) + 0.006 * (f["age"] - 41) + shift
    f["income_true"] = np.exp(log_income)
    miss_p = (0.07 + 0.16 * t) if prod else np.full(n, 0.02)
    f["income_missing"] = rng.random(n) < miss_p
    log_loan = 9.25 + 0.35 * (log_income - 10.85) + rng.normal(0.0, 0.5, n) + (0.27 if prod else 0.0)
    f["loan_amount"] = np.clip(np.round(np.exp(log_loan) / 50.0) * 50.0, 500, 100_000)
    f["credit_score"] = np.clip(np.round(rng.normal(690.0 - (3.0 if prod else 0.0), 70.0, n)), 300, 850).astype(int)
    a, b = (3.0, 4.4) if prod else (2.5, 5.0)
    f["debt_to_income"] = np.round(0.03 + 0.62 * rng.beta(a, b, n), 3)
    f["num_open_accounts"] = np.minimum(rng.poisson(4.2, n), 25)
    f["employment_type"] = rng.choice(EMPLOYMENT, n, p=EMPLOYMENT_P)
    f["home_ownership"] = rng.choice(HOME, n, p=HOME_P)
    if prod:
        crypto = 0.02 + 0.08 * t
        base = np.array(PURPOSE_PROD_BASE)
        u = rng.random(n)
        idx = np.empty(n, dtype=int)
        for i in range(n):
            p = np.append(base / base.sum() * (1.0 - crypto[i]), crypto[i])
            idx[i] = int(np.searchsorted(np.cumsum(p), u[i], side="right"))
        idx = np.minimum(idx, len(PURPOSE) - 1)
        f["loan_purpose"] = np.array(PURPOSE, dtype=object)[idx]
    else:
        f["loan_purpose"] = rng.choice(PURPOSE, n, p=PURPOSE_REF_P)
    f["region"] = rng.choice(REGION, n, p=REGION_P)
    f["has_cosigner"] = rng.random(n) < 0.12
    f["gender"] = rng.choice(GENDER, n, p=GENDER_P)
    return f


def risk_logit(f: dict[str, np.ndarray], income: np.ndarray) -> np.ndarray:
    """The credit-risk log-odds the model learned (and the reference truth, before noise)."""
    z_score = (f["credit_score"] - 690.0) / 70.0
    z_income = (np.log(income) - 10.85) / 0.45
    z_dti = (f["debt_to_income"] - 0.25) / 0.1
    burden = np.log(f["loan_amount"] / income)
    return (-2.0 - 1.75 * z_score - 0.55 * z_income + 0.8 * z_dti + 0.45 * (burden + 1.6)
            + np.vectorize(PURPOSE_RISK.get)(f["loan_purpose"])
            + np.vectorize(EMPLOYMENT_RISK.get)(f["employment_type"])
            + np.vectorize(HOME_RISK.get)(f["home_ownership"])
            - 0.5 * f["has_cosigner"] - 0.04 * (f["num_open_accounts"] - 4.2))


def period(rng: np.random.Generator, n: int, start: datetime, days: int, prod: bool, first_id: int):
    ts = timestamps(rng, start, days, n)
    t = np.array([(x - start).total_seconds() / (days * 86400.0) for x in ts])
    f = features(rng, n, t, prod)
    truth = risk_logit(f, f["income_true"])
    # What the model cannot see: X applicants carry an unobserved risk factor (worse service for X).
    is_x = f["gender"] == "X"
    truth = truth + np.where(is_x, rng.normal(0.7, 2.5, n), 0.0)
    # Concept drift in the last 2 weeks of production: defaults rise for stretched borrowers and
    # crypto loans, which the v1 model does not know.
    if prod:
        week = t * days / 7.0
        d = np.clip((week - 3.75) / 0.75, 0.0, 1.0)
        z_dti = (f["debt_to_income"] - 0.25) / 0.1
        truth = truth + d * (1.2 + 1.0 * z_dti + 1.2 * (f["loan_purpose"] == "crypto")
                             + 0.8 * (f["employment_type"] == "self_employed"))
    else:
        week = t * days / 7.0
        d = np.zeros(n)
    target = (rng.random(n) < sigmoid(truth)).astype(int)

    # The model: imputes missing income with the reference median; never saw `crypto`.
    income_seen = np.where(f["income_missing"], 52_000.0, f["income_true"])
    f_model = dict(f)
    f_model["loan_purpose"] = np.where(f["loan_purpose"] == "crypto", "education", f["loan_purpose"])
    model = risk_logit(f_model, income_seen)
    version = np.array(["v1"] * n, dtype=object)
    if prod:
        late = week >= 4.0
        v2 = late & (rng.random(n) < 0.5)
        version[v2] = "v2"
        # v2 was retrained on recent data: it knows part of the new risk.
        model = model + np.where(v2, 0.6 * d * (1.0 + 0.9 * (f["debt_to_income"] - 0.25) / 0.1
                                                + 1.2 * (f["loan_purpose"] == "crypto")), 0.0)
    model = model + rng.normal(0.0, 0.25, n)  # estimation noise
    score = np.round(sigmoid(model), 4)
    prediction = (score >= 0.5).astype(int)

    # Service health: log-normal latency, heavier tail in production; a few 500s.
    if prod:
        lat = np.exp(rng.normal(np.log(38.0), 0.36, n))
        tail = rng.random(n) < 0.05
        lat = np.where(tail, np.exp(rng.normal(np.log(105.0), 0.32, n)), lat)
        err_p = 0.008
    else:
        lat = np.exp(rng.normal(np.log(34.0), 0.36, n))
        err_p = 0.002
    latency = np.round(np.maximum(lat, 3.0), 1)
    status = np.where(rng.random(n) < err_p, 500, 200)

    rows = []
    for i in range(n):
        income = "" if f["income_missing"][i] else f"{f['income_true'][i]:.0f}"
        rows.append([
            ts[i].strftime("%Y-%m-%dT%H:%M:%S"),
            f"A{first_id + i:06d}",
            str(f["age"][i]),
            income,
            f"{f['loan_amount'][i]:.0f}",
            str(f["credit_score"][i]),
            f"{f['debt_to_income'][i]:.3f}",
            str(f["num_open_accounts"][i]),
            f["employment_type"][i],
            f["home_ownership"][i],
            f["loan_purpose"][i],
            f["region"][i],
            "true" if f["has_cosigner"][i] else "false",
            f["gender"][i],
            str(target[i]),
            str(prediction[i]),
            f"{score[i]:.4f}",
            f"{latency[i]:.1f}",
            str(status[i]),
            version[i],
        ])
    return rows


HEADER = ["timestamp", "applicant_id", "age", "income", "loan_amount", "credit_score", "debt_to_income",
          "num_open_accounts", "employment_type", "home_ownership", "loan_purpose", "region",
          "has_cosigner", "gender", "target", "prediction", "score", "latency_ms", "status",
          "model_version"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def make_demo() -> tuple[list[list[str]], list[list[str]]]:
    rng = np.random.default_rng(SEED)
    ref = period(rng, N_REF, REF_START, REF_DAYS, prod=False, first_id=100_001)
    prod = period(rng, N_PROD, REF_START + timedelta(days=REF_DAYS), PROD_DAYS, prod=True,
                  first_id=100_001 + N_REF)
    write_csv(DEMO_DIR / "reference.csv", HEADER, ref)
    write_csv(DEMO_DIR / "production.csv", HEADER, prod)
    return ref, prod


def make_fixtures() -> None:
    """Bad and awkward inputs; fixed bytes, no randomness."""
    BAD_DIR.mkdir(parents=True, exist_ok=True)
    (BAD_DIR / "empty.csv").write_bytes(b"")
    # A PNG signature and IHDR chunk, then a deterministic byte ramp with NULs: 8 + 25 + 360 bytes.
    png = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
           + b"\x1f\xf3\xffa")
    body = bytes((i * 37 + 11) % 256 if i % 7 else 0 for i in range(360))
    (BAD_DIR / "binary.csv").write_bytes(png + body)
    (BAD_DIR / "header_only.csv").write_bytes(b"id,age,income,segment,target\n")
    ragged = ["id,age,income,segment,target"]
    for i in range(1, 21):
        if i in (1, 8, 15):  # 3 well-formed rows (file rows 2, 9, 16)
            ragged.append(f"{i},{20 + i},{1000 * i},s{i % 3},{i % 2}")
        elif i % 2:  # 3 fields
            ragged.append(f"{i},{20 + i},{1000 * i}")
        else:  # 7 fields
            ragged.append(f"{i},{20 + i},{1000 * i},s{i % 3},{i % 2},extra,{i * 3}")
    (BAD_DIR / "ragged.csv").write_bytes(("\n".join(ragged) + "\n").encode())

    # UTF-8 BOM, `;` delimiter, CRLF line ends, a decimal-comma column and a quoted field holding a
    # newline and a `;`.
    semi = ("\ufeffid;city;score;amount_eur;comment\r\n"
            "1;Köln;0.25;1234,56;plain\r\n"
            "2;Zürich;0.5;99,9;\"line one\nline two; still the same field\"\r\n"
            "3;Malmö;0.75;0,5;\"quoted \"\"word\"\"\"\r\n"
            "4;Köln;1.0;10;\r\n"
            "5;Zürich;0.125;2500,00;last\r\n")
    (DATA_DIR / "semicolon_bom.csv").write_bytes(semi.encode("utf-8"))
    latin = ("id,city,segment,value\n"
             "1,Genève,café,1.5\n"
             "2,Zürich,crème,2.5\n"
             "3,München,café,3.5\n"
             "4,Genève,thé,4.5\n"
             "5,Zürich,café,5.5\n"
             "6,München,crème,6.5\n")
    (DATA_DIR / "latin1.csv").write_bytes(latin.encode("latin-1"))
    missing = ("id,x,color,flag,with_inf\n"
               "1,1.5,red,yes,1.0\n"
               "2,NA,NA,NA,2.0\n"
               "3,N/A,N/A,no,inf\n"
               "4,null,null,yes,-inf\n"
               "5,None,None,no,5.0\n"
               "6,-,-,yes,6.0\n"
               "7,?,?,no,7.0\n"
               "8,NaN,NaN,yes,8.0\n"
               "9,nan,nan,no,9.0\n"
               "10,NULL,NULL,yes,10.0\n"
               "11,,,,11.0\n"
               "12,2.5,blue,no,12.0\n")
    (DATA_DIR / "missing_tokens.csv").write_bytes(missing.encode())
    tabs = ("id\tname\tamount\tnote\n"
            "1\tAda\t10.5\ta, b and c\n"
            "2\tGrace\t20\tcomma, inside\n"
            "3\tAlan\t-3.25\t\"quoted\ttab\"\n"
            "4\tEdsger\t4e2\tno comma\n")
    (DATA_DIR / "tabs.tsv").write_bytes(tabs.encode())


def check(ref: list[list[str]], prod: list[list[str]]) -> None:
    """Prints the drift of every feature (KS, PSI on reference deciles, normed Wasserstein, JS),
    accuracy per period and latency percentiles."""
    from scipy import stats
    from scipy.spatial.distance import jensenshannon

    col = {h: i for i, h in enumerate(HEADER)}

    def values(rows, name):
        return [r[col[name]] for r in rows]

    def num(rows, name):
        v = np.array([float(x) for x in values(rows, name) if x != ""])
        return v

    def psi(e, a):
        e, a = np.clip(e, 1e-4, None), np.clip(a, 1e-4, None)
        return float(np.sum((a - e) * np.log(a / e)))

    print(f"rows: reference {len(ref)}, production {len(prod)}")
    for name in ["age", "income", "loan_amount", "credit_score", "debt_to_income", "num_open_accounts"]:
        x, y = num(ref, name), num(prod, name)
        ks = stats.ks_2samp(x, y)
        cuts = np.unique(np.quantile(x, np.linspace(0.1, 0.9, 9)))
        e = np.bincount(np.searchsorted(cuts, x, side="right"), minlength=len(cuts) + 1) / len(x)
        a = np.bincount(np.searchsorted(cuts, y, side="right"), minlength=len(cuts) + 1) / len(y)
        w = stats.wasserstein_distance(x, y) / max(np.std(x), 1e-3)
        ms = (1 - len(x) / len(ref), 1 - len(y) / len(prod))
        print(f"{name:18s} KS D={ks.statistic:.3f} p={ks.pvalue:.2g}  PSI={psi(e, a):.3f}  "
              f"W/std={w:.3f}  JS={jensenshannon(e, a):.3f}  missing {ms[0]:.1%} -> {ms[1]:.1%}")
    for name in ["employment_type", "home_ownership", "loan_purpose", "region", "has_cosigner", "gender"]:
        x, y = values(ref, name), values(prod, name)
        cats = sorted(set(x) | set(y))
        e = np.array([x.count(c) for c in cats]) / len(x)
        a = np.array([y.count(c) for c in cats]) / len(y)
        chi = stats.chi2_contingency(np.array([e * len(x), a * len(y)]), correction=False)
        new = [c for c in cats if c not in set(x)]
        print(f"{name:18s} chi2 p={chi.pvalue:.2g}  PSI={psi(e, a):.3f}  JS={jensenshannon(e, a):.3f}  "
              f"TVD={0.5 * np.abs(e - a).sum():.3f}  new={new} "
              f"({sum(y.count(c) for c in new) / len(y):.1%})")

    def acc(rows):
        return np.mean([r[col["target"]] == r[col["prediction"]] for r in rows]) if rows else float("nan")

    split = (REF_START + timedelta(days=REF_DAYS + PROD_DAYS - 14)).strftime("%Y-%m-%dT%H:%M:%S")
    early = [r for r in prod if r[0] < split]
    late = [r for r in prod if r[0] >= split]
    print(f"accuracy: reference {acc(ref):.3f}, production {acc(prod):.3f} "
          f"(first 4 weeks {acc(early):.3f}, last 2 weeks {acc(late):.3f}: "
          f"v1 {acc([r for r in late if r[col['model_version']] == 'v1']):.3f}, "
          f"v2 {acc([r for r in late if r[col['model_version']] == 'v2']):.3f})")
    for period_name, rows in [("reference", ref), ("production", prod), ("prod last 2w", late)]:
        by = {g: acc([r for r in rows if r[col["gender"]] == g]) for g in GENDER}
        n = {g: sum(r[col["gender"]] == g for r in rows) for g in GENDER}
        rate = np.mean([r[col["target"]] == "1" for r in rows])
        print(f"{period_name:13s} default rate {rate:.3f}; accuracy by gender "
              + ", ".join(f"{g} {by[g]:.3f} (n={n[g]})" for g in GENDER))
    for period_name, rows in [("reference", ref), ("production", prod)]:
        lat = num(rows, "latency_ms")
        err = np.mean([r[col["status"]] != "200" for r in rows])
        print(f"latency {period_name:10s} p50 {np.percentile(lat, 50):.1f} p95 {np.percentile(lat, 95):.1f} "
              f"p99 {np.percentile(lat, 99):.1f} ms; error rate {err:.2%}")


def main() -> None:
    ref, prod = make_demo()
    make_fixtures()
    if "--check" in sys.argv[1:]:
        check(ref, prod)


if __name__ == "__main__":
    main()
