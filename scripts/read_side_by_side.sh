#!/bin/bash
# Interleaved reading runs on one folder of gen_labels.py data (labels.csv and labels.jsonl, the
# latter written by scripts/bench.py): Assay on the CSV, pandas.read_csv, Assay on the JSONL,
# pandas.read_json(lines=True, engine="pyarrow"); one line per round, wall seconds.
# Usage: scripts/read_side_by_side.sh DATA/s10M PEER_PYTHON [ROUNDS]
set -euo pipefail
D=$1; PY=$2; N=${3:-4}
A=${ASSAY:-.build/release/assay}
read_s() { "$A" stats "$1" --json | python3 -c "import json,sys; print(round(json.load(sys.stdin)['read_seconds'], 3))"; }
for _ in $(seq "$N"); do
  a=$(read_s "$D/labels.csv")
  p=$("$PY" -c "import pandas as pd,time; t=time.perf_counter(); pd.read_csv('$D/labels.csv'); print(round(time.perf_counter()-t, 3))")
  j=$(read_s "$D/labels.jsonl")
  q=$("$PY" -c "import pandas as pd,time; t=time.perf_counter(); pd.read_json('$D/labels.jsonl', lines=True, engine='pyarrow'); print(round(time.perf_counter()-t, 3))")
  echo "| $a | $p | $j | $q |"
done
