#!/usr/bin/env python3
"""The calibration experiments behind EVALUATION.notes.md ("Calibration of the default method").

Usage: scripts/calibration_study.py [--datasets DIR] [EXPERIMENT ...]   (numpy and scipy)

A numpy re-implementation of Dawid-Skene (crowd-kit's start and stopping rule, with optional pseudo-count
alpha and pooling toward the pool's confusion) and of the calibrated method's tempering, used to measure
alternatives without rebuilding Assay. Its ds and cds figures agree with `assay eval` (ECE to 1e-4 where the
choices agree; the fold assignment differs, so a near-tie in the held-out choice can differ).
Experiments: baseline, temperature, pooling, heldout, loo, oracle, shared. Datasets: $ASSAY_DATASETS.
"""
import argparse, csv, os, sys
import numpy as np

SETS = ["dog", "duck", "face", "product", "rte", "temp", "web", "wsd"]
RHOS = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6]


def classkey(c):
    try:
        return (0, float(c), c)
    except ValueError:
        return (1, 0, c)


def load(root, name):
    rows = list(csv.DictReader(open(f"{root}/{name}/labels.csv", encoding="utf-8")))
    truth = {r["task"]: r["truth"] for r in csv.DictReader(open(f"{root}/{name}/truth.csv", encoding="utf-8"))}
    classes = sorted({r["label"] for r in rows}, key=classkey)
    cidx = {c: i for i, c in enumerate(classes)}
    items = sorted({r["task"] for r in rows}); iidx = {t: i for i, t in enumerate(items)}
    workers = sorted({r["worker"] for r in rows}); widx = {w: i for i, w in enumerate(workers)}
    it = np.array([iidx[r["task"]] for r in rows]); an = np.array([widx[r["worker"]] for r in rows])
    va = np.array([cidx[r["label"]] for r in rows])
    o = np.argsort(it, kind="stable")
    t = np.full(len(items), -1)
    for k, c in truth.items():
        if k in iidx:
            t[iidx[k]] = cidx.get(c, len(classes))
    return dict(name=name, it=it[o], an=an[o], va=va[o], K=len(classes), I=len(items), A=len(workers), truth=t)


def subset(d, keep):
    e = dict(d); e["it"], e["an"], e["va"] = d["it"][keep], d["an"][keep], d["va"][keep]; return e


def softmax(s):
    e = np.exp(s - s.max(1, keepdims=True)); return e / e.sum(1, keepdims=True)


def mv(d):
    p = np.zeros((d["I"], d["K"])); np.add.at(p, (d["it"], d["va"]), 1)
    return p / np.maximum(p.sum(1, keepdims=True), 1)


def ds(d, alpha=0.0, pooled=0.0, iters=100, tol=1e-5):
    """Dawid-Skene EM from majority vote; M[a, t, o] = P(o | t)."""
    K, I, A, it, an, va = d["K"], d["I"], d["A"], d["it"], d["an"], d["va"]
    p, prev, key = mv(d), -np.inf, an * K + va
    for _ in range(iters):
        C = np.stack([np.bincount(key, weights=p[it, t], minlength=A * K).reshape(A, K) for t in range(K)], 1)
        M = C + alpha
        if pooled:
            pool = C.sum(0) + 1; M = M + pooled * (pool / pool.sum(1, keepdims=True))[None]
        M = np.maximum(M, 1e-10); M /= M.sum(2, keepdims=True)
        prior = p.mean(0)
        s = evidence(d, M) + np.log(np.maximum(prior, 1e-10))
        mx = s.max(1, keepdims=True); e = np.exp(s - mx); z = e.sum(1, keepdims=True)
        ll = (mx + np.log(z)).sum() / len(it); p = e / z
        if ll - prev < tol:
            break
        prev = ll
    return p, M, prior


def evidence(d, M):
    lm = np.log(M)[d["an"], :, d["va"]]
    return np.stack([np.bincount(d["it"], weights=lm[:, t], minlength=d["I"]) for t in range(d["K"])], 1)


def tempered(d, M, prior, rho, eps=0.0):
    n = np.bincount(d["it"], minlength=d["I"])
    q = softmax((np.log(np.maximum(prior, 1e-300))[None] + evidence(d, M)) / (1 + np.maximum(n - 1, 0) * rho)[:, None])
    return (1 - eps) * q + eps / d["K"]


def ece(p, truth, bins=15):
    m = truth >= 0; conf = p[m].max(1); ok = (p[m].argmax(1) == truth[m]).astype(float)
    b = np.minimum((conf * bins).astype(int), bins - 1)
    return sum(abs(ok[b == j].sum() - conf[b == j].sum()) for j in range(bins)) / m.sum()


def row(p, d):
    m = d["truth"] >= 0; conf = p[m].max(1); ok = p[m].argmax(1) == d["truth"][m]; hi = conf >= 0.99
    return (f"acc {ok.mean():.4f} ECE {ece(p, d['truth']):.4f} at>=0.99 {hi.sum():5d} right "
            + (f"{ok[hi].mean():.3f}" if hi.any() else "  —  "))


def folds(d, F=5, seed=1):
    rng, f = np.random.default_rng(seed), np.full(len(d["it"]), -1)
    starts = np.searchsorted(d["it"], np.arange(d["I"] + 1))
    for i in range(d["I"]):
        lo, hi = starts[i], starts[i + 1]
        if hi - lo >= 2:
            f[lo:hi] = (rng.integers(F) + np.arange(hi - lo)) % F
    return f


