#!/usr/bin/env python3
"""Golden values for io.prodlab.stats.PoissonRateTest and WeightedDescriptives, computed with scipy.

Run from this directory:  python3 make_rates_reference.py   (writes rates_reference.json next to it)
Made with scipy 1.17.1 / numpy 2.4.6.
- exact rate comparison: scipy.stats.binomtest(k_c, k_b + k_c, T_c / (T_b + T_c)).pvalue
- Garwood interval of one rate: scipy.stats.gamma.ppf(alpha/2, k) / T, gamma.ppf(1 - alpha/2, k + 1) / T
- weighted descriptives with integer weights: numpy on np.repeat(x, w) (mean, std(ddof=1), quantile)
- Newcombe's hybrid score interval from scipy's Wilson intervals (binomtest(...).proportion_ci(method="wilson"))
"""
import json
import math
import os

import numpy as np
from scipy import stats

rng = np.random.default_rng(20261201)

rates = []
for kb, tb, kc, tc in [(10, 60.0, 25, 60.0), (0, 10.0, 3, 10.0), (1000, 300.0, 1100, 300.0),
                       (500000, 1800.0, 501200, 1800.0), (3, 5.0, 0, 7.0), (50, 120.0, 50, 120.0),
                       (7, 13.5, 19, 27.25), (123, 60.0, 17, 10.0), (1, 1.0, 1, 3.0)]:
    p = tc / (tb + tc)
    conf = 0.95
    z = stats.norm.ppf(0.5 + conf / 2)
    rb, rc = kb / tb, kc / tc
    se = math.sqrt(kb / tb ** 2 + kc / tc ** 2)
    case = {"kb": kb, "tb": tb, "kc": kc, "tc": tc, "confidence": conf,
            "exact_p": float(stats.binomtest(kc, kb + kc, p).pvalue),
            "diff": rc - rb, "z": (rc - rb) / se, "p": float(2 * stats.norm.sf(abs((rc - rb) / se))),
            "ci_low": rc - rb - z * se, "ci_high": rc - rb + z * se}
    if kb > 0 and kc > 0:
        sel = math.sqrt(1 / kb + 1 / kc)
        case["ratio_ci_low"] = (rc / rb) * math.exp(-z * sel)
        case["ratio_ci_high"] = (rc / rb) * math.exp(z * sel)
    rates.append(case)

garwood = []
for k, t, conf in [(0, 60.0, 0.95), (1, 60.0, 0.95), (5, 2.5, 0.9), (100, 30.0, 0.95), (123456, 1800.0, 0.99)]:
    a = 1 - conf
    garwood.append({"k": k, "t": t, "confidence": conf,
                    "low": 0.0 if k == 0 else float(stats.gamma.ppf(a / 2, k)) / t,
                    "high": float(stats.gamma.ppf(1 - a / 2, k + 1)) / t})

weighted = []
for name, n, wmax in [("small", 7, 3), ("ties", 40, 10), ("larger", 500, 20)]:
    x = np.sort(np.round(rng.lognormal(3, 1, n), 1 if name == "ties" else 6))
    w = rng.integers(1, wmax + 1, n).astype(float)
    rep = np.repeat(x, w.astype(int))
    weighted.append({"name": name, "values": [float(v) for v in x], "weights": [float(v) for v in w],
                     "weight": float(w.sum()), "mean": float(rep.mean()), "sd": float(rep.std(ddof=1)),
                     "p50": float(np.quantile(rep, 0.5)), "p90": float(np.quantile(rep, 0.9)),
                     "p95": float(np.quantile(rep, 0.95)), "p99": float(np.quantile(rep, 0.99))})

newcombe = []
for eb, nb, ec, nc, conf in [(3, 432, 2, 50, 0.95), (20, 2000, 0, 8, 0.95), (0, 100, 0, 100, 0.95),
                             (50, 60, 60, 60, 0.9), (123, 10000, 170, 9000, 0.99)]:
    ib = stats.binomtest(eb, nb).proportion_ci(confidence_level=conf, method="wilson")
    ic = stats.binomtest(ec, nc).proportion_ci(confidence_level=conf, method="wilson")
    pb, pc = eb / nb, ec / nc
    d = pc - pb
    newcombe.append({"eb": eb, "nb": nb, "ec": ec, "nc": nc, "confidence": conf, "diff": d,
                     "ci_low": d - math.sqrt((pc - ic.low) ** 2 + (ib.high - pb) ** 2),
                     "ci_high": d + math.sqrt((ic.high - pc) ** 2 + (pb - ib.low) ** 2)})

out = {"rates": rates, "garwood": garwood, "weighted": weighted, "newcombe": newcombe}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rates_reference.json"), "w") as f:
    json.dump(out, f, indent=1)
