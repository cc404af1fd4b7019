#!/bin/bash
# Interleaved Bradley–Terry runs on the same simulated comparisons: Assay (assay-bench pairwise-fit,
# in-process simulation, set build and fit timed apart) and the peers (scripts/pairwise_peers.py on
# the CSV that `assay-bench pairwise-generate` wrote with the same seed), one block per round.
# Usage: scripts/pairwise_side_by_side.sh N OBJECTS PEER_PYTHON [ROUNDS] [PEER_METHODS]
#   e.g. scripts/pairwise_side_by_side.sh 1000000 10000 .venv-peer/bin/python 3 crowdkit_bt
set -euo pipefail
N=$1; M=$2; PY=$3; R=${4:-3}; METHODS=${5:-crowdkit_bt,choix_ilsr}
B=${ASSAY_BENCH:-.build/release/assay-bench}
D=${PAIRWISE_DATA:-/tmp/pairwise-bench}/s${N}_${M}
[ -f "$D/comparisons.csv" ] || "$B" pairwise-generate "$N" "$M" "$D"
for r in $(seq "$R"); do
  echo "== round $r"
  "$B" pairwise-fit "$N" "$M"
  "$PY" scripts/pairwise_peers.py synthetic "$D" --methods "$METHODS" 2>/dev/null | grep round
done
