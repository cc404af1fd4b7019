// Assay — quality control for human-labelled training data.

import Dispatch

/// The percentile bootstrap as every Assay figure uses it: units (items, or the item pairs of
/// Cohen's κ) resampled with replacement, one seeded generator per replicate so that results do
/// not depend on the number of cores, and the least evidence an interval or a p-value needs.
///
/// Why 30 units: a percentile interval is made of the statistic's values on resamples of the
/// units, and with few units there are few distinct resamples, all near the observed value. For a
/// proportion of 0.9 (a typical accuracy) the nominal 95% interval covers the truth in 65% of
/// samples of 10 units, 89% of 20 and 95% of 30 (`scripts/bootstrap_minimum.py`); one unit
/// gives the degenerate "1.000 ± 0.000". Below `minimumUnits` Assay prints no interval or p-value
/// but `tooFew(n)`. The Wilson interval of a single annotator's gold accuracy is a formula that
/// holds at any n and is not subject to this rule.
public enum Bootstrap {
    /// The fewest resampling units behind any bootstrap interval or p-value Assay reports.
    public static let minimumUnits = 30

    /// The fewest usable replicates behind a percentile interval.
    public static let minimumReplicates = 10

    /// The reason printed instead of an interval or p-value resting on `n` units.
    public static func tooFew(_ n: Int) -> String { "too few items (\(n))" }

    /// Why `n` units cannot carry an interval, or nil when they can.
    public static func insufficient(_ n: Int) -> String? { n < minimumUnits ? tooFew(n) : nil }

    /// The generator of replicate `r`: SplitMix64's output function over the seed and the index,
    /// so replicates are independent streams and any subset can run on any core.
    public static func generator(seed: UInt64, replicate r: Int) -> SeededGenerator {
        var z = seed ^ (UInt64(r) &* 0xD1B5_4A32_D192_ED03)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return SeededGenerator(seed: z ^ (z >> 31))
    }

    /// The 95% percentile interval of replicate values (non-finite ones dropped), nil with fewer
    /// than `minimumReplicates` usable values.
    /// - Complexity: O(B log B).
    public static func percentileInterval(_ replicates: [Double], level: Double = 0.95) -> (
        low: Double, high: Double
    )? {
        let sorted = replicates.filter(\.isFinite).sorted()
        guard sorted.count >= minimumReplicates else { return nil }
        let tail = (1 - level) / 2
        return (quantile(sorted, tail), quantile(sorted, 1 - tail))
    }

    /// Linear-interpolated quantile of sorted values.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
    }

    /// `count` replicate values of a statistic of grouped units: `groups[j]` units look alike to
    /// the statistic, a replicate resamples all Σ groups units with replacement by one multinomial
    /// draw of the groups' counts, and `statistic` gets those counts (nil or non-finite: NaN).
    /// - Complexity: O(count × (groups + cost of the statistic)), on both cores.
    public static func replicates(
        groups: [Double], count: Int, seed: UInt64, statistic: @Sendable ([Double]) -> Double?
    ) -> [Double] {
        let units = Int(groups.reduce(0, +))
        var out = [Double](repeating: .nan, count: count)
        out.withUnsafeMutableBufferPointer { o in
            guard let base = o.baseAddress else { return }
            let destination = SharedPointer(base: base)
            forEachReplicate(count) { r in
                var rng = generator(seed: seed, replicate: r)
                var drawn = [Double](repeating: 0, count: groups.count)
                groups.withUnsafeBufferPointer { g in
                    drawn.withUnsafeMutableBufferPointer { rng.nextMultinomial(units, weights: g, into: $0) }
                }
                destination.base[r] = statistic(drawn) ?? .nan
            }
        }
        return out
    }

    /// Runs `body(r)` for replicates `0..<count`, split into `parts` contiguous runs on as many
    /// threads; each replicate must draw only from `generator(seed:replicate:)` and write only
    /// its own results, so the output is the same on any number of cores.
    public static func forEachReplicate(_ count: Int, parts: Int = 2, _ body: @Sendable (Int) -> Void) {
        let parts = max(1, min(parts, count))
        if parts == 1 {
            for r in 0..<count { body(r) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for r in (count * part / parts)..<(count * (part + 1) / parts) { body(r) }
        }
    }
}
