#!/usr/bin/env python3
"""Golden values for io.prodlab.stats, computed with scipy.

Run from this directory:  python3 make_reference.py   (writes reference.json next to it)
Made with scipy 1.17.1 / numpy 2.4.6. Inputs are written into the JSON, so the Java tests
read exactly the numbers scipy saw. Conventions (DESIGN.md): "baseline" is x, "candidate" is y,
differences are candidate minus baseline.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.stats import distributions

rng = np.random.default_rng(20261201)


def ints(a):
    return [float(v) for v in a]


# --- two-sample cases ---------------------------------------------------------------
def case(name, x, y):
    return {"name": name, "baseline": ints(np.asarray(x, dtype=float)),
            "candidate": ints(np.asarray(y, dtype=float))}


cases = [
    case("unequal_variances", rng.normal(100, 10, 40), rng.normal(105, 25, 60)),
    case("lognormal_heavy_tails", rng.lognormal(4.0, 1.0, 300), rng.lognormal(4.1, 1.3, 250)),
    case("ties", np.round(rng.normal(20, 3, 50)), np.round(rng.normal(21, 3, 45))),
    case("large_n", rng.normal(200, 40, 5000), rng.normal(201, 40, 5000)),
    case("tiny_p", rng.lognormal(3.0, 0.5, 2000), rng.lognormal(3.6, 0.5, 1500)),
    case("n2_vs_n3", [10.0, 12.5], [11.0, 14.0, 19.5]),
    case("n1_vs_n5", [7.0], [3.0, 8.0, 9.5, 12.0, 30.0]),
    case("n1_vs_n1", [3.0], [4.0]),
    case("n0_vs_n4", [], [1.0, 2.0, 3.0, 4.0]),
    case("all_equal", [5.0] * 6, [5.0] * 7),
    case("constant_baseline", [5.0] * 8, rng.normal(6, 1, 9)),
    case("small_equal_sizes", rng.normal(0, 1, 10), rng.normal(0.8, 1, 10)),
    case("small_unequal_sizes", rng.exponential(50, 30), rng.exponential(80, 20)),
    case("separated", rng.normal(0, 1, 12), rng.normal(10, 1, 15)),
]


def q7(a, q):
    return float(np.quantile(a, q)) if len(a) else None


def descriptives(a):
    a = np.asarray(a, dtype=float)
    n = len(a)
    if n == 0:
        return {"n": 0}
    return {"n": n, "mean": float(np.mean(a)), "sd": float(np.std(a, ddof=1)) if n > 1 else None,
            "min": float(np.min(a)), "max": float(np.max(a)),
            "p50": q7(a, 0.5), "p90": q7(a, 0.9), "p95": q7(a, 0.95), "p99": q7(a, 0.99),
            "sum": float(np.sum(a)), "sum_squares": float(np.sum(a * a))}


def finite(v):
    v = float(v)
    return v if math.isfinite(v) else None


def welch(x, y, confidence):
    # t and the difference are candidate minus baseline: ttest_ind(y, x)
    if len(x) < 2 or len(y) < 2 or (np.var(x) == 0 and np.var(y) == 0):
        return None
    r = stats.ttest_ind(y, x, equal_var=False)
    ci = r.confidence_interval(confidence_level=confidence)
    return {"t": float(r.statistic), "df": float(r.df), "p": float(r.pvalue),
            "diff": float(np.mean(y) - np.mean(x)), "ci_low": float(ci.low), "ci_high": float(ci.high)}


def welch_from_stats(x, y):
    if len(x) < 2 or len(y) < 2 or (np.var(x) == 0 and np.var(y) == 0):
        return None
    r = stats.ttest_ind_from_stats(np.mean(y), np.std(y, ddof=1), len(y),
                                   np.mean(x), np.std(x, ddof=1), len(x), equal_var=False)
    return {"t": float(r.statistic), "p": float(r.pvalue)}


def mann_whitney(x, y):
    if len(x) == 0 or len(y) == 0:
        return None
    xy = np.concatenate([x, y])
    _, t = np.unique(xy, return_counts=True)
    n1, n2 = len(x), len(y)
    n = n1 + n2
    s = math.sqrt(n1 * n2 / 12 * ((n + 1) - np.sum(t ** 3 - t) / (n * (n - 1)))) if n > 1 else 0.0
    if s == 0:
        return None
    r = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="asymptotic")
    u1 = float(r.statistic)
    mu = n1 * n2 / 2
    # z as Prodlab reports it: signed by the direction of U1, continuity-corrected magnitude,
    # the same quantity whose survival function scipy doubles for p.
    z = math.copysign(max(abs(u1 - mu) - 0.5, 0.0) / s, u1 - mu)
    # Hodges-Lehmann: median of all candidate-minus-baseline pairwise differences
    d = np.sort(np.subtract.outer(np.asarray(y, float), np.asarray(x, float)).ravel())
    zc = stats.norm.ppf(0.975)
    k = int(math.floor(n1 * n2 / 2 - zc * s))
    ci = (float(d[k - 1]), float(d[n1 * n2 - k])) if k >= 1 else (None, None)
    return {"u": u1, "z": z, "p": float(r.pvalue), "hodges_lehmann": float(np.median(d)),
            "ci_low": ci[0], "ci_high": ci[1]}


def ks(x, y):
    # scipy's p is nan when round(n*m/(n+m)) is 0 (one observation each)
    if len(x) == 0 or len(y) == 0 or round(len(x) * len(y) / (len(x) + len(y))) < 1:
        return None
    r = stats.ks_2samp(x, y, alternative="two-sided", method="asymp")
    return {"d": float(r.statistic), "p": float(r.pvalue)}


def brown_forsythe(x, y):
    if len(x) == 0 or len(y) == 0 or len(x) + len(y) <= 2:
        return None
    zx = np.abs(np.asarray(x) - np.median(x))
    zy = np.abs(np.asarray(y) - np.median(y))
    if np.sum((zx - zx.mean()) ** 2) + np.sum((zy - zy.mean()) ** 2) == 0:
        return None
    r = stats.levene(x, y, center="median")
    return {"statistic": float(r.statistic), "p": float(r.pvalue)}


def relative(x, y, confidence):
    """gbstats' delta-method relative effect: Var = vc/mb^2 + mc^2 vb/mb^4, Welch df, t quantile."""
    if len(x) < 2 or len(y) < 2 or (np.var(x) == 0 and np.var(y) == 0):
        return None
    mb, mc = np.mean(x), np.mean(y)
    vb, vc = np.var(x, ddof=1) / len(x), np.var(y, ddof=1) / len(y)
    var = vc / mb ** 2 + mc ** 2 * vb / mb ** 4
    df = (vb + vc) ** 2 / (vb ** 2 / (len(x) - 1) + vc ** 2 / (len(y) - 1))
    half = stats.t.ppf(0.5 + confidence / 2, df) * math.sqrt(var)
    lift = (mc - mb) / mb
    return {"lift": float(lift), "ci_low": float(lift - half), "ci_high": float(lift + half)}


