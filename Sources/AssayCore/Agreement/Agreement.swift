// Assay — quality control for human-labelled training data.

import Foundation

/// One agreement figure with its bootstrap interval: what `assay agreement` reports.
public struct AgreementEstimate: Sendable {
    /// Coefficient name (`alpha`, `fleiss`, `cohen`, `scott`, `ac1`, `ac2`, `bp`, `percent`).
    public var metric: String
    /// Level of measurement used.
    public var level: MeasurementLevel
    /// The coefficient, nil when undefined.
    public var value: Double?
    /// Lower end of the bootstrap percentile interval, nil without bootstrap or when undefined.
    public var ciLow: Double?
    /// Upper end of the interval.
    public var ciHigh: Double?
    /// Items with at least two labels (the ones that carry agreement information).
    public var items: Int
    /// Labels on those items.
    public var labels: Int
    /// Plain-language band (Landis–Koch for κ-type coefficients, Krippendorff's for α).
    public var interpretation: String
    /// Why `value` is nil, when it is.
    public var undefinedReason: String?
}

/// Computes agreement coefficients with seeded bootstrap intervals over items.
public enum Agreement {
    /// Metric names accepted by `estimate`.
    public static let metrics = ["alpha", "fleiss", "cohen", "scott", "ac1", "ac2", "bp", "percent"]

    /// The weights a level implies for the κ-family: nominal → identity, ordinal → linear,
    /// interval and ratio → quadratic.
    public static func weights(for level: MeasurementLevel) -> AgreementWeights {
        switch level {
        case .nominal: .identity
        case .ordinal: .linear
        case .interval, .ratio: .quadratic
        }
    }

    /// `metric` on `set` at `level`, with a `bootstrap`-replicate percentile interval (95%) when
    /// `bootstrap > 0`. Interval and ratio levels need numeric classes (`numericValues`).
    /// - Complexity: O(labels + (1 + bootstrap) × items × K²).
    public static func estimate(
        _ set: LabelSet, metric: String, level: MeasurementLevel, numericValues: [Double]? = nil,
        bootstrap: Int = 0,
        seed: UInt64 = 0
    ) -> AgreementEstimate {
        let k = set.classCount
        let table = ChanceCorrectedAgreement.Table(set)
        // AC1 and Scott's π are unweighted by definition; the others take the level's weights.
        let unweighted = metric == "ac1" || metric == "scott"
        let w = (unweighted ? AgreementWeights.identity : weights(for: level)).matrix(
            classes: k, values: numericValues)
        var pairable = 0
        var labels = 0
        for t in table.total where t >= 2 {
            pairable += 1
            labels += Int(t)
        }
        let point: (Double?, String?)
        let replicate: ([Int]) -> Double?
        var bootstrapUnits: Int? = nil
        switch metric {
        case "alpha":
            point = alphaFromTable(table, level: level, values: numericValues, items: nil)
            replicate = { alphaFromTable(table, level: level, values: numericValues, items: $0).0 }
        case "cohen":
            guard set.annotatorCount == 2 else {
                return AgreementEstimate(
                    metric: metric, level: level, value: nil, ciLow: nil, ciHigh: nil, items: pairable,
                    labels: labels, interpretation: "undefined",
                    undefinedReason: "Cohen's κ is for two annotators; this set has \(set.annotatorCount) "
                        + "(use fleiss, ac1 or alpha)")
            }
            let pairs = CohenKappa.pairs(set, 0, 1)
            point = CohenKappa.kappa(pairs, classes: k, weights: w)
            pairable = pairs.count
            labels = 2 * pairs.count
            // Resample the shared items (the pairs), not the set's items.
            replicate = { sample in
                CohenKappa.kappa(
                    pairs, classes: k, weights: w, sample: sample.map { $0 % max(pairs.count, 1) }
                ).value
            }
            bootstrapUnits = pairs.count
        default:
            let coefficient: ChanceCorrectedAgreement.Coefficient =
                switch metric {
                case "fleiss", "scott": .fleiss
                case "ac1", "ac2": .gwet
                case "bp": .brennanPrediger
                default: .percent
                }
            point = ChanceCorrectedAgreement.value(coefficient, table: table, weights: w)
            replicate = {
                ChanceCorrectedAgreement.value(coefficient, table: table, weights: w, items: $0).value
            }
        }
        var low: Double?
        var high: Double?
        if bootstrap > 0, point.0 != nil {
            var rng = SeededGenerator(seed: seed)
            let itemsWithLabels =
                bootstrapUnits.map { Array(0..<$0) } ?? table.total.indices.filter { table.total[$0] > 0 }
            var values: [Double] = []
            var sample = [Int](repeating: 0, count: itemsWithLabels.count)
            for _ in 0..<bootstrap {
                for j in 0..<sample.count {
                    sample[j] = itemsWithLabels[Int(rng.next() % UInt64(sample.count))]
                }
                if let v = replicate(sample), v.isFinite { values.append(v) }
            }
            values.sort()
            if values.count >= 10 {
                low = quantile(values, 0.025)
                high = quantile(values, 0.975)
            }
        }
        return AgreementEstimate(
            metric: metric, level: level, value: point.0, ciLow: low, ciHigh: high, items: pairable,
            labels: labels,
            interpretation: point.0.map { band($0, metric: metric) } ?? "undefined", undefinedReason: point.1)
    }

    /// Krippendorff's α from per-item counts (so that bootstrap replicates need no label pass).
    static func alphaFromTable(
        _ table: ChanceCorrectedAgreement.Table, level: MeasurementLevel, values: [Double]?, items: [Int]?
    ) -> (Double?, String?) {
        let k = table.classes
        var o = [Double](repeating: 0, count: k * k)
        var pairable = 0
        var n = 0
        func visit(_ i: Int) {
            let m = table.total[i]
            guard m >= 2 else { return }
            pairable += 1
            n += Int(m)
            let w = 1 / (m - 1)
            for c in 0..<k {
                let x = table.counts[i * k + c]
                guard x > 0 else { continue }
                for d in 0..<k {
                    let y = table.counts[i * k + d]
                    if c == d { o[c * k + c] += x * (x - 1) * w } else if y > 0 { o[c * k + d] += x * y * w }
                }
            }
        }
        if let items { for i in items { visit(i) } } else { for i in 0..<table.total.count { visit(i) } }
        let r = KrippendorffAlpha.alpha(
            coincidence: o, classes: k, pairableItems: pairable, pairableValues: n, level: level,
            numericValues: values)
        return (r.value, r.undefinedReason)
    }

    /// Linear-interpolated quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
    }

    /// The usual reading of a value.
    public static func band(_ v: Double, metric: String) -> String {
        if metric == "alpha" {
            return v >= 0.8
                ? "reliable (α ≥ 0.800)"
                : v >= 0.667 ? "tentative (0.667 ≤ α < 0.800)" : "unreliable (α < 0.667)"
        }
        if metric == "percent" { return String(format: "%.1f%% of label pairs agree", 100 * v) }
        switch v {
        case ..<0: return "poor (below chance)"
        case ..<0.2: return "slight"
        case ..<0.4: return "fair"
        case ..<0.6: return "moderate"
        case ..<0.8: return "substantial"
        default: return "almost perfect"
        }
    }
}
