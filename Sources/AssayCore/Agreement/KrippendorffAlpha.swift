// Assay — quality control for human-labelled training data.

/// The level of measurement an agreement coefficient assumes, which fixes its difference function.
public enum MeasurementLevel: String, CaseIterable, Sendable {
    /// Categories without order: any two different values differ by 1.
    case nominal
    /// Ordered categories: differences by the mass of values between them (ranks).
    case ordinal
    /// Numbers on an interval scale: squared difference.
    case interval
    /// Numbers with a true zero: squared difference relative to the sum.
    case ratio
}

/// Krippendorff's α for any number of annotators, missing values and any level of measurement
/// (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011).
///
/// α = 1 − D_o / D_e from the coincidence matrix: each item with m ≥ 2 values adds 1/(m − 1) for
/// every ordered pair of values from different labels; items with a single value are not pairable
/// and are left out, as α prescribes. Missing values are never a category: they are simply absent.
public enum KrippendorffAlpha {
    /// Result of one computation.
    public struct Result: Sendable, Equatable {
        /// α, or nil when it is undefined (no pairable items, or every pairable value is the same, so
        /// that expected disagreement is zero).
        public var value: Double?
        /// Items with at least two values (pairable).
        public var pairableItems: Int
        /// Values in pairable items.
        public var pairableValues: Int
        /// Why `value` is nil, when it is.
        public var undefinedReason: String?
    }

    /// α for `set` at `level`. For interval and ratio levels every class must be a number
    /// (`numericValues` gives them, in class order); ordinal uses the class order.
    /// - Complexity: O(labels + items × K + K²) for nominal, O(labels + items × K² ) otherwise.
    public static func compute(_ set: LabelSet, level: MeasurementLevel, numericValues: [Double]? = nil)
        -> Result
    {
        let k = set.classCount
        let (o, pairable, values) = coincidences(set)
        return alpha(
            coincidence: o, classes: k, pairableItems: pairable, pairableValues: values, level: level,
            numericValues: numericValues)
    }

    /// The K × K coincidence matrix (row-major), the number of pairable items and of their values.
    /// - Complexity: O(labels + items × (distinct values per item)²).
    public static func coincidences(_ set: LabelSet) -> ([Double], Int, Int) {
        let k = set.classCount
        var o = [Double](repeating: 0, count: k * k)
        var counts = [Int](repeating: 0, count: k)
        var present: [Int] = []
        var pairable = 0
        var values = 0
        for i in 0..<set.itemCount {
            let r = set.labels(ofItem: i)
            let m = r.count
            guard m >= 2 else { continue }
            pairable += 1
            values += m
            present.removeAll(keepingCapacity: true)
            for l in r {
                let c = Int(set.value[l])
                if counts[c] == 0 { present.append(c) }
                counts[c] += 1
            }
            let w = 1 / Double(m - 1)
            for c in present {
                for d in present {
                    o[c * k + d] += Double(counts[c] * (c == d ? counts[c] - 1 : counts[d])) * w
                }
            }
            for c in present { counts[c] = 0 }
        }
        return (o, pairable, values)
    }

    /// α from a coincidence matrix.
    public static func alpha(
        coincidence o: [Double], classes k: Int, pairableItems: Int, pairableValues: Int,
        level: MeasurementLevel,
        numericValues: [Double]?
    ) -> Result {
        var marginal = [Double](repeating: 0, count: k)
        for c in 0..<k { for d in 0..<k { marginal[c] += o[c * k + d] } }
        let n = marginal.reduce(0, +)
        guard pairableItems > 0, n > 1 else {
            return Result(
                value: nil, pairableItems: pairableItems, pairableValues: pairableValues,
                undefinedReason: "no item has two or more values, so nothing can be compared")
        }
        let delta = differences(marginal: marginal, level: level, numericValues: numericValues)
        var observed = 0.0
        var expected = 0.0
        for c in 0..<k {
            for d in 0..<k where c != d {
                observed += o[c * k + d] * delta[c * k + d]
                expected += marginal[c] * marginal[d] * delta[c * k + d]
            }
        }
        guard expected > 0 else {
            return Result(
                value: nil, pairableItems: pairableItems, pairableValues: pairableValues,
                undefinedReason: "every pairable value is the same, so no disagreement is expected by chance")
        }
        let value = 1 - (n - 1) * observed / expected
        return Result(
            value: value, pairableItems: pairableItems, pairableValues: pairableValues, undefinedReason: nil)
    }

    /// δ²(c, d) for every pair of classes, row-major.
    static func differences(marginal: [Double], level: MeasurementLevel, numericValues: [Double]?) -> [Double]
    {
        let k = marginal.count
        var delta = [Double](repeating: 0, count: k * k)
        let x = numericValues ?? (0..<k).map(Double.init)
        for c in 0..<k {
            for d in 0..<k where c != d {
                switch level {
                case .nominal:
                    delta[c * k + d] = 1
                case .ordinal:
                    let (lo, hi) = (min(c, d), max(c, d))
                    var s = 0.0
                    for g in lo...hi { s += marginal[g] }
                    s -= (marginal[c] + marginal[d]) / 2
                    delta[c * k + d] = s * s
                case .interval:
                    delta[c * k + d] = (x[c] - x[d]) * (x[c] - x[d])
                case .ratio:
                    let sum = x[c] + x[d]
                    delta[c * k + d] = sum == 0 ? 0 : ((x[c] - x[d]) / sum) * ((x[c] - x[d]) / sum)
                }
            }
        }
        return delta
    }
}