def heldout_choice(d, configs, F=5):
    """(alpha, pooled) and rho with the best 5-fold held-out label log-likelihood."""
    f, best = folds(d, F), (-np.inf, None, None)
    for cfg in configs:
        tot = np.zeros(len(RHOS))
        for k in range(F):
            tr = f != k; dt = subset(d, tr); ho = ~tr & (f >= 0)
            p, M, pr = ds(dt, *cfg)
            for j, rho in enumerate(RHOS):
                q = tempered(dt, M, pr, rho)
                tot[j] += np.log((q[d["it"][ho]] * M[d["an"][ho], :, d["va"][ho]]).sum(1)).sum()
        j = int(np.argmax(tot))
        if tot[j] > best[0]:
            best = (tot[j], cfg, RHOS[j])
    return best[1], best[2]


def run(exp, d):
    n = d["name"]
    if exp == "baseline":  # Dawid-Skene, and the pseudo-count alone
        for a in [0, 0.5, 1]:
            p, M, pr = ds(d, a); print(f"{n:8s} ds alpha {a:<4}", row(p, d))
    elif exp == "temperature":  # one global temperature on DS's evidence (prior too), chosen with truth
        p, M, pr = ds(d, 1.0)
        print(f"{n:8s} ECE at temperature " + " ".join(
            f"{T}:{ece(softmax((np.log(pr)[None] + evidence(d, M)) / T), d['truth']):.3f}" for T in [1, 1.5, 2, 3, 4, 6, 8]))
    elif exp == "pooling":  # pooling toward the pool's confusion, with the held-out choice of rho
        for name, cfgs in [("pseudo-count", [(a, 0) for a in (0.25, 0.5, 1, 2)]),
                           ("pooling", [(0.1, s) for s in (1, 2, 5, 10)])]:
            cfg, rho = heldout_choice(d, cfgs); p, M, pr = ds(d, *cfg)
            print(f"{n:8s} {name:12s} chose {cfg} rho {rho}:", row(tempered(d, M, pr, rho), d))
    elif exp == "heldout":  # the ECE over the (alpha, rho) grid, next to what held-out likelihood picks
        cfg, rho = heldout_choice(d, [(a, 0) for a in (0.25, 0.5, 1, 2)])
        print(f"{n:8s} held-out choice alpha {cfg[0]} rho {rho}")
        for a in (0.25, 0.5, 1, 2):
            p, M, pr = ds(d, a)
            print(f"{n:8s}   alpha {a:<4} ECE by rho " + " ".join(f"{r}:{ece(tempered(d, M, pr, r), d['truth']):.3f}" for r in RHOS))
    elif exp == "loo":  # rho by leave-one-label-out under the one fit (alpha 1), as cds does on large sets
        p, M, pr = ds(d, 1.0); nn = np.bincount(d["it"], minlength=d["I"])
        s = (np.log(pr)[None] + evidence(d, M))[d["it"]] - np.log(M)[d["an"], :, d["va"]]
        m = nn[d["it"]] >= 2; lik = []
        for rho in RHOS:
            q = softmax(s[m] / (1 + (nn[d["it"]][m] - 2) * rho)[:, None])
            lik.append(np.log((q * M[d["an"][m], :, d["va"][m]]).sum(1)).mean())
        rho = RHOS[int(np.argmax(lik))]
        print(f"{n:8s} leave-one-out rho {rho}:", row(tempered(d, M, pr, rho), d))
    elif exp == "oracle":  # the best (rho, eps) fitted on ALL the truth: what a 2-parameter map can reach
        from scipy.optimize import minimize
        p, M, pr = ds(d, 0.25); t = d["truth"]; m = t >= 0
        def nll(x):
            q = tempered(d, M, pr, np.exp(x[0]), 1 / (1 + np.exp(-x[1])))
            return -np.log(np.maximum(q[m][np.arange(m.sum()), np.minimum(t[m], d["K"] - 1)], 1e-12)).mean()
        x = min((minimize(nll, [a, b], method="Nelder-Mead") for a in (-3, -1, 0) for b in (-5, -2)), key=lambda r: r.fun).x
        print(f"{n:8s} in-sample best rho {np.exp(x[0]):.3f} eps {1 / (1 + np.exp(-x[1])):.3f}:",
              row(tempered(d, M, pr, np.exp(x[0]), 1 / (1 + np.exp(-x[1]))), d))
    elif exp == "shared":  # how often the crowd agrees on a wrong answer
        c = np.zeros((d["I"], d["K"])); np.add.at(c, (d["it"], d["va"]), 1)
        tot = c.sum(1); share = c.max(1) / np.maximum(tot, 1); t = d["truth"]
        hi = (tot >= 4) & (share >= 0.8) & (t >= 0); un = (tot >= 4) & (share == 1) & (t >= 0)
        if hi.any():
            print(f"{n:8s} items with >= 80% agreement: {hi.sum():5d}, wrong {(c[hi].argmax(1) != t[hi]).mean():.3f}; "
                  f"unanimous: {un.sum():4d}, wrong {(c[un].argmax(1) != t[un]).mean() if un.any() else 0:.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", default=os.environ.get("ASSAY_DATASETS", "../shared/datasets"))
    ap.add_argument("experiments", nargs="*", default=["baseline", "temperature", "pooling", "heldout", "loo",
                                                        "oracle", "shared"])
    ap.add_argument("--only", default=",".join(SETS))
    args = ap.parse_args()
    np.seterr(all="ignore")
    data = [load(args.datasets, n) for n in args.only.split(",")]
    for exp in args.experiments:
        print(f"== {exp}")
        for d in data:
            run(exp, d)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
