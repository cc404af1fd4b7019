"""Coverage of the 95% percentile bootstrap interval of a proportion, by sample size.

Behind Bootstrap.minimumUnits (Sources/AssayCore/Support/Bootstrap.swift):
    python3 scripts/bootstrap_minimum.py
prints, for each true proportion, the share of 1,000 simulated samples whose interval
(1,000 replicates) covers it, at n = 10, 20, 30, 50, 100.
"""
import numpy as np

rng = np.random.default_rng(1)
B = 1000
R = 1000
for p in [0.5, 0.75, 0.9, 0.95]:
    row = []
    for n in [10, 20, 30, 50, 100]:
        covered = 0
        for _ in range(R):
            x = rng.random(n) < p
            means = x[rng.integers(0, n, (B, n))].mean(1)
            lo, hi = np.quantile(means, [0.025, 0.975])
            covered += lo <= p <= hi
        row.append(f"n={n}: {covered / R:.3f}")
    print(f"p={p}: " + ", ".join(row))
