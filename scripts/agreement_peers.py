#!/usr/bin/env python3
"""Record peer agreement values on the shared datasets (run once; the output is committed).

  (a venv of its own: irrCAC pins pandas<3 and numpy<2, which would break the crowd-kit venv)
  python3 -m venv .venv-agree && .venv-agree/bin/pip install krippendorff==0.9.0 irrCAC==0.4.4
  .venv-agree/bin/python scripts/agreement_peers.py > Tests/AssayFormatsTests/Reference/agreement-peers.json

For each categorical dataset in $ASSAY_DATASETS (default ../shared/datasets) without repeated
(task, worker) pairs (the peers' rater matrices cannot hold two labels of one rater on one item):
krippendorff.alpha (nominal, and interval/ordinal/ratio when classes are numbers) and irrCAC's
Fleiss, Gwet AC1, Brennan–Prediger (identity weights) and percent agreement (pa of Fleiss).
Ids and labels are read as strings (pandas would turn ids such as NA into missing values).
"""
import json, os, sys
import numpy as np
import pandas as pd
import krippendorff
from irrCAC.raw import CAC
import importlib.metadata as md

root = os.environ.get("ASSAY_DATASETS", "../shared/datasets")
out = {"versions": {"krippendorff": md.version("krippendorff"), "irrCAC": md.version("irrCAC"),
                    "numpy": np.__version__, "pandas": pd.__version__}, "datasets": {}}
for name in ["duck", "dog", "face", "product", "rte", "temp", "web", "wsd"]:
    df = pd.read_csv(f"{root}/{name}/labels.csv", dtype=str, keep_default_na=False)
    if df.duplicated(["task", "worker"]).any():
        continue
    wide = df.pivot(index="task", columns="worker", values="label")
    numeric = all(v.replace(".", "", 1).lstrip("-").isdigit() for v in df.label.unique())
    entry = {}
    if numeric:
        rel = wide.T.apply(pd.to_numeric).to_numpy(dtype=float)
        for level in ["nominal", "ordinal", "interval", "ratio"]:
            entry[f"alpha_{level}"] = float(krippendorff.alpha(reliability_data=rel, level_of_measurement=level))
    else:
        codes = {v: i for i, v in enumerate(sorted(df.label.unique()))}
        rel = wide.T.apply(lambda c: c.map(codes)).to_numpy(dtype=float)
        entry["alpha_nominal"] = float(krippendorff.alpha(reliability_data=rel, level_of_measurement="nominal"))
    cac = CAC(wide, digits=15)
    f = cac.fleiss()["est"]
    entry["fleiss"] = float(f["coefficient_value"])
    entry["percent"] = float(f["pa"])
    entry["ac1"] = float(cac.gwet()["est"]["coefficient_value"])
    entry["bp"] = float(cac.bp()["est"]["coefficient_value"])
    out["datasets"][name] = entry
    print(name, entry, file=sys.stderr)
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