out_cases = []
for c in cases:
    x = np.asarray(c["baseline"], dtype=float)
    y = np.asarray(c["candidate"], dtype=float)
    c["descriptives_baseline"] = descriptives(x)
    c["descriptives_candidate"] = descriptives(y)
    c["welch_95"] = welch(x, y, 0.95)
    c["welch_99"] = welch(x, y, 0.99)
    c["welch_from_stats"] = welch_from_stats(x, y)
    c["relative_95"] = relative(x, y, 0.95)
    c["mann_whitney"] = mann_whitney(x, y)
    c["ks"] = ks(x, y)
    c["brown_forsythe"] = brown_forsythe(x, y)
    out_cases.append(c)

# --- the two-sided one-sample Kolmogorov distribution over every branch of _kolmogn ------
kstwo_grid = []
for n in [1, 2, 3, 5, 10, 25, 60, 140, 141, 500, 2500, 20000, 150000]:
    for d in [0.001, 0.01, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.6, 0.8, 0.95]:
        kstwo_grid.append({"n": n, "d": d, "sf": float(distributions.kstwo.sf(d, n))})

# --- proportions ---------------------------------------------------------------------
def two_proportion(e1, n1, e2, n2, confidence):
    """Pooled z-test (candidate minus baseline); Wald (unpooled) interval for the difference."""
    p1, p2 = e1 / n1, e2 / n2
    pooled = (e1 + e2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p2 - p1) / se0
    p = 2 * stats.norm.sf(abs(z))
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    zc = stats.norm.ppf(0.5 + confidence / 2)
    return {"z": z, "p": float(p), "diff": p2 - p1, "ci_low": p2 - p1 - zc * se, "ci_high": p2 - p1 + zc * se}


proportion_cases = []
for e1, n1, e2, n2 in [(30, 1000, 45, 1000), (5, 200, 1, 180), (120, 10000, 190, 10500),
                       (0, 50, 3, 60), (400, 2000, 200, 2000), (2, 9, 7, 11)]:
    entry = {"baseline_errors": e1, "baseline_n": n1, "candidate_errors": e2, "candidate_n": n2,
             "two_proportion_95": two_proportion(e1, n1, e2, n2, 0.95)}
    # table rows: baseline, candidate; columns: errors, non-errors
    table = [[e1, n1 - e1], [e2, n2 - e2]]
    f = stats.fisher_exact(table, alternative="two-sided")
    entry["fisher"] = {"p": float(f.pvalue), "odds_ratio": finite(f.statistic)}
    proportion_cases.append(entry)

