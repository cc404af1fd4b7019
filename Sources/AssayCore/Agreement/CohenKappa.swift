// Assay — quality control for human-labelled training data.

/// Cohen's κ between two annotators on the items both labelled, unweighted or weighted
/// (Cohen 1960, 1968): κ = (p_o − p_e) / (1 − p_e) with p_o = Σ w_kl p_kl and p_e = Σ w_kl p_k· p_·l.
public enum CohenKappa {
    /// The (label of a, label of b) pairs on the items both labelled (each one's first label there).
    /// - Complexity: O(labels of a and b).
    public static func pairs(_ set: LabelSet, _ a: Int, _ b: Int) -> [(Int32, Int32)] {
        var first = [Int32: Int32]()
        for l in set.labels(ofAnnotator: a) where first[set.item[Int(l)]] == nil {
            first[set.item[Int(l)]] = set.value[Int(l)]
        }
        var seen = Set<Int32>()
        var out: [(Int32, Int32)] = []
        for l in set.labels(ofAnnotator: b) {
            let i = set.item[Int(l)]
            guard let va = first[i], seen.insert(i).inserted else { continue }
            out.append((va, set.value[Int(l)]))
        }
        return out
    }

    /// The K × K joint table of the pairs (row: a's label, column: b's), row-major.
    /// - Complexity: O(pairs + K²).
    public static func joint(_ pairs: [(Int32, Int32)], classes k: Int) -> [Double] {
        var joint = [Double](repeating: 0, count: k * k)
        for (x, y) in pairs { joint[Int(x) * k + Int(y)] += 1 }
        return joint
    }

    /// κ from label pairs, with a reason when undefined.
    /// - Complexity: O(pairs + K²).
    public static func kappa(_ pairs: [(Int32, Int32)], classes k: Int, weights w: [Double]) -> (
        value: Double?, reason: String?
    ) {
        kappa(joint: joint(pairs, classes: k), classes: k, weights: w)
    }

    /// κ from a joint table of counts (any non-negative weights: a bootstrap replicate's
    /// resampled counts), with a reason when undefined.
    /// - Complexity: O(K²).
    public static func kappa(joint: [Double], classes k: Int, weights w: [Double]) -> (
        value: Double?, reason: String?
    ) {
        let n = joint.reduce(0, +)
        guard n > 0 else { return (nil, "the two annotators share no item") }
        var rows = [Double](repeating: 0, count: k)
        var cols = [Double](repeating: 0, count: k)
        var po = 0.0
        for x in 0..<k {
            for y in 0..<k {
                let p = joint[x * k + y] / n
                rows[x] += p
                cols[y] += p
                po += w[x * k + y] * p
            }
        }
        var pe = 0.0
        for x in 0..<k { for y in 0..<k { pe += w[x * k + y] * rows[x] * cols[y] } }
        if abs(1 - pe) < 1e-15 {
            return (nil, "chance agreement is 1 (both annotators used one and the same class)")
        }
        return ((po - pe) / (1 - pe), nil)
    }

    /// κ between annotators `a` and `b` of `set`, with the number of shared items.
    public static func compute(_ set: LabelSet, _ a: Int, _ b: Int, weights w: [Double]) -> (
        value: Double?, items: Int, reason: String?
    ) {
        let p = pairs(set, a, b)
        let r = kappa(p, classes: set.classCount, weights: w)
        return (r.value, p.count, r.reason)
    }
}
