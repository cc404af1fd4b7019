#!/usr/bin/env python3
# Assay — quality control for human-labelled training data.
"""The peers of Assay's Bradley–Terry on the same comparisons: crowd-kit 1.4.2 BradleyTerry and
choix 0.4.1 (ilsr_pairwise, opt_pairwise), with the log-likelihood each reaches under plain
Bradley–Terry (sum of log sigma(theta_winner - theta_loser)), so that speed is compared at equal fit.

    python3 -m venv .venv-peer
    .venv-peer/bin/pip install crowd-kit==1.4.2 "scikit-learn<1.6" choix==0.4.1
    .venv-peer/bin/python scripts/pairwise_peers.py readability [DATASETS]
    .venv-peer/bin/python scripts/pairwise_peers.py synthetic DIR [--methods a,b] [--rounds R]

`readability` prints pair accuracy (readability/SOURCE.md's definition) and Kendall tau-b (scipy)
per peer; `synthetic` reads DIR/comparisons.csv (worker,left,right,label) as written by
`assay-bench pairwise-generate` and times each peer's fit (CSV reading excluded), wall and CPU.
"""

import sys
import time

import choix
import numpy as np
import pandas as pd
from crowdkit.aggregation import BradleyTerry
from scipy.stats import kendalltau


def log_likelihood(theta, winners, losers):
    """Sum over comparisons of log sigma(theta_w - theta_l)."""
    d = theta[winners] - theta[losers]
    return float(-np.logaddexp(0.0, -d).sum())


def fit(method, n, winners, losers, frame):
    """Scores theta (log-strengths) of one peer, in object-index order."""
    if method == "crowdkit_bt":
        scores = BradleyTerry(n_iter=100).fit_predict(frame)
        p = np.array([scores.get(k, np.nan) for k in range(n)], dtype=float)
        return np.log(p)
    data = list(zip(winners.tolist(), losers.tolist()))
    if method == "choix_ilsr":
        return choix.ilsr_pairwise(n, data, alpha=0.01)
    if method == "choix_opt":
        return choix.opt_pairwise(n, data, alpha=0.01)
    raise SystemExit(f"unknown method {method}")


def timed(method, n, winners, losers, frame):
    w0, c0 = time.perf_counter(), time.process_time()
    theta = fit(method, n, winners, losers, frame)
    return theta, time.perf_counter() - w0, time.process_time() - c0


def pair_accuracy(scores, truth):
    """BoRa_EM compute_acc: over ordered pairs with truth_i > truth_j, share with score_i > score_j."""
    t = truth[:, None] > truth[None, :]
    right = (scores[:, None] > scores[None, :]) & t
    return right.sum() / t.sum()


def readability(root):
    labels = pd.read_csv(f"{root}/readability/labels.csv", dtype=str, keep_default_na=False)
    truth_rows = pd.read_csv(f"{root}/readability/truth.csv", dtype=str, keep_default_na=False)
    ids = sorted(set(labels.winner) | set(labels.loser))
    index = {k: i for i, k in enumerate(ids)}
    winners = labels.winner.map(index).to_numpy()
    losers = labels.loser.map(index).to_numpy()
    truth = np.full(len(ids), np.nan)
    for item, level in zip(truth_rows["item"], truth_rows["truth"]):
        truth[index[item]] = float(level)
    # crowd-kit ignores positions; the winner is given as left (its label names the winner).
    frame = pd.DataFrame({"worker": labels.worker, "left": winners, "right": losers, "label": winners})
    for method in ["crowdkit_bt", "choix_ilsr", "choix_opt"]:
        theta, wall, cpu = timed(method, len(ids), winners, losers, frame)
        print(
            f"{method}: acc {pair_accuracy(theta, truth):.4f} tau {kendalltau(theta, truth).statistic:.4f} "
            f"log-likelihood {log_likelihood(theta, winners, losers):.2f} ({wall:.2f} s wall, {cpu:.2f} s CPU)"
        )


def synthetic(directory, methods, rounds):
    frame = pd.read_csv(f"{directory}/comparisons.csv", dtype=str, keep_default_na=False)
    ids = sorted(set(frame.left) | set(frame.right))
    index = {k: i for i, k in enumerate(ids)}
    left = frame.left.map(index).to_numpy()
    right = frame.right.map(index).to_numpy()
    winners = frame.label.map(index).to_numpy()
    losers = np.where(winners == left, right, left)
    frame = pd.DataFrame({"worker": frame.worker, "left": left, "right": right, "label": winners})
    print(f"{len(frame)} comparisons over {len(ids)} objects")
    for r in range(rounds):
        for method in methods:
            theta, wall, cpu = timed(method, len(ids), winners, losers, frame)
            print(
                f"round {r + 1} {method}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                f"log-likelihood {log_likelihood(theta, winners, losers):.4f}",
                flush=True,
            )


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "readability":
        readability(args[1] if len(args) > 1 else "../shared/datasets")
    elif len(args) >= 2 and args[0] == "synthetic":
        methods = ["crowdkit_bt", "choix_ilsr"]
        rounds = 1
        if "--methods" in args:
            methods = args[args.index("--methods") + 1].split(",")
        if "--rounds" in args:
            rounds = int(args[args.index("--rounds") + 1])
        synthetic(args[1], methods, rounds)
    else:
        print(__doc__)
