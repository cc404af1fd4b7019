// Assay — quality control for human-labelled training data.

import Foundation

/// The same person under two ids, or two people copying: pairs of annotators (in one vendor or
/// across vendors) who share wrong answers beyond chance given each item's difficulty, or whose
/// labels on the same items are made at lined-up times.
///
/// For every pair with at least `minimumShared` items in common, each shared item's truth is
/// judged without the pair's own two labels (q ∝ posterior / (π_a(o_a | t) π_b(o_b | t)); a gold
/// item's answer where known), and the pair's confusion matrices give the chance of a coincidence
/// were they independent given the truth: the same wrong answer (wrong against q's arg-max),
/// Σ_t q_t Σ_{o ≠ ĉ} π_a(o | t) π_b(o | t). An item where others disagree among themselves is a
/// hard one and has a larger chance. The count of shared wrong answers is tested against the sum
/// of those Bernoulli chances (`PoissonBinomial`). With creation times, the count of shared items
/// labelled within `window` seconds of each other is tested likewise, each item's chance being the
/// share of the other label pairs on that item that close (the share over all items where an item
/// has no other pair). A pair's p-value is the smaller of the two, doubled (Bonferroni).
public struct SharedAnswers: Sendable {
    /// Settings.
    public struct Options: Sendable, Codable, Equatable {
        /// Least shared items of a tested pair.
        public var minimumShared = 20
        /// Seconds within which two labels of an item count as lined up.
        public var window = 60.0

        /// The defaults.
        public init() {}
    }

    /// One tested pair.
    public struct Pair: Sendable, Codable, Equatable {
        /// First annotator (index, id and vendor).
        public var first: Int
        /// Its id.
        public var firstName: String
        /// Its vendor.
        public var firstVendor: String
        /// Second annotator.
        public var second: Int
        /// Its id.
        public var secondName: String
        /// Its vendor.
        public var secondVendor: String
        /// Items both labelled.
        public var sharedItems: Int
        /// Items both gave the same label.
        public var sameLabels: Int
        /// Items both gave the same label against the truth judged without them.
        public var sharedWrong: Int
        /// What independence would give for `sharedWrong`.
        public var expectedWrong: Double
        /// P(shared wrong answers ≥ observed) under independence.
        public var pWrong: Double
        /// Shared items labelled within the window of each other (nil without times).
        public var linedUp: Int?
        /// What independence would give for `linedUp`.
        public var expectedLinedUp: Double?
        /// P(lined-up items ≥ observed) under independence.
        public var pTime: Double?
        /// The pair's p-value (the smaller, doubled when both tests ran).
        public var p: Double
        /// Benjamini–Hochberg adjusted p over every tested pair.
        public var q: Double
        /// Whether the pair is flagged (q at most the report's level).
        public var flagged: Bool
        /// The evidence in a sentence.
        public var evidence: String
    }

    /// Settings.
    public var options: Options

    /// A screen.
    public init(options: Options = Options()) { self.options = options }

