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
    /// Why there is no interval although one was asked for (too few items, for example).
    public var intervalReason: String?
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

    /// `metric` on `set` at `level`, with a `bootstrap`-replicate 95% percentile interval over items
    /// (Cohen's κ: over the items both annotators labelled) when `bootstrap > 0` and at least
    /// `Bootstrap.minimumUnits` items carry agreement information; otherwise `intervalReason` says
    /// why there is none. Interval and ratio levels need numeric classes (`numericValues`).
    ///
    /// Items enter a coefficient only through their row of class counts (Cohen's κ: through their
    /// cell of the joint table), so a replicate draws how many times each distinct row is resampled
    /// (one multinomial over the rows' multiplicities, `ChanceCorrectedAgreement.Table.patterns`)
    /// and evaluates the coefficient on the weighted rows: the same distribution as resampling the
    /// items one by one, at a cost that does not grow with the number of items. Replicates run on
    /// both cores, each from its own seeded generator.
    /// - Complexity: O(labels + items × K + bootstrap × patterns × K²).
    public static func estimate(
        _ set: LabelSet, metric: String, level: MeasurementLevel, numericValues: [Double]? = nil,
        bootstrap: Int = 0,
        seed: UInt64 = 0
    ) -> AgreementEstimate {
        let k = set.classCount
        // AC1 and Scott's π are unweighted by definition; the others take the level's weights.
        let unweighted = metric == "ac1" || metric == "scott"
        let w = (unweighted ? AgreementWeights.identity : weights(for: level)).matrix(
            classes: k, values: numericValues)
        var pairable = 0
        var labels = 0
        let point: (Double?, String?)
        // The units' distinct rows (or cells) with their multiplicities, and the coefficient of
        // one replicate's resampled multiplicities.
        let multiplicity: [Double]
        let replicate: @Sendable ([Double]) -> Double?
        if metric == "cohen" {
            guard set.annotatorCount == 2 else {
                return AgreementEstimate(
                    metric: metric, level: level, value: nil, ciLow: nil, ciHigh: nil, items: pairable,
                    labels: labels, interpretation: "undefined",
                    undefinedReason: "Cohen's κ is for two annotators; this set has \(set.annotatorCount) "
                        + "(use fleiss, ac1 or alpha)", intervalReason: nil)
            }
            let pairs = CohenKappa.pairs(set, 0, 1)
            let joint = CohenKappa.joint(pairs, classes: k)
            point = CohenKappa.kappa(joint: joint, classes: k, weights: w)
            pairable = pairs.count
            labels = 2 * pairs.count
            multiplicity = joint
            replicate = { CohenKappa.kappa(joint: $0, classes: k, weights: w).value }
        } else {
            let table = ChanceCorrectedAgreement.Table(set)
            for t in table.total where t >= 2 {
                pairable += 1
                labels += Int(t)
            }
            let (rows, counts) = table.patterns()
            multiplicity = counts
            if metric == "alpha" {
                point = alphaFromTable(table, level: level, values: numericValues, rowWeights: nil)
                replicate = { alphaFromTable(rows, level: level, values: numericValues, rowWeights: $0).0 }
            } else {
                let coefficient: ChanceCorrectedAgreement.Coefficient =
                    switch metric {
                    case "fleiss", "scott": .fleiss
                    case "ac1", "ac2": .gwet
                    case "bp": .brennanPrediger
                    default: .percent
                    }
                point = ChanceCorrectedAgreement.value(coefficient, table: table, weights: w)
                replicate = {
                    ChanceCorrectedAgreement.value(coefficient, table: rows, weights: w, rowWeights: $0).value
                }
            }
        }
        var interval: (low: Double, high: Double)?
        var intervalReason: String?
        if bootstrap > 0, point.0 != nil {
            intervalReason = Bootstrap.insufficient(pairable)
            if intervalReason == nil {
                let values = Bootstrap.replicates(
                    groups: multiplicity, count: bootstrap, seed: seed, statistic: replicate)
                interval = Bootstrap.percentileInterval(values)
                if interval == nil {
                    intervalReason =
                        "fewer than \(Bootstrap.minimumReplicates) bootstrap replicates had a defined value"
                }
            }
        }
        return AgreementEstimate(
            metric: metric, level: level, value: point.0, ciLow: interval?.low, ciHigh: interval?.high,
            items: pairable, labels: labels,
            interpretation: point.0.map { band($0, metric: metric) } ?? "undefined", undefinedReason: point.1,
            intervalReason: intervalReason)
    }

    /// Krippendorff's α from rows of class counts, each counted `rowWeights[i]` times (once when
    /// nil), so that bootstrap replicates need no label pass.
    /// - Complexity: O(rows × K²).
    static func alphaFromTable(
        _ table: ChanceCorrectedAgreement.Table, level: MeasurementLevel, values: [Double]?,
        rowWeights: [Double]?
    ) -> (Double?, String?) {
        let k = table.classes
        var o = [Double](repeating: 0, count: k * k)
        var pairable = 0.0
        var n = 0.0
        for i in 0..<table.total.count {
            let m = table.total[i]
            let f = rowWeights?[i] ?? 1
            guard m >= 2, f > 0 else { continue }
            pairable += f
            n += f * m
            let w = f / (m - 1)
            for c in 0..<k {
                let x = table.counts[i * k + c]
                guard x > 0 else { continue }
                for d in 0..<k {
                    let y = table.counts[i * k + d]
                    if c == d { o[c * k + c] += x * (x - 1) * w } else if y > 0 { o[c * k + d] += x * y * w }
                }
            }
        }
        let r = KrippendorffAlpha.alpha(
            coincidence: o, classes: k, pairableItems: Int(pairable.rounded()),
            pairableValues: Int(n.rounded()), level: level, numericValues: values)
        return (r.value, r.undefinedReason)
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
