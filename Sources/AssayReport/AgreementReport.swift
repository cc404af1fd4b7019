// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// Agreement coefficients of a label set as one value: a row per (group, metric), each with its
/// interval or the reason it has none, and the reason a coefficient is undefined.
public struct AgreementReport: Codable, Sendable {
    /// One coefficient.
    public struct Row: Codable, Sendable {
        /// `alpha`, `fleiss`, `cohen`, …
        public var metric: String
        /// `nominal`, `ordinal`, `interval`, `ratio`.
        public var level: String
        /// The vendor or annotator (null when not grouped).
        public var group: String?
        /// The coefficient, null when undefined.
        public var value: Double?
        /// Lower end of the 95% bootstrap interval.
        public var ciLow: Double?
        /// Upper end.
        public var ciHigh: Double?
        /// Why there is no interval.
        public var ciReason: String?
        /// Items carrying agreement information.
        public var items: Int
        /// Labels on them.
        public var labels: Int
        /// The usual reading of the value.
        public var interpretation: String
        /// Why the coefficient is undefined.
        public var undefinedReason: String?
        /// Compute time (reading excluded).
        public var seconds: Double
        /// Vote or answer pairs compared, for figures that are shares of pairs (pairwise
        /// preferences, text); null otherwise.
        public var pairs: Int? = nil
        /// The class a per-class coefficient is about (multi-label sets); null otherwise.
        public var className: String? = nil

        enum CodingKeys: String, CodingKey {
            case metric, level, group, value
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
            case ciReason = "ci_reason"
            case items = "n_items"
            case labels = "n_labels"
            case interpretation
            case undefinedReason = "undefined_reason"
            case seconds
            case pairs = "n_pairs"
            case className = "class"
        }

        /// Every key is written, absent values as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(metric, forKey: .metric)
            try c.encode(level, forKey: .level)
            try c.encode(group, forKey: .group)
            try c.encode(value, forKey: .value)
            try c.encode(ciLow, forKey: .ciLow)
            try c.encode(ciHigh, forKey: .ciHigh)
            try c.encode(ciReason, forKey: .ciReason)
            try c.encode(items, forKey: .items)
            try c.encode(labels, forKey: .labels)
            try c.encode(interpretation, forKey: .interpretation)
            try c.encode(undefinedReason, forKey: .undefinedReason)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(pairs, forKey: .pairs)
            try c.encode(className, forKey: .className)
        }
    }

    /// The rows, group by group, metric by metric.
    public var rows: [Row]

    /// Each of `metrics` on every group: the whole set (`groups` nil), or the given named subsets.
    /// - Complexity: each metric's (O(labels)), plus O(bootstrap × patterns) for the intervals.
    public static func build(
        groups: [(String?, LabelSet)], metrics: [String], level: MeasurementLevel, numericValues: [Double]?,
        bootstrap: Int, seed: UInt64
    ) -> AgreementReport {
        var rows: [Row] = []
        for (group, subset) in groups {
            for m in metrics {
                let start = DispatchTime.now().uptimeNanoseconds
                let e = Agreement.estimate(
                    subset, metric: m, level: level, numericValues: numericValues, bootstrap: bootstrap,
                    seed: seed)
                rows.append(
                    Row(
                        metric: e.metric, level: e.level.rawValue, group: group, value: e.value,
                        ciLow: e.ciLow,
                        ciHigh: e.ciHigh, ciReason: e.intervalReason, items: e.items, labels: e.labels,
                        interpretation: e.interpretation, undefinedReason: e.undefinedReason,
                        seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }
        }
        return AgreementReport(rows: rows)
    }

    /// The groups of `--by vendor` (agreement within each vendor) and `--by annotator` (each
    /// annotator against the consensus of `result` without its own labels).
    public static func groups(_ set: LabelSet, by: String?, result: InferenceResult?) -> [(String?, LabelSet)]
    {
        switch by {
        case "vendor":
            return set.vendorIDs.indices.compactMap { v in
                let sub = set.subset { set.annotatorVendor[Int(set.annotator[$0])] == Int32(v) }
                return sub.count > 0 ? (set.vendorIDs[v], sub) : nil
            }
        case "annotator":
            return (0..<set.annotatorCount).map { a in
                let vendor = set.vendorIDs[Int(set.annotatorVendor[a])]
                let versus = result.map { set.versusConsensus(a, result: $0) } ?? set.versusOthers(a)
                return ((vendor.isEmpty ? "" : vendor + "/") + set.annotatorIDs[a], versus)
            }
        default:
            return [(nil, set)]
        }
    }
}

extension AgreementReport.Row {
    /// A row from a Core estimate.
    init(_ e: AgreementEstimate, group: String?, seconds: Double, className: String? = nil) {
        self.init(
            metric: e.metric, level: e.level.rawValue, group: group, value: e.value, ciLow: e.ciLow,
            ciHigh: e.ciHigh, ciReason: e.intervalReason, items: e.items, labels: e.labels,
            interpretation: e.interpretation, undefinedReason: e.undefinedReason, seconds: seconds,
            className: className)
    }
}
