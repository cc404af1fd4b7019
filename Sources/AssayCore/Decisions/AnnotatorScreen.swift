// Assay — quality control for human-labelled training data.

import Foundation

/// Annotators whose behaviour is unlike a person's doing the work: bot-like timing (too fast, too
/// regular) and a gap between their accuracy on gold items and elsewhere (leaked honeypots).
///
/// - Too fast: the share of the annotator's labels faster than the pool's 10th percentile of
///   seconds, tested against 10% (binomial upper tail); an effect when the annotator's median is
///   at most `fastRatio` of the pool's.
/// - Too regular: the variance of the annotator's log-seconds against the pool's within-annotator
///   variance, (n − 1) s² / σ² ~ χ²(n − 1) (lower tail); an effect when s ≤ `regularRatio` σ.
/// - Gold gap: gold accuracy g / n_g against the annotator's accuracy elsewhere, estimated without
///   bias from each label's agreement with its item's posterior without it as `AccuracyLayer`
///   does, â = (Σ q(o) − Σ Q₀) / Σ S (raw agreement understates a good annotator's accuracy, so
///   good annotators would show a gap), minus the pool's own gap (gold items may be easier or
///   harder than the rest); one-sided z on the difference with variance
///   g̃(1 − g̃)/(n_g + 4) + Σ (q(o) − q̄)² / (Σ S)², with g̃ = (g + 2)/(n_g + 4) (Agresti–Coull,
///   so that 17 right of 17 is not read as certain); an effect when the excess is at least
///   `minimumGap`.
public struct AnnotatorScreen: Sendable {
    /// Settings.
    public struct Options: Sendable, Codable, Equatable {
        /// Least timed labels of a timing test.
        public var minimumTimed = 20
        /// Median seconds at most this share of the pool's is too fast.
        public var fastRatio = 0.33
        /// Log-seconds spread at most this share of the pool's is too regular.
        public var regularRatio = 0.33
        /// Least gold labels of a gold-gap test.
        public var minimumGold = 10
        /// Least other labels of a gold-gap test.
        public var minimumOther = 20
        /// Least excess of gold accuracy over agreement elsewhere (beyond the pool's gap).
        public var minimumGap = 0.15

        /// The defaults.
        public init() {}
    }

    /// One annotator's test.
    public struct Finding: Sendable, Codable, Equatable {
        /// `too fast`, `too regular` or `gold gap`.
        public var kind: String
        /// Annotator index.
        public var annotator: Int
        /// Annotator id.
        public var name: String
        /// Vendor.
        public var vendor: String
        /// Labels the test used.
        public var labels: Int
        /// The annotator's figure (median seconds; log-seconds SD; gold accuracy minus accuracy elsewhere).
        public var value: Double
        /// The pool's (median seconds; within-annotator log-seconds SD; the pool's gap).
        public var pool: Double
        /// The test's p-value.
        public var p: Double
        /// Benjamini–Hochberg adjusted p over every test of the report.
        public var q: Double
        /// Whether the effect is large enough to matter (see the options).
        public var large: Bool
        /// Flagged: large and q at most the report's level.
        public var flagged: Bool
        /// The evidence in a sentence.
        public var evidence: String
    }

    /// Settings.
    public var options: Options

    /// A screen.
    public init(options: Options = Options()) { self.options = options }

    /// Timing tests of every annotator with enough timed labels (none without durations).
    /// - Complexity: O(labels log labels).
    public func timing(_ set: LabelSet) -> [Finding] {
        let seconds = set.extras.durationSeconds
        guard !seconds.isEmpty else { return [] }
        let all = seconds.filter { $0 > 0 && $0.isFinite }.sorted()
        guard all.count >= options.minimumTimed else { return [] }
        let poolMedian = Bootstrap.quantile(all, 0.5)
        let fast = Bootstrap.quantile(all, 0.1)
        // The pool's within-annotator variance of log-seconds.
        var within = 0.0
        var dof = 0.0
        var logs: [[Double]] = []
        for a in 0..<set.annotatorCount {
            let mine = set.labels(ofAnnotator: a).map { seconds[Int($0)] }.filter { $0 > 0 && $0.isFinite }
                .map { log($0) }
            logs.append(mine)
            guard mine.count >= 2 else { continue }
            let m = mine.reduce(0, +) / Double(mine.count)
            within += mine.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            dof += Double(mine.count - 1)
        }
        let sigma2 = dof > 0 ? within / dof : 1
        var out: [Finding] = []
        for a in 0..<set.annotatorCount where logs[a].count >= options.minimumTimed {
            let mine = logs[a]
            let n = mine.count
            let vendor = set.vendorIDs[Int(set.annotatorVendor[a])]
            let median = exp(Bootstrap.quantile(mine.sorted(), 0.5))
            let faster = mine.filter { $0 < log(fast) }.count
            let pFast = 1 - CountDistributions.binomialCDF(faster - 1, n: n, p: 0.1)
            out.append(
                Finding(
                    kind: "too fast", annotator: a, name: set.annotatorIDs[a], vendor: vendor, labels: n,
                    value: median,
                    pool: poolMedian, p: min(max(pFast, 0), 1), q: 1,
                    large: median <= options.fastRatio * poolMedian,
                    flagged: false,
                    evidence: String(
                        format:
                            "median %.1f s against the pool's %.1f s; %d of %d labels faster than the pool's fastest tenth (%.1f s)",
                        median, poolMedian, faster, n, fast)))
            let m = mine.reduce(0, +) / Double(n)
            let s2 = mine.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
            let statistic = Double(n - 1) * s2 / sigma2
            let pRegular = SpecialFunctions.lowerGamma(Double(n - 1) / 2, statistic / 2)
            out.append(
                Finding(
                    kind: "too regular", annotator: a, name: set.annotatorIDs[a], vendor: vendor, labels: n,
                    value: s2.squareRoot(), pool: sigma2.squareRoot(), p: pRegular, q: 1,
                    large: s2.squareRoot() <= options.regularRatio * sigma2.squareRoot(), flagged: false,
                    evidence: String(
                        format: "log-seconds vary by %.3f (SD) against %.3f within the pool's annotators",
                        s2.squareRoot(), sigma2.squareRoot())
                        + (s2.squareRoot() <= options.regularRatio * sigma2.squareRoot()
                            ? ": durations almost constant" : "")))
        }
        return out
    }

