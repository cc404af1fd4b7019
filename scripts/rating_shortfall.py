#!/usr/bin/env python3
# Assay — quality control for human-labelled training data.
"""Why the additive rater model loses to the plain mean on a rating dataset with truth (emotion,
wordsim): each part of the model alone against truth. Prints the Pearson correlation with truth of
the plain mean; of the mean after rater offsets (equal weights, offsets centred, 50 alternating
passes); and of inverse-noise-weighted means without offsets (each rater's squared deviation from
the plain mean, shrunk toward the pooled value with 2, 10 and 50 pseudo-ratings).

    python3 scripts/rating_shortfall.py emotion   # ASSAY_DATASETS or ../shared/datasets
"""
import csv
import os
import statistics as st
import sys
from collections import defaultdict

import numpy as np

name = sys.argv[1]
root = os.environ.get("ASSAY_DATASETS", "../shared/datasets")
rows = list(csv.DictReader(open(f"{root}/{name}/labels.csv")))
truth = {r[list(r)[0]]: float(r[list(r)[1]]) for r in csv.DictReader(open(f"{root}/{name}/truth.csv"))}
k = list(rows[0])
it, wk, lab = k[0], k[1], k[-1]
byitem = defaultdict(list); byrater = defaultdict(list)
for r in rows:
    byitem[r[it]].append((r[wk], float(r[lab]))); byrater[r[wk]].append((r[it], float(r[lab])))
items = [i for i in byitem if i in truth]
t = np.array([truth[i] for i in items])
def corr(est): return np.corrcoef([est[i] for i in items], t)[0,1]
mean = {i: np.mean([v for _, v in byitem[i]]) for i in byitem}
print("raters", len(byrater), "items", len(byitem), "ratings/rater median", st.median(len(v) for v in byrater.values()))
print("mean", round(corr(mean),4))
# severity only: iterate offsets equal weights
sev = defaultdict(float)
for _ in range(50):
    est = {i: np.mean([v - sev[w] for w, v in byitem[i]]) for i in byitem}
    sev = {w: np.mean([v - est[i] for i, v in l]) for w, l in byrater.items()}
    m = np.mean(list(sev.values())); sev = {w: s - m for w, s in sev.items()}
print("severity only, equal weights", round(corr(est),4))
# noise weights only, no severity
var = {w: max(np.mean([(v - mean[i])**2 for i, v in l]), 1e-6) for w, l in byrater.items()}
pooled = np.mean(list(var.values()))
for nu in [2, 10, 50]:
    vv = {w: (len(byrater[w]) * var[w] + nu * pooled) / (len(byrater[w]) + nu) for w in var}
    est = {i: sum(v / vv[w] for w, v in byitem[i]) / sum(1 / vv[w] for w, _ in byitem[i]) for i in byitem}
    print(f"noise weights only nu={nu}", round(corr(est),4))