    /// Tests every pair with enough shared items. `confusion` is `[(a*K + t)*K + o]`, `posteriors`
    /// items × K (a fit of the same set); q-values and flags are left for the caller to set.
    /// - Complexity: O(Σ_items labels² log + Σ_pairs shared items × (K² + the item's labels × K)).
    ///
    /// `discounted` (per annotator, or empty) names annotators found to duplicate someone: their
    /// labels are divided out of every other pair's judged truth too, so that a copied answer does
    /// not count twice against the pairs that share its items.
    public func pairs(
        _ set: LabelSet, posteriors: [Double], confusion: [Double], gold: GoldAnswers?,
        discounted: [Bool] = []
    ) -> [Pair] {
        let k = max(set.classCount, 1)
        // Candidate pairs: every (a < b) on every item, counted by sorting packed keys.
        var keys: [UInt64] = []
        for i in 0..<set.itemCount {
            let r = set.labels(ofItem: i)
            for x in r {
                for y in (x + 1)..<r.upperBound {
                    let a = set.annotator[x]
                    let b = set.annotator[y]
                    if a == b { continue }
                    keys.append(UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))))
                }
            }
        }
        keys.sort()
        var candidates: [(Int, Int)] = []
        var j = 0
        while j < keys.count {
            var e = j
            while e < keys.count && keys[e] == keys[j] { e += 1 }
            if e - j >= options.minimumShared {
                candidates.append((Int(keys[j] >> 32), Int(keys[j] & 0xFFFF_FFFF)))
            }
            j = e
        }
        let times = set.extras.createdAt
        let closeness = times.isEmpty ? [] : itemCloseness(set, times)
        var out: [Pair] = []
        var q = [Double](repeating: 0, count: k)
        for (a, b) in candidates {
            let la = set.labels(ofAnnotator: a)
            let lb = set.labels(ofAnnotator: b)
            var ia = la.startIndex
            var ib = lb.startIndex
            var shared = 0
            var same = 0
            var wrong = 0
            var chances: [Double] = []
            var timeChances: [Double] = []
            var lined = 0
            while ia < la.endIndex && ib < lb.endIndex {
                let x = Int(la[ia])
                let y = Int(lb[ib])
                let ix = set.item[x]
                let iy = set.item[y]
                if ix < iy {
                    ia += 1
                    continue
                }
                if iy < ix {
                    ib += 1
                    continue
                }
                let i = Int(ix)
                ia += 1
                ib += 1
                shared += 1
                let oa = Int(set.value[x])
                let ob = Int(set.value[y])
                if let g = gold?.answer[i], g >= 0 {
                    for t in 0..<k { q[t] = t == Int(g) ? 1 : 0 }
                } else {
                    var z = 0.0
                    for t in 0..<k {
                        var own = confusion[(a * k + t) * k + oa] * confusion[(b * k + t) * k + ob]
                        if !discounted.isEmpty {
                            for z in set.labels(ofItem: i) {
                                let d = Int(set.annotator[z])
                                guard discounted[d], d != a, d != b else { continue }
                                own *= confusion[(d * k + t) * k + Int(set.value[z])]
                            }
                        }
                        q[t] = posteriors[i * k + t] / max(own, 1e-300)
                        z += q[t]
                    }
                    for t in 0..<k { q[t] = z > 0 && z.isFinite ? q[t] / z : 1 / Double(k) }
                }
                var best = 0
                for t in 1..<k where q[t] > q[best] { best = t }
                var chance = 0.0
                for t in 0..<k {
                    var s = 0.0
                    for o in 0..<k where o != best {
                        s += confusion[(a * k + t) * k + o] * confusion[(b * k + t) * k + o]
                    }
                    chance += q[t] * s
                }
                chances.append(min(max(chance, 0), 1))
                if oa == ob {
                    same += 1
                    if oa != best { wrong += 1 }
                }
                if !times.isEmpty, times[x].isFinite, times[y].isFinite {
                    timeChances.append(closeness[i])
                    if abs(times[x] - times[y]) <= options.window { lined += 1 }
                }
            }
            let pWrong = PoissonBinomial.upperTail(wrong, chances)
            let pTime =
                timeChances.count >= options.minimumShared
                ? PoissonBinomial.upperTail(lined, timeChances) : nil
            let p = pTime.map { min(1, 2 * min(pWrong, $0)) } ?? pWrong
            let expectedWrong = chances.reduce(0, +)
            let expectedLined = pTime == nil ? nil : timeChances.reduce(0, +)
            var evidence = String(
                format: "%d shared items: %d same labels, %d of them the same wrong answer (%.1f expected)",
                shared, same, wrong, expectedWrong)
            if let pTime, let expectedLined {
                evidence += String(
                    format: "; %d labelled within %.0f s of each other (%.1f expected, p %.2g)", lined,
                    options.window,
                    expectedLined, pTime)
            }
            out.append(
                Pair(
                    first: a, firstName: set.annotatorIDs[a],
                    firstVendor: set.vendorIDs[Int(set.annotatorVendor[a])],
                    second: b, secondName: set.annotatorIDs[b],
                    secondVendor: set.vendorIDs[Int(set.annotatorVendor[b])], sharedItems: shared,
                    sameLabels: same,
                    sharedWrong: wrong, expectedWrong: expectedWrong, pWrong: pWrong,
                    linedUp: pTime == nil ? nil : lined,
                    expectedLinedUp: expectedLined, pTime: pTime, p: p, q: 1, flagged: false,
                    evidence: evidence))
        }
        return out
    }

    /// Per item, the share of its label pairs made within the window of each other (the share over
    /// all items for an item with one label pair or none, since then the pair tested is all there is).
    /// - Complexity: O(Σ_items labels²).
    func itemCloseness(_ set: LabelSet, _ times: [Double]) -> [Double] {
        var close = [Double](repeating: 0, count: set.itemCount)
        var pairs = [Double](repeating: 0, count: set.itemCount)
        var allClose = 0.0
        var all = 0.0
        for i in 0..<set.itemCount {
            let r = set.labels(ofItem: i)
            for x in r {
                for y in (x + 1)..<r.upperBound where times[x].isFinite && times[y].isFinite {
                    pairs[i] += 1
                    if abs(times[x] - times[y]) <= options.window { close[i] += 1 }
                }
            }
            allClose += close[i]
            all += pairs[i]
        }
        let overall = all > 0 ? allClose / all : 0
        // An item's own pairs include the tested one, so it needs others to speak for it.
        return (0..<set.itemCount).map {
            pairs[$0] >= 3 ? min(max(close[$0] / pairs[$0], 1e-3), 1) : max(overall, 1e-3)
        }
    }
}
