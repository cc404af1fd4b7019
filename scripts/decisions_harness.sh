#!/bin/sh
# The decisions harness (scripts/decisions_harness/main.swift), built and run by scripts/core_harness.sh:
#   scripts/decisions_harness.sh MODE [N]   # MODE: hierarchy, redundancy, acceptance, drift, drift-grid,
#                                           # fraud, sourcing (seeded; datasets from $ASSAY_DATASETS,
#                                           # default ../shared/datasets), bench (N labels, default 10M),
#                                           # bench-quick (plan/next/accept/drift only)
# drift and drift-grid read DRIFT_BASELINE, DRIFT_LAMBDA, DRIFT_WIDTH (the chart's settings) and
# DRIFT_SEED_BASE (first campaign seed, 5000); redundancy reads REPLAY_TARGET, REPLAY_METHOD,
# REPLAY_INITIAL, REPLAY_GOLD.
exec sh "$(dirname "$0")/core_harness.sh" decisions_harness "$@"
