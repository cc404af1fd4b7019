// Assay — quality control for human-labelled training data.

/// Cohen's κ between two annotators on the items both labelled, unweighted or weighted
/// (Cohen 1960, 1968): κ = (p_o − p_e) / (1 − p_e) with p_o = Σ w_kl p_kl and p_e = Σ w_kl p_k· p_·l.
public enum CohenKappa {
    /// κ between annotators `a` and `b` of `set` (their first label on each shared item), the number
    /// of shared items, and a reason when undefined.
    /// - Complexity: O(labels of a and b + K²).
    public static func compute(_ set: LabelSet, _ a: Int, _ b: Int, weights w: [Double]) -> (
        value: Double?, items: Int, reason: String?
    ) {
        let k = set.classCount
        var first = [Int32: Int32]()
        for l in set.labels(ofAnnotator: a) where first[set.item[Int(l)]] == nil {
            first[set.item[Int(l)]] = set.value[Int(l)]
        }
        var joint = [Double](repeating: 0, count: k * k)
        var seen = Set<Int32>()
        var n = 0.0
        for l in set.labels(ofAnnotator: b) {
            let i = set.item[Int(l)]
            guard let va = first[i], seen.insert(i).inserted else { continue }
            joint[Int(va) * k + Int(set.value[Int(l)])] += 1
            n += 1
        }
        guard n > 0 else { return (nil, 0, "the two annotators share no item") }
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
            return (nil, Int(n), "chance agreement is 1 (both annotators used one and the same class)")
        }
        return ((po - pe) / (1 - pe), Int(n), nil)
    }
}
