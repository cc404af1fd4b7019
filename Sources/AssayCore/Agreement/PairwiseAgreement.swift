// Assay — quality control for human-labelled training data.

/// Agreement between pairwise votes: the share of agreeing vote pairs with and without ties
/// (MT-bench's measure) and Krippendorff's α over the three outcomes, with bootstrap intervals.
///
/// Two votes on the same item agree when both are ties or both prefer the same object (MT-bench's
/// rule, FastChat `compute_agreement.py`); "without ties" drops every pair in which either vote is
/// a tie. Within a group of annotators every unordered pair of the group's votes on an item is one
/// pair (an annotator's repeated votes included); between two groups every vote of one is paired
/// with every vote of the other on the same item (the groups should not share annotators). Groups
/// are masks over annotators (nil: everyone).
///
/// α is nominal over the canonical outcomes (first better, second better, tie), so it takes the
/// item's canonical orientation as given; the vote-pair shares do not depend on it.
public enum PairwiseAgreement {
    /// Which figure an estimate is.
    public enum Measure: String, Sendable, CaseIterable {
        /// Share of agreeing vote pairs, ties counted as a third answer.
        case withTies = "with_ties"
        /// Share of agreeing vote pairs among pairs where neither vote is a tie.
        case withoutTies = "without_ties"
        /// Krippendorff's α, nominal, over the three canonical outcomes.
        case alpha
    }

    /// One agreement figure with its bootstrap interval.
    public struct Estimate: Sendable {
        /// Which figure.
        public var measure: Measure
        /// The figure, nil when undefined.
        public var value: Double?
        /// Agreeing vote pairs (for α: the observed agreement's numerator, 0).
        public var agreeing: Int
        /// Vote pairs compared (for α: pairable values).
        public var pairs: Int
        /// Items that contributed at least one pair.
        public var items: Int
        /// Lower end of the 95% bootstrap percentile interval over items, nil without bootstrap.
        public var low: Double?
        /// Upper end.
        public var high: Double?
        /// Why `value` is nil, when it is.
        public var undefinedReason: String?
        /// Why there is no interval when one was asked for (too few items: `Bootstrap.minimumUnits`).
        public var intervalReason: String? = nil
    }

    /// Per item, the counts of canonical outcomes among the votes of two groups: `a` then `b`,
    /// three each.
    struct Counts {
        var a: [Int32]
        var b: [Int32]
        let items: Int

        init(_ set: PairwiseSet, a: [Bool]?, b: [Bool]?) {
            items = set.itemCount
            self.a = [Int32](repeating: 0, count: items * 3)
            self.b = b == nil ? [] : [Int32](repeating: 0, count: items * 3)
            for l in 0..<set.count {
                let who = Int(set.index.annotator[l])
                let cell = Int(set.index.item[l]) * 3 + Int(set.canonicalOutcome(l))
                if a?[who] ?? true { self.a[cell] += 1 }
                if let b, b[who] { self.b[cell] += 1 }
            }
        }

        /// Group `a`'s (first better, second better, tie) votes on item `i`.
        func inA(_ i: Int) -> (Int, Int, Int) { (Int(a[i * 3]), Int(a[i * 3 + 1]), Int(a[i * 3 + 2])) }
        /// Group `b`'s votes on item `i`.
        func inB(_ i: Int) -> (Int, Int, Int) { (Int(b[i * 3]), Int(b[i * 3 + 1]), Int(b[i * 3 + 2])) }
    }

    /// Agreement among the votes of `group`: with ties, without ties and α.
    /// - Complexity: O(labels + (1 + bootstrap) × items).
    public static func within(_ set: PairwiseSet, group: [Bool]? = nil, bootstrap: Int = 0, seed: UInt64 = 0)
        -> [Estimate]
    {
        let counts = Counts(set, a: group, b: nil)
        return Measure.allCases.map { m in
            estimate(m, counts: counts, bootstrap: bootstrap, seed: seed) { c, i in
                let (f, s, t) = c.inA(i)
                let all = f + s + t
                switch m {
                case .withTies: return (pairs(f) + pairs(s) + pairs(t), pairs(all))
                case .withoutTies: return (pairs(f) + pairs(s), pairs(f + s))
                case .alpha: return (0, 0)
                }
            }
        }
    }

    /// Agreement of every vote of group `a` with every vote of group `b` on the same item: with ties
    /// and without ties.
    /// - Complexity: O(labels + (1 + bootstrap) × items).
    public static func between(
        _ set: PairwiseSet, _ a: [Bool], _ b: [Bool], bootstrap: Int = 0, seed: UInt64 = 0
    ) -> [Estimate] {
        let counts = Counts(set, a: a, b: b)
        return [Measure.withTies, .withoutTies].map { m in
            estimate(m, counts: counts, bootstrap: bootstrap, seed: seed) { c, i in
                let (af, asec, at) = c.inA(i)
                let (bf, bs, bt) = c.inB(i)
                if m == .withTies {
                    return (af * bf + asec * bs + at * bt, (af + asec + at) * (bf + bs + bt))
                }
                return (af * bf + asec * bs, (af + asec) * (bf + bs))
            }
        }
    }

