// Assay — quality control for human-labelled training data.

/// A distance between two label sets, for Krippendorff's α over whole sets.
public enum SetDistance: String, Sendable, CaseIterable {
    /// 1 − |A ∩ B| / |A ∪ B|; two empty sets are at distance 0. A metric; the default.
    case jaccard
    /// MASI (Passonneau 2006): 1 − J · M, J the Jaccard similarity, M = 1 for equal sets, 2/3 when
    /// one contains the other, 1/3 when they overlap otherwise, 0 when disjoint.
    case masi

    /// The distance between the sets held in `a` and `b` (`words` words each).
    @inlinable public func between(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, words: Int)
        -> Double
    {
        var both = 0
        var either = 0
        var onlyA = 0
        var onlyB = 0
        for k in 0..<words {
            both += (a[k] & b[k]).nonzeroBitCount
            either += (a[k] | b[k]).nonzeroBitCount
            onlyA += (a[k] & ~b[k]).nonzeroBitCount
            onlyB += (b[k] & ~a[k]).nonzeroBitCount
        }
        guard either > 0 else { return 0 }
        let j = Double(both) / Double(either)
        switch self {
        case .jaccard: return 1 - j
        case .masi:
            let m =
                onlyA == 0 && onlyB == 0 ? 1 : (onlyA == 0 || onlyB == 0) ? 2.0 / 3 : both > 0 ? 1.0 / 3 : 0
            return 1 - j * m
        }
    }
}

/// Agreement on multi-label sets: Krippendorff's α per class (nominal, on the class's binary view)
/// and α over whole sets with a set distance (`SetDistance`, Jaccard by default).
///
/// α over sets = 1 − (n − 1) · Σ_u Σ_{i≠j ∈ u} δ(S_i, S_j) / (m_u − 1) / Σ_{s≠t} n_s n_t δ(s, t), over
/// pairable items u (m_u ≥ 2 labels), n their labels, n_s the count of distinct set s among them:
/// Krippendorff's general form with the distance as δ. Checked against the `krippendorff` package
/// given the same distance as a callable (`scripts/rating_agreement_peers.py`).
public enum MultiLabelAgreement {
    /// Nominal α of each class's binary view (present / absent).
    /// - Complexity: O(labels × classes).
    public static func perClassAlpha(_ set: MultiLabelSet) -> [KrippendorffAlpha.Result] {
        (0..<set.classCount).map { KrippendorffAlpha.compute(set.binaryView(ofClass: $0), level: .nominal) }
    }

    /// α over whole sets with `distance`.
    /// - Complexity: O(Σ_u m_u² · words + n log n + D² · words), D the number of distinct sets.
    public static func setAlpha(_ set: MultiLabelSet, distance: SetDistance = .jaccard)
        -> KrippendorffAlpha.Result
    {
        let w = set.wordsPerLabel
        let idx = set.index
        var pairable: [Int] = []
        var pairableItems = 0
        var observed = 0.0
        set.words.withUnsafeBufferPointer { words in
            let base = words.baseAddress!
            for i in 0..<idx.itemCount {
                let r = idx.labels(ofItem: i)
                guard r.count >= 2 else { continue }
                pairableItems += 1
                var sum = 0.0
                for x in r {
                    pairable.append(x)
                    for y in r where y != x { sum += distance.between(base + x * w, base + y * w, words: w) }
                }
                observed += sum / Double(r.count - 1)
            }
        }
        let n = pairable.count
        func result(_ value: Double?, _ reason: String?) -> KrippendorffAlpha.Result {
            KrippendorffAlpha.Result(
                value: value, pairableItems: pairableItems, pairableValues: n, undefinedReason: reason)
        }
        guard n > 0 else { return result(nil, "no item has two or more labels, so nothing can be compared") }
        // Distinct sets with their counts: sort the pairable labels by their words.
        func less(_ x: Int, _ y: Int) -> Bool {
            for k in 0..<w where set.words[x * w + k] != set.words[y * w + k] {
                return set.words[x * w + k] < set.words[y * w + k]
            }
            return false
        }
        pairable.sort(by: less)
        var distinct: [Int] = []
        var counts: [Double] = []
        for x in pairable {
            if let last = distinct.last, !less(last, x) {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(x)
                counts.append(1)
            }
        }
        var expected = 0.0
        set.words.withUnsafeBufferPointer { words in
            let base = words.baseAddress!
            for s in distinct.indices {
                for t in distinct.indices where t != s {
                    expected +=
                        counts[s] * counts[t]
                        * distance.between(base + distinct[s] * w, base + distinct[t] * w, words: w)
                }
            }
        }
        guard expected > 0 else {
            return result(nil, "every pairable set is the same, so no disagreement is expected by chance")
        }
        return result(1 - Double(n - 1) * observed / expected, nil)
    }
}