error_rates = []
for k, n in [(3, 1000), (0, 50), (50, 50), (17, 23), (1, 1), (120, 10000), (499, 1000)]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    error_rates.append({"errors": k, "n": n, "rate": k / n, "ci_low": float(ci.low), "ci_high": float(ci.high)})

fisher_tables = []
for t in [[[1, 9], [11, 3]], [[8, 2], [1, 5]], [[0, 5], [5, 0]], [[3, 3], [3, 3]], [[0, 0], [4, 5]],
          [[2, 7], [8, 2]], [[10, 0], [0, 10]], [[100, 900], [70, 930]], [[1, 200], [15, 190]], [[5, 0], [2, 3]]]:
    f = stats.fisher_exact(t, alternative="two-sided")
    fisher_tables.append({"table": t, "p": float(f.pvalue), "odds_ratio": finite(f.statistic)})

chi_cases = []
for obs, shares in [([5050, 4950], [0.5, 0.5]), ([5200, 4800], [0.5, 0.5]), ([1000, 2100, 2900], [1 / 6, 1 / 3, 1 / 2]),
                    ([10, 12, 9, 30], [0.25, 0.25, 0.25, 0.25]), ([510000, 490000], [0.5, 0.5]),
                    ([90, 10], [0.9, 0.1])]:
    obs_a = np.asarray(obs, dtype=float)
    shares_a = np.asarray(shares, dtype=float)
    expected = shares_a / shares_a.sum() * obs_a.sum()
    r = stats.chisquare(obs_a, expected)
    chi_cases.append({"observed": obs, "shares": shares, "statistic": float(r.statistic),
                      "df": len(obs) - 1, "p": float(r.pvalue)})

