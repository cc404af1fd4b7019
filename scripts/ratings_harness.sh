#!/bin/sh
# The ratings harness (scripts/ratings_harness/main.swift), built and run by scripts/core_harness.sh:
#   scripts/ratings_harness.sh datasets     # figures on $ASSAY_DATASETS (default ../shared/datasets)
#   scripts/ratings_harness.sh recovery     # severity recovery on simulated raters
#   scripts/ratings_harness.sh bench 10000000
exec sh "$(dirname "$0")/core_harness.sh" ratings_harness "$@"
