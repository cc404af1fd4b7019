#!/usr/bin/env python3
# Assay — quality control for human-labelled training data.
"""Peer figures for EVALUATION.md's typed sections, written to bench/peer/ (see its README.md).

    .venv-peer/bin/python scripts/typed_peers.py readability [DATASETS] > bench/peer/readability.out
    .venv-peer/bin/python scripts/typed_peers.py text NAME [DATASETS] > bench/peer/rover-NAME.out

`readability`: crowd-kit 1.4.2 BradleyTerry (n_iter=100; it stops after two iterations whatever
n_iter and tol say, because its loop keeps `p_old = p_new`, the same array, so the second loss is
0) and the same MM iteration with that line copying (`p_old = p_new.copy()`), run until the scores
move by less than 1e-12 in total: the equal-fit row,
NoisyBradleyTerry under three invented orientations (positions are lost in this file), choix 0.4.1
ilsr_pairwise and opt_pairwise (alpha=0.01); pair accuracy and Kendall tau-b as readability's
SOURCE.md defines them, and the plain Bradley–Terry log-likelihood each reaches.
`text`: crowd-kit ROVER with Assay's tokenisation (scripts/text_peer.py's), micro and macro WER.
Each run ends with one JSON line that scripts/evaluate.py reads.
"""
import json
import random
import sys
import time

import choix
import crowdkit
import numpy as np
import pandas as pd
import scipy
from crowdkit.aggregation import ROVER, BradleyTerry, NoisyBradleyTerry
from scipy.stats import kendalltau

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from text_peer import tokenize, word_error_rates  # noqa: E402

VERSIONS = {"crowd-kit": crowdkit.__version__, "choix": "0.4.1", "numpy": np.__version__,
            "pandas": pd.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0]}


def pair_accuracy(scores, truth):
    """BoRa_EM compute_acc: over ordered pairs with truth_i > truth_j, share with score_i > score_j."""
    t = truth[:, None] > truth[None, :]
    return float(((scores[:, None] > scores[None, :]) & t).sum() / t.sum())


def log_likelihood(theta, winners, losers):
    d = theta[winners] - theta[losers]
    return float(-np.logaddexp(0.0, -d).sum())


def converged_bt(winners, losers, n, tol=1e-12, cap=200000):
    """crowd-kit BradleyTerry.fit's MM update (Hunter 2004) with its previous scores copied, so that
    the stopping rule sees them move: p_i = w_i / sum_j T_ij / (p_i + p_j), normalised to sum 1."""
    M = np.zeros((n, n))
    np.add.at(M, (winners, losers), 1)
    T = M + M.T
    active = T > 0
    w = M.sum(axis=1)
    p = np.ones(n) / n
    Z = np.zeros_like(M)
    for step in range(1, cap + 1):
        P = np.broadcast_to(p, M.shape)
        Z[active] = T[active] / (P[active] + P.T[active])
        new = w / Z.sum(axis=0)
        new /= new.sum()
        if np.abs(new - p).sum() < tol:
            return new, step
        p = new
    return p, cap


def readability(root):
    labels = pd.read_csv(f"{root}/readability/labels.csv", dtype=str, keep_default_na=False)
    truth_rows = pd.read_csv(f"{root}/readability/truth.csv", dtype=str, keep_default_na=False)
    ids = sorted(set(labels.winner) | set(labels.loser), key=int)
    index = {k: i for i, k in enumerate(ids)}
    winners = labels.winner.map(index).to_numpy()
    losers = labels.loser.map(index).to_numpy()
    truth = np.array([float(t) for t in truth_rows.set_index("item").loc[ids, "truth"]])
    rng = random.Random(0)
    coin = [rng.random() < 0.5 for _ in range(len(labels))]
    orientations = {
        "winner left": (winners, losers),
        "smaller id left": (np.minimum(winners, losers), np.maximum(winners, losers)),
        "random (Python random.Random(0))": (np.where(coin, winners, losers), np.where(coin, losers, winners)),
    }
    results = {}

    def record(name, theta, cpu, note=""):
        results[name] = {"acc": pair_accuracy(theta, truth), "tau": float(kendalltau(theta, truth).statistic),
                         "log_likelihood": log_likelihood(theta, winners, losers), "cpu_seconds": cpu, "note": note}
        r = results[name]
        print(f"{name}: acc {r['acc']:.4f} tau {r['tau']:.4f} log-likelihood {r['log_likelihood']:.2f} "
              f"({cpu:.2f} s CPU) {note}", flush=True)

    def crowdkit_scores(model, left, right):
        frame = pd.DataFrame({"worker": labels.worker, "left": left, "right": right, "label": winners})
        start = time.process_time()
        scores = model.fit_predict(frame)
        cpu = time.process_time() - start
        return np.array([scores.get(k, np.nan) for k in range(len(ids))], dtype=float), cpu, model

    p, cpu, model = crowdkit_scores(BradleyTerry(n_iter=100), winners, losers)
    record("crowdkit_bt", np.log(p), cpu, "BradleyTerry(n_iter=100): stops after 2 iterations")
    start = time.process_time()
    p, steps = converged_bt(winners, losers, len(ids))
    record("crowdkit_bt_converged", np.log(p), time.process_time() - start,
           f"crowd-kit's MM with p_old copied: {steps} iterations")
    for name, (left, right) in orientations.items():
        s, cpu, _ = crowdkit_scores(NoisyBradleyTerry(), left, right)
        record(f"crowdkit_noisybt[{name}]", s, cpu, f"NoisyBradleyTerry(), left = {name}")
    data = list(zip(winners.tolist(), losers.tolist()))
    for name, f in [("choix_ilsr", choix.ilsr_pairwise), ("choix_opt", choix.opt_pairwise)]:
        start = time.process_time()
        theta = f(len(ids), data, alpha=0.01)
        record(name, theta, time.process_time() - start, f"{f.__name__}(alpha=0.01)")
    print(json.dumps({"dataset": "readability", "versions": VERSIONS, "results": results}))


def text(name, root):
    folder = f"{root}/{name}"
    labels = pd.read_csv(f"{folder}/labels.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(f"{folder}/truth.csv", dtype=str, keep_default_na=False)
    labels.columns = ["task", "worker", "text"]
    truth.columns = ["task", "truth"]
    start = time.process_time()
    result = ROVER(tokenizer=tokenize, detokenizer=lambda words: " ".join(words)).fit_predict(labels)
    cpu = time.process_time() - start
    micro, macro = word_error_rates(result, truth)
    r = {"micro": micro, "macro": macro, "items": len(truth),
         "cpu_seconds": cpu}
    print(f"crowd-kit ROVER {name}: micro {r['micro']:.4f} macro {r['macro']:.4f} ({cpu:.1f} s CPU)")
    print(json.dumps({"dataset": name, "versions": VERSIONS, "results": {"crowdkit_rover": r}}))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["readability"]:
        readability(args[1] if len(args) > 1 else "../shared/datasets")
    elif args[:1] == ["text"] and len(args) >= 2:
        text(args[1], args[2] if len(args) > 2 else "../shared/datasets")
    else:
        print(__doc__)
