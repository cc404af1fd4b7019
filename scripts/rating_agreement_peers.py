#!/usr/bin/env python3
"""Record krippendorff's α on the shared rating and multi-label datasets (run once; output committed).

  python3 -m venv .venv-agree && .venv-agree/bin/pip install krippendorff==0.9.0 pandas numpy
  .venv-agree/bin/python scripts/rating_agreement_peers.py > Tests/AssayFormatsTests/Reference/rating-agreement-peers.json

Ratings (emotion, wordsim, nli_slider, wmt_mqm_ende, convabuse's severities): krippendorff.alpha on a
value_counts matrix (items x distinct values, every label counted: nli_slider repeats 687 (item, worker)
pairs, which a rater matrix cannot hold) at the nominal, ordinal and interval levels.
Multi-label (convabuse/multilabel.csv): per class, nominal α of the 0/1 "class in the label's set"
values; and α over whole sets with a set distance passed to krippendorff.alpha as a callable on the
distinct sets (Jaccard: 1 - |A∩B|/|A∪B|, two empty sets 0; MASI, Passonneau 2006: 1 - J·M with M = 1
for equal sets, 2/3 when one contains the other, 1/3 when they overlap otherwise, 0 when disjoint).
Additive model without priors and with one shared noise (rating = item value + rater severity +
noise): the least-squares fit by numpy.linalg.lstsq with the severities' sum pinned to 0 (a heavily
weighted extra row), on emotion and wmt_mqm_ende: item values and severities by id.
Labels and ids are read as strings (ids such as NA stay ids); numbers are parsed with float().
"""
import json, os, sys
import numpy as np
import pandas as pd
import krippendorff
import importlib.metadata as md

root = os.environ.get("ASSAY_DATASETS", "../shared/datasets")


def value_counts(items, values):
    """items x distinct values count matrix and the sorted value domain."""
    domain = np.array(sorted(set(values)))
    col = {v: k for k, v in enumerate(domain)}
    rows = {}
    for i, v in zip(items, values):
        rows.setdefault(i, np.zeros(len(domain), dtype=np.int64))[col[v]] += 1
    return np.array(list(rows.values())), domain


out = {"versions": {"krippendorff": md.version("krippendorff"), "numpy": np.__version__,
                    "pandas": pd.__version__}, "ratings": {}, "multilabel": {}}
for name, path in [("emotion", "emotion/labels.csv"), ("wordsim", "wordsim/labels.csv"),
                   ("nli_slider", "nli_slider/labels.csv"), ("wmt_mqm_ende", "wmt_mqm_ende/labels.csv"),
                   ("convabuse", "convabuse/labels.csv")]:
    df = pd.read_csv(f"{root}/{path}", dtype=str, keep_default_na=False)
    item = df["task"] if "task" in df else df["item"]
    counts, domain = value_counts(list(item), [float(v) for v in df["label"]])
    entry = {"labels": int(len(df)), "distinct_values": int(len(domain))}
    for level in ["nominal", "ordinal", "interval"]:
        entry[f"alpha_{level}"] = float(krippendorff.alpha(value_counts=counts, value_domain=domain,
                                                           level_of_measurement=level))
    out["ratings"][name] = entry
    print(name, entry, file=sys.stderr)

classes = ["ableist", "homophobic", "intellectual", "racist", "sexist", "sex_harassment", "transphobic",
           "target.generalised", "target.individual", "target.system", "explicit", "implicit"]
df = pd.read_csv(f"{root}/convabuse/multilabel.csv", dtype=str, keep_default_na=False)
sets = [frozenset(x for x in s.split(";") if x) for s in df["labels"]]
entry = {"classes": classes, "per_class_alpha_nominal": {}}
for c in classes:
    counts, domain = value_counts(list(df["item"]), [1.0 if c in s else 0.0 for s in sets])
    entry["per_class_alpha_nominal"][c] = (
        float(krippendorff.alpha(value_counts=counts, value_domain=domain, level_of_measurement="nominal"))
        if len(domain) > 1 else None)
distinct = sorted(set(sets), key=lambda s: sorted(s))
code = {s: k for k, s in enumerate(distinct)}


def jaccard(a, b):
    return 0.0 if not a and not b else 1 - len(a & b) / len(a | b)


def masi(a, b):
    if not a and not b:
        return 0.0
    m = 1 if a == b else 2 / 3 if (a <= b or b <= a) else 1 / 3 if a & b else 0
    return 1 - (len(a & b) / len(a | b)) * m


for dname, dist in [("jaccard", jaccard), ("masi", masi)]:
    table = np.array([[dist(a, b) for b in distinct] for a in distinct])
    counts, domain = value_counts(list(df["item"]), [float(code[s]) for s in sets])
    metric = lambda v1, v2, i1, i2, n_v, dtype=np.float64, t=table: t[i1, i2].astype(dtype)
    entry[f"alpha_{dname}"] = float(krippendorff.alpha(value_counts=counts, value_domain=domain,
                                                       level_of_measurement=metric))
entry["distinct_sets"] = len(distinct)
out["additive_ols"] = {}
for name in ["emotion", "wmt_mqm_ende"]:
    df_r = pd.read_csv(f"{root}/{name}/labels.csv", dtype=str, keep_default_na=False)
    item_col = df_r["task"] if "task" in df_r else df_r["item"]
    it, iu = pd.factorize(item_col)
    wk, wu = pd.factorize(df_r["worker"])
    n, ni, nw = len(df_r), len(iu), len(wu)
    x = np.zeros((n + 1, ni + nw))
    x[np.arange(n), it] = 1
    x[np.arange(n), ni + wk] = 1
    x[n, ni:] = 1e3
    y = np.append(np.array([float(v) for v in df_r["label"]]), 0)
    sol = np.linalg.lstsq(x, y, rcond=None)[0]
    out["additive_ols"][name] = {"value": {k: float(v) for k, v in zip(iu, sol[:ni])},
                                 "severity": {k: float(v) for k, v in zip(wu, sol[ni:])}}
out["multilabel"]["convabuse"] = entry
print("convabuse multilabel", entry, file=sys.stderr)
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