    /// Agreement of every vote of group `a` with the majority of group `b`'s votes on the same item
    /// (items where `b` has no votes, or where two outcomes share the most votes, are skipped): with
    /// ties and without ties (the vote or the majority being a tie drops the pair).
    /// - Complexity: O(labels + (1 + bootstrap) × items).
    public static func versusMajority(
        _ set: PairwiseSet, _ a: [Bool], of b: [Bool], bootstrap: Int = 0, seed: UInt64 = 0
    ) -> [Estimate] {
        let counts = Counts(set, a: a, b: b)
        return [Measure.withTies, .withoutTies].map { m in
            estimate(m, counts: counts, bootstrap: bootstrap, seed: seed) { c, i in
                let (bf, bs, bt) = c.inB(i)
                let votes = [bf, bs, bt]
                let top = votes.max()!
                guard top > 0, votes.filter({ $0 == top }).count == 1 else { return (0, 0) }
                let majority = votes.firstIndex(of: top)!
                let (af, asec, at) = c.inA(i)
                let agree = Int(c.a[i * 3 + majority])
                if m == .withTies { return (agree, af + asec + at) }
                return majority == 2 ? (0, 0) : (agree, af + asec)
            }
        }
    }

    /// Per annotator: agreement of each of their votes with every vote of `group` (other annotators
    /// only) on the same item, with ties (first) and without.
    /// - Complexity: O(Σ over items of labels²).
    public static func perAnnotator(_ set: PairwiseSet, versus group: [Bool]? = nil) -> [(
        withTies: Estimate, withoutTies: Estimate
    )] {
        var agree = [[Int]](repeating: [0, 0], count: set.annotatorCount)
        var total = [[Int]](repeating: [0, 0], count: set.annotatorCount)
        var items = [[Int]](repeating: [0, 0], count: set.annotatorCount)
        var touched = [[Bool]](repeating: [false, false], count: set.annotatorCount)
        for i in 0..<set.itemCount {
            let r = set.index.labels(ofItem: i)
            var who: [Int] = []
            for l in r {
                let a = Int(set.index.annotator[l])
                let c = set.canonicalOutcome(l)
                for m in r where set.index.annotator[m] != set.index.annotator[l] {
                    guard group?[Int(set.index.annotator[m])] ?? true else { continue }
                    let d = set.canonicalOutcome(m)
                    total[a][0] += 1
                    touched[a][0] = true
                    if c == d { agree[a][0] += 1 }
                    if c != PairwiseSet.tie, d != PairwiseSet.tie {
                        total[a][1] += 1
                        touched[a][1] = true
                        if c == d { agree[a][1] += 1 }
                    }
                }
                who.append(a)
            }
            for a in who {
                for k in 0..<2 where touched[a][k] {
                    items[a][k] += 1
                    touched[a][k] = false
                }
            }
        }
        func make(_ a: Int, _ k: Int) -> Estimate {
            Estimate(
                measure: k == 0 ? .withTies : .withoutTies,
                value: total[a][k] > 0 ? Double(agree[a][k]) / Double(total[a][k]) : nil,
                agreeing: agree[a][k],
                pairs: total[a][k], items: items[a][k], low: nil, high: nil,
                undefinedReason: total[a][k] > 0 ? nil : "no vote pairs with others on the same items")
        }
        return (0..<set.annotatorCount).map { (make($0, 0), make($0, 1)) }
    }

    private static func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }

    /// A measure from per-item (agreeing, pairs) counts, or α from the coincidences of group `a`,
    /// with a seeded bootstrap over items.
    private static func estimate(
        _ measure: Measure, counts: Counts, bootstrap: Int, seed: UInt64,
        perItem: @escaping (Counts, Int) -> (agree: Int, pairs: Int)
    ) -> Estimate {
        let n = counts.items
        let figure: ([Int]?) -> (value: Double?, agree: Int, pairs: Int, items: Int, reason: String?)
        if measure == .alpha {
            figure = { sample in
                var o = [Double](repeating: 0, count: 9)
                var pairable = 0
                var values = 0
                for i in sample ?? Array(0..<n) {
                    let c = (0..<3).map { Double(counts.a[i * 3 + $0]) }
                    let m = c[0] + c[1] + c[2]
                    guard m >= 2 else { continue }
                    pairable += 1
                    values += Int(m)
                    for x in 0..<3 {
                        for y in 0..<3 { o[x * 3 + y] += c[x] * (x == y ? c[x] - 1 : c[y]) / (m - 1) }
                    }
                }
                let r = KrippendorffAlpha.alpha(
                    coincidence: o, classes: 3, pairableItems: pairable, pairableValues: values,
                    level: .nominal,
                    numericValues: nil)
                return (r.value, 0, values, pairable, r.undefinedReason)
            }
        } else {
            figure = { sample in
                var agree = 0
                var total = 0
                var items = 0
                for i in sample ?? Array(0..<n) {
                    let (a, p) = perItem(counts, i)
                    agree += a
                    total += p
                    if p > 0 { items += 1 }
                }
                return (
                    total > 0 ? Double(agree) / Double(total) : nil, agree, total, items,
                    total > 0 ? nil : "no vote pairs to compare"
                )
            }
        }
        let point = figure(nil)
        var result = Estimate(
            measure: measure, value: point.value, agreeing: point.agree, pairs: point.pairs,
            items: point.items,
            low: nil, high: nil, undefinedReason: point.reason)
        guard bootstrap > 0, point.value != nil, n > 0 else { return result }
        if let reason = Bootstrap.insufficient(point.items) {
            result.intervalReason = reason
            return result
        }
        var rng = SeededGenerator(seed: seed)
        var values: [Double] = []
        var sample = [Int](repeating: 0, count: n)
        for _ in 0..<bootstrap {
            for j in 0..<n { sample[j] = Int(rng.next() % UInt64(n)) }
            if let v = figure(sample).value, v.isFinite { values.append(v) }
        }
        values.sort()
        if values.count >= 10 {
            result.low = Bootstrap.quantile(values, 0.025)
            result.high = Bootstrap.quantile(values, 0.975)
        }
        return result
    }
}