    /// Gold-gap tests of every annotator with enough gold and other labels. `confusion` and
    /// `posteriors` come from a fit of the same set.
    /// - Complexity: O(labels × K).
    public func goldGap(
        _ set: LabelSet, posteriors: [Double], confusion: [Double], gold: GoldAnswers?
    ) -> [Finding] {
        guard let gold, gold.knownCount > 0 else { return [] }
        let k = max(set.classCount, 1)
        var rows:
            [(a: Int, ng: Int, g: Int, m: Int, sum: Double, squares: Double, chance: Double, slope: Double)] =
                []
        var q = [Double](repeating: 0, count: k)
        for a in 0..<set.annotatorCount {
            var ng = 0
            var g = 0
            var m = 0
            var sum = 0.0
            var squares = 0.0
            var chance = 0.0
            var slope = 0.0
            for l32 in set.labels(ofAnnotator: a) {
                let l = Int(l32)
                let i = Int(set.item[l])
                let o = Int(set.value[l])
                if gold.answer[i] >= 0 {
                    ng += 1
                    if gold.answer[i] == set.value[l] { g += 1 }
                    continue
                }
                var z = 0.0
                for t in 0..<k {
                    q[t] = posteriors[i * k + t] / max(confusion[(a * k + t) * k + o], 1e-300)
                    z += q[t]
                }
                guard z > 0, z.isFinite else { continue }
                var concentration = 0.0
                for t in 0..<k { concentration += (q[t] / z) * (q[t] / z) }
                let x = q[o] / z
                let c = (1 - concentration) / Double(max(k - 1, 1))
                m += 1
                sum += x
                squares += x * x
                chance += c
                slope += concentration - c
            }
            rows.append((a, ng, g, m, sum, squares, chance, slope))
        }
        let tested = rows.filter {
            $0.ng >= options.minimumGold && $0.m >= options.minimumOther
                && $0.slope >= AccuracyLayer.minimumEvidence
        }
        let goldAll =
            Double(tested.reduce(0) { $0 + $1.g + 2 }) / Double(max(tested.reduce(0) { $0 + $1.ng + 4 }, 1))
        let otherAll =
            (tested.reduce(0.0) { $0 + $1.sum } - tested.reduce(0.0) { $0 + $1.chance })
            / max(tested.reduce(0.0) { $0 + $1.slope }, 1e-9)
        let poolGap = goldAll - otherAll
        return tested.map { r in
            // Agresti–Coull: two right and two wrong added, so that 17 of 17 is not read as certain.
            let goldAccuracy = Double(r.g + 2) / Double(r.ng + 4)
            let other = (r.sum - r.chance) / r.slope
            let mean = r.sum / Double(r.m)
            let otherVariance = max(r.squares - Double(r.m) * mean * mean, 1e-6) / (r.slope * r.slope)
            let gap = goldAccuracy - other
            let goldVariance = goldAccuracy * (1 - goldAccuracy) / Double(r.ng + 4)
            let z = (gap - poolGap) / (goldVariance + otherVariance).squareRoot()
            return Finding(
                kind: "gold gap", annotator: r.a, name: set.annotatorIDs[r.a],
                vendor: set.vendorIDs[Int(set.annotatorVendor[r.a])], labels: r.ng + r.m, value: gap,
                pool: poolGap,
                p: SpecialFunctions.normalTail(z), q: 1, large: gap - poolGap >= options.minimumGap,
                flagged: false,
                evidence: String(
                    format:
                        "%d of %d gold labels right (%.3f with two right and two wrong added) but an accuracy of %.3f elsewhere (%d labels, each scored by its item without it): a gap of %.3f against the pool's %.3f",
                    r.g, r.ng, goldAccuracy, other, r.m, gap, poolGap))
        }
    }
}
