#!/bin/sh
# The decisions harness (scripts/decisions_harness/main.swift), built and run by scripts/core_harness.sh:
#   scripts/decisions_harness.sh MODE [N]   # MODE: hierarchy, redundancy, acceptance, drift, drift-grid,
#                                           # fraud, sourcing (seeded; datasets from $ASSAY_DATASETS,
#                                           # default ../shared/datasets), bench (N labels, default 10M)
exec sh "$(dirname "$0")/core_harness.sh" decisions_harness "$@"
