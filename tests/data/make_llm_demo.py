#!/usr/bin/env python3
"""Generates driftcard's second demo: an LLM assistant's request log (deterministic, byte-identical
on re-run; the standard library only: Python >= 3.8, `random.Random` with a fixed seed).

    python3 tests/data/make_llm_demo.py          # writes www/demo/llm_reference.csv, llm_production.csv
    python3 tests/data/make_llm_demo.py --check  # also prints the pass rate per version

The story:
  * a question-answering assistant (geography, arithmetic, science, account support);
  * reference = 6 weeks from 2026-01-05: prompt v1 for 3 weeks, then v2 (better answers);
  * production = the next 4 weeks: v2 keeps serving, v3 is rolled out from week 2 to about 60 %
    of traffic. v3 is shorter (fewer completion tokens: cheaper and faster) but answers wrong
    more often and wraps answers in chatty sentences ("Sure! The answer is Paris."), so the
    normalised pass rate falls from about 0.86 (v2) to about 0.62 (v3) — a regression —,
    thumbs-up falls and regenerations rise;
  * latency has a heavy tail; about 2 % of requests fail (status 500, no output);
  * support questions quote e-mail addresses and phone numbers (the failing examples mask them).
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

SEED = 20261207
N_REF = 2400
N_PROD = 1600
START = datetime(2026, 1, 5)
REF_DAYS = 42
PROD_DAYS = 28

CAPITALS = [
    ("France", "Paris"), ("Japan", "Tokyo"), ("Kenya", "Nairobi"), ("Peru", "Lima"),
    ("Canada", "Ottawa"), ("Australia", "Canberra"), ("Egypt", "Cairo"), ("Norway", "Oslo"),
    ("Chile", "Santiago"), ("Vietnam", "Hanoi"), ("Portugal", "Lisbon"), ("Turkey", "Ankara"),
    ("Brazil", "Brasília"), ("Morocco", "Rabat"), ("New Zealand", "Wellington"), ("Spain", "Madrid"),
]
WRONG_CAPITALS = {"Australia": "Sydney", "Canada": "Toronto", "Turkey": "Istanbul",
                  "Brazil": "Rio de Janeiro", "Morocco": "Casablanca", "New Zealand": "Auckland"}
SCIENCE = [
    ("What is the chemical symbol for gold?", "Au", "Ag"),
    ("Which planet is known as the red planet?", "Mars", "Jupiter"),
    ("What gas do plants absorb from the air?", "Carbon dioxide", "Oxygen"),
    ("How many bones does an adult human have?", "206", "212"),
    ("What is the boiling point of water at sea level in Celsius?", "100", "90"),
    ("What is the largest organ of the human body?", "Skin", "Liver"),
    ("Which element has atomic number 1?", "Hydrogen", "Helium"),
    ("What is the speed of light in km/s, rounded?", "300000", "150000"),
]
SUPPORT = [
    ("How do I reset my password? My login is {email}.", "Use the reset link on the sign-in page"),
    ("Please call me back at {phone} about my invoice.", "A support agent will call you within one business day"),
    ("Can I change the e-mail on my account to {email}?", "Yes, under Settings, Account, E-mail"),
    ("How do I cancel my subscription?", "Under Settings, Billing, Cancel subscription"),
    ("Where can I download my invoices?", "Under Settings, Billing, Invoices"),
]
FIRST = ["jane", "omar", "li", "sara", "ken", "ana", "tom", "mia"]
DOMAINS = ["example.com", "mail.test", "corp.example"]
CHATTY = ["Sure! The answer is {a}.", "Great question. It is {a}.", "I believe the answer is {a}.",
          "{a}, of course!", "Happy to help: {a}."]


def question(rng: random.Random):
    """(topic, prompt, expected, a wrong answer)."""
    topic = rng.choices(["geography", "arithmetic", "science", "support"], [0.3, 0.3, 0.25, 0.15])[0]
    if topic == "geography":
        country, city = rng.choice(CAPITALS)
        wrong = WRONG_CAPITALS.get(country) or rng.choice([c for _, c in CAPITALS if c != city])
        return topic, f"What is the capital of {country}?", city, wrong
    if topic == "arithmetic":
        a, b = rng.randint(12, 99), rng.randint(12, 99)
        op = rng.choice(["+", "-", "*"])
        val = a + b if op == "+" else a - b if op == "-" else a * b
        return topic, f"What is {a} {op} {b}?", str(val), str(val + rng.choice([-10, -1, 1, 2, 10]))
    if topic == "science":
        q, right, wrong = rng.choice(SCIENCE)
        return topic, q, right, wrong
    q, right = rng.choice(SUPPORT)
    email = f"{rng.choice(FIRST)}.{rng.randint(10, 99)}@{rng.choice(DOMAINS)}"
    phone = f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    wrong = "Please contact your administrator"
    return topic, q.format(email=email, phone=phone), right, wrong


# version → (accuracy, chatty share, thumbs-up when right / wrong, regen when right / wrong,
#            completion tokens mean, latency median ms)
PROFILE = {
    "v1": (0.80, 0.04, (0.82, 0.20), (0.04, 0.35), 60, 820),
    "v2": (0.88, 0.03, (0.85, 0.22), (0.03, 0.33), 64, 860),
    "v3": (0.78, 0.17, (0.80, 0.18), (0.05, 0.45), 38, 610),
}
PRICE_PROMPT, PRICE_COMPLETION = 0.5e-6, 1.5e-6  # USD per token


def row(rng: random.Random, rid: int, ts: datetime, version: str):
    acc, chatty, thumbs, regen, ctok, lat = PROFILE[version]
    topic, prompt, expected, wrong = question(rng)
    right = rng.random() < acc
    answer = expected if right else wrong
    r = rng.random()
    if r < chatty:
        output = rng.choice(CHATTY).format(a=answer)
    elif r < chatty + 0.25:
        output = answer.lower() + rng.choice(["", ".", "!"])
    else:
        output = answer + rng.choice(["", "."])
    failed = rng.random() < 0.02
    latency = lat * rng.lognormvariate(0, 0.35) * (4 if rng.random() < 0.03 else 1)
    ptok = len(prompt.split()) * 2 + 180 + rng.randint(0, 40)
    ctoks = max(3, int(rng.gauss(ctok, ctok * 0.25)))
    cost = ptok * PRICE_PROMPT + ctoks * PRICE_COMPLETION
    passed = right and output.strip(".!").lower() == expected.lower()
    up = rng.random() < (thumbs[0] if passed else thumbs[1])
    thumbs_v = "" if rng.random() < 0.55 else ("up" if up else "down")
    regenerated = int(rng.random() < (regen[0] if passed else regen[1]))
    if failed:
        output, ctoks, thumbs_v, regenerated = "", 0, "", 0
        cost = ptok * PRICE_PROMPT
    return {
        "request_id": f"req-{rid:06d}",
        "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S"),
        "prompt_version": version,
        "topic": topic,
        "prompt": prompt,
        "expected_output": expected,
        "output": output,
        "prompt_tokens": ptok,
        "completion_tokens": ctoks,
        "latency_ms": round(latency, 1),
        "cost_usd": f"{cost:.6f}",
        "status": 500 if failed else 200,
        "thumbs": thumbs_v,
        "regenerated": regenerated,
    }


def times(rng: random.Random, n: int, start: datetime, days: int):
    out = sorted(start + timedelta(seconds=rng.uniform(0, days * 86400)) for _ in range(n))
    return [t.replace(microsecond=0) for t in out]


def build():
    rng = random.Random(SEED)
    ref_t = times(rng, N_REF, START, REF_DAYS)
    prod_start = START + timedelta(days=REF_DAYS)
    prod_t = times(rng, N_PROD, prod_start, PROD_DAYS)
    ref = [row(rng, i + 1, t, "v1" if (t - START).days < 21 else "v2") for i, t in enumerate(ref_t)]
    prod = []
    for i, t in enumerate(prod_t):
        v3 = (t - prod_start).days >= 7 and rng.random() < 0.6
        prod.append(row(rng, N_REF + i + 1, t, "v3" if v3 else "v2"))
    return ref, prod


def to_csv(rows) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def main():
    root = Path(__file__).resolve().parents[2]
    ref, prod = build()
    for name, rows in (("llm_reference.csv", ref), ("llm_production.csv", prod)):
        (root / "www" / "demo" / name).write_bytes(to_csv(rows))
    if "--check" in sys.argv:
        by = {}
        for r in ref + prod:
            if r["output"]:
                s = by.setdefault(r["prompt_version"], [0, 0])
                s[0] += " ".join("".join(c for c in r["output"].lower() if c.isalnum() or c.isspace()).split()) == \
                    " ".join("".join(c for c in r["expected_output"].lower() if c.isalnum() or c.isspace()).split())
                s[1] += 1
        for v, (k, n) in sorted(by.items()):
            print(f"{v}: pass rate (normalised) {k / n:.3f} over {n}")


if __name__ == "__main__":
    main()