# --- multiple comparisons ------------------------------------------------------------
def holm(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adj[i] = running
    return adj


adjust_cases = []
for p in [[0.01, 0.04, 0.03, 0.005], [0.5], [0.001, 0.001, 0.2, 0.8, 0.049, 0.051],
          list(rng.uniform(0, 0.1, 12)), [1e-12, 0.3, 0.02, 0.9, 0.04]]:
    adjust_cases.append({"p": [float(v) for v in p], "holm": [float(v) for v in holm(p)],
                         "bh": [float(v) for v in stats.false_discovery_control(p, method="bh")]})

# --- quantile functions that intervals and power use -----------------------------------
quantile_checks = {
    "norm_ppf": [{"p": p, "x": float(stats.norm.ppf(p))} for p in [0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 0.9995]],
    "t_ppf": [{"p": p, "df": df, "x": float(stats.t.ppf(p, df))}
              for p in [0.975, 0.995] for df in [1.0, 2.5, 7.3, 30.0, 1000.0]],
}

# --- power (normal approximation, two-sided) --------------------------------------------
def mde_means(sd, n, alpha, power):
    return (stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) * sd * math.sqrt(2 / n)


def n_means(sd, delta, alpha, power):
    return 2 * ((stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) * sd / delta) ** 2


def n_props(p1, p2, alpha, power):
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    pbar = (p1 + p2) / 2
    return (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2


power_cases = []
for sd, n, delta, alpha, power in [(30.0, 1000, 5.0, 0.05, 0.8), (1.0, 50, 0.3, 0.01, 0.9), (120.0, 20000, 2.0, 0.05, 0.8)]:
    power_cases.append({"sd": sd, "n": n, "delta": delta, "alpha": alpha, "power": power,
                        "mde": mde_means(sd, n, alpha, power), "n_needed": n_means(sd, delta, alpha, power)})
prop_power_cases = []
for p1, p2, alpha, power in [(0.02, 0.03, 0.05, 0.8), (0.1, 0.08, 0.05, 0.9), (0.5, 0.52, 0.01, 0.8)]:
    n = n_props(p1, p2, alpha, power)
    prop_power_cases.append({"p1": p1, "p2": p2, "alpha": alpha, "power": power, "n_needed": n})

# --- CUPED: pre-period covariate correlated with the metric ------------------------------
def cuped_case(name, nb, nc, shift, rho):
    xb = rng.lognormal(4.0, 0.5, nb)
    xc = rng.lognormal(4.0, 0.5, nc)
    yb = rho * xb + (1 - rho) * rng.lognormal(4.0, 0.5, nb)
    yc = rho * xc + (1 - rho) * rng.lognormal(4.0, 0.5, nc) + shift
    y = np.concatenate([yb, yc])
    x = np.concatenate([xb, xc])
    theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
    ab = yb - theta * (xb - x.mean())
    ac = yc - theta * (xc - x.mean())
    r = stats.ttest_ind(ac, ab, equal_var=False)
    ci = r.confidence_interval(0.95)
    reduction = 1 - np.var(np.concatenate([ab, ac])) / np.var(y)
    return {"name": name, "baseline": ints(yb), "baseline_covariate": ints(xb), "candidate": ints(yc),
            "candidate_covariate": ints(xc), "theta": float(theta), "variance_reduction": float(reduction),
            "t": float(r.statistic), "df": float(r.df), "p": float(r.pvalue), "diff": float(np.mean(ac) - np.mean(ab)),
            "ci_low": float(ci.low), "ci_high": float(ci.high)}


cuped_cases = [cuped_case("strong_covariate", 400, 350, 3.0, 0.8), cuped_case("weak_covariate", 60, 90, 5.0, 0.2)]

# --- 2x2 factorial on log-latency: least squares with +-1/2 coding (numpy lstsq, scipy t) ----
def factorial_case(name, sizes, effects):
    cells = {}
    rows, ys = [], []
    for a in (0, 1):
        for b in (0, 1):
            mu = 4.0 + effects[0] * a + effects[1] * b + effects[2] * a * b
            v = rng.lognormal(mu, 0.4, sizes[a][b])
            cells[f"{a}{b}"] = ints(v)
            for val in v:
                ca, cb = a - 0.5, b - 0.5
                rows.append([1.0, ca, cb, ca * cb])
                ys.append(math.log(val))
    X = np.asarray(rows)
    y = np.asarray(ys)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    df = len(y) - 4
    sigma2 = resid @ resid / df
    cov = sigma2 * np.linalg.inv(X.T @ X)
    tq = stats.t.ppf(0.975, df)
    out = []
    for i, term in [(1, "A"), (2, "B"), (3, "AxB")]:
        se = math.sqrt(cov[i, i])
        out.append({"term": term, "estimate": float(beta[i]), "se": se, "ci_low": float(beta[i] - tq * se),
                    "ci_high": float(beta[i] + tq * se), "p": float(2 * stats.t.sf(abs(beta[i] / se), df))})
    a_col, b_col = X[:, 1], X[:, 2]
    return {"name": name, "cells": cells, "df": df, "effects": out,
            "design_correlation": float(np.corrcoef(a_col, b_col)[0, 1])}


factorial_cases = [factorial_case("balanced", [[80, 80], [80, 80]], (0.10, 0.0, 0.15)),
                   factorial_case("unbalanced", [[300, 40], [25, 120]], (0.05, 0.2, 0.0))]

# --- contingency tables (attribute differences): Pearson and G without Yates, Cramer's V -----
# A generator of its own, so that the draws above (and their golden values) stay as they were.
crng = np.random.default_rng(20261202)


def wide_table():
    """2x22 like an attribute with 20 kept values, (other) and (missing): uneven, some small cells."""
    shares_b = crng.dirichlet(np.ones(22))
    shares_c = 0.7 * shares_b + 0.3 * crng.dirichlet(np.ones(22))
    return [[int(v) + 1 for v in crng.multinomial(3000, shares_b)], [int(v) + 1 for v in crng.multinomial(800, shares_c)]]


contingency_tables = [
    [[80, 20], [20, 80]],                     # 2x2: no Yates here (scipy's default would apply it)
    [[12, 9], [10, 11]],                      # 2x2, nearly independent
    [[30, 10, 5], [12, 25, 9]],
    [[10, 0, 5], [3, 7, 0]],                  # zero cells: G skips them
    [[800, 150, 50], [200, 500, 300]],        # p far below 1e-100
    [[510000, 490000], [500000, 500000]],     # large n, tiny effect
    [[5, 1, 1, 1], [1, 1, 1, 5]],             # small counts
    [[20, 30, 25, 10], [15, 5, 30, 40], [8, 12, 6, 20]],  # 3x4
    wide_table(),
    wide_table(),
]
contingency = []
for t in contingency_tables:
    pearson = stats.chi2_contingency(t, correction=False)
    g = stats.chi2_contingency(t, correction=False, lambda_="log-likelihood")
    contingency.append({"table": t, "chi_square": float(pearson.statistic), "chi_square_p": float(pearson.pvalue),
                        "df": int(pearson.dof), "g": float(g.statistic), "g_p": float(g.pvalue),
                        "cramers_v": float(stats.contingency.association(t, method="cramer", correction=False))})

ref = {
    "generated_by": "make_reference.py",
    "scipy": scipy.__version__, "numpy": np.__version__,
    "cases": out_cases, "kstwo": kstwo_grid, "proportions": proportion_cases,
    "fisher_tables": fisher_tables, "error_rates": error_rates, "cuped": cuped_cases, "factorial": factorial_cases, "chisquare": chi_cases, "adjust": adjust_cases,
    "quantile_functions": quantile_checks,
    "power_means": power_cases, "power_proportions": prop_power_cases,
    "contingency": contingency,
}
text = json.dumps(ref, indent=1, allow_nan=False)  # NaN is not JSON: every "no value" is null
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    f.write(text)
