// Assay — quality control for human-labelled training data.

/// The chance-corrected agreement coefficients for any number of annotators with missing labels,
/// in Gwet's general form (Gwet, *Handbook of Inter-Rater Reliability*, 4th ed., ch. 2–5; the R
/// package irrCAC computes the same): coefficient = (p_a − p_e) / (1 − p_e).
///
/// p_a is the mean, over items with at least two labels, of the share of agreeing ordered label
/// pairs (with partial credit under weights); the coefficients differ only in p_e:
/// - Fleiss' κ (Scott's π generalised): Σ_kl w_kl π_k π_l, π_k the mean share of class k per item;
/// - Gwet's AC1 (identity weights) / AC2: T_w / (K(K − 1)) · Σ_k π_k (1 − π_k), T_w = Σ_kl w_kl;
/// - Brennan–Prediger: T_w / K²;
/// - percent agreement: p_a itself (no chance correction).
public enum ChanceCorrectedAgreement {
    /// Which coefficient.
    public enum Coefficient: String, CaseIterable, Sendable {
        /// Fleiss' κ; for two annotators who label every item, Scott's π.
        case fleiss
        /// Gwet's AC1 (identity weights) or AC2 (other weights).
        case gwet
        /// Brennan and Prediger's coefficient (uniform chance).
        case brennanPrediger
        /// Percent agreement (not chance-corrected).
        case percent
    }

    /// Per-item class counts, the sufficient statistic of every coefficient here.
    public struct Table: Sendable {
        /// Number of classes.
        public let classes: Int
        /// `counts[i * K + k]`: labels of class k on item (row) i; all zero for an item without labels.
        public let counts: [Double]
        /// Labels per item.
        public let total: [Double]

        /// The table of `set`, one row per item.
        /// - Complexity: O(labels + items × K).
        public init(_ set: LabelSet) {
            let k = set.classCount
            var counts = [Double](repeating: 0, count: set.itemCount * k)
            var total = [Double](repeating: 0, count: set.itemCount)
            for i in 0..<set.itemCount {
                for l in set.labels(ofItem: i) {
                    counts[i * k + Int(set.value[l])] += 1
                    total[i] += 1
                }
            }
            classes = k
            self.counts = counts
            self.total = total
        }

        /// A table from its rows: `counts` holds `total.count` rows of `classes` counts.
        public init(classes: Int, counts: [Double], total: [Double]) {
            self.classes = classes
            self.counts = counts
            self.total = total
        }
    }

    /// p_a and the class shares π over the table's rows, each counted `rowWeights[i]` times
    /// (once each when nil; a bootstrap replicate gives each row its resampled count).
    /// - Complexity: O(rows × K²) with weights, O(rows × K) without.
    public static func components(_ table: Table, weights w: [Double], rowWeights: [Double]? = nil) -> (
        pa: Double, pi: [Double], itemsWithTwo: Double
    ) {
        let k = table.classes
        var pi = [Double](repeating: 0, count: k)
        var paSum = 0.0
        var n = 0.0
        var n2 = 0.0
        var weighted = [Double](repeating: 0, count: k)
        let identity = (0..<k).allSatisfy { a in (0..<k).allSatisfy { b in w[a * k + b] == (a == b ? 1 : 0) }
        }
        for i in 0..<table.total.count {
            let r = table.total[i]
            let f = rowWeights?[i] ?? 1
            guard r > 0, f > 0 else { continue }
            n += f
            for c in 0..<k { pi[c] += f * table.counts[i * k + c] / r }
            guard r >= 2 else { continue }
            n2 += f
            var s = 0.0
            if identity {
                for c in 0..<k {
                    let x = table.counts[i * k + c]
                    s += x * (x - 1)
                }
            } else {
                for c in 0..<k {
                    var acc = 0.0
                    for d in 0..<k { acc += w[c * k + d] * table.counts[i * k + d] }
                    weighted[c] = acc
                }
                for c in 0..<k { s += table.counts[i * k + c] * (weighted[c] - 1) }
            }
            paSum += f * s / (r * (r - 1))
        }
        for c in 0..<k { pi[c] /= max(n, 1) }
        return (n2 > 0 ? paSum / n2 : .nan, pi, n2)
    }

    /// The coefficient's value (over rows counted `rowWeights` times), or nil with a reason when
    /// undefined (no item with two labels, or chance agreement of 1, which happens when every label
    /// is the same class).
    public static func value(
        _ coefficient: Coefficient, table: Table, weights w: [Double], rowWeights: [Double]? = nil
    ) -> (value: Double?, reason: String?) {
        let k = table.classes
        let (pa, pi, n2) = components(table, weights: w, rowWeights: rowWeights)
        guard n2 > 0 else { return (nil, "no item has two or more labels") }
        let tw = w.reduce(0, +)
        var pe: Double
        switch coefficient {
        case .percent:
            return (pa, nil)
        case .fleiss:
            pe = 0
            for a in 0..<k { for b in 0..<k { pe += w[a * k + b] * pi[a] * pi[b] } }
        case .gwet:
            guard k > 1 else { return (nil, "one class only") }
            pe = tw / Double(k * (k - 1)) * pi.reduce(0) { $0 + $1 * (1 - $1) }
        case .brennanPrediger:
            pe = tw / Double(k * k)
        }
        if abs(1 - pe) < 1e-15 {
            return (
                nil, "chance agreement is 1 (every label is the same class), so the coefficient is undefined"
            )
        }
        return ((pa - pe) / (1 - pe), nil)
    }
}
