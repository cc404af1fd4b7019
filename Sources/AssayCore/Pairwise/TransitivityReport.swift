// Assay — quality control for human-labelled training data.

import Foundation

/// Preference cycles among well-supported triples of objects: a beats b, b beats c and c beats a,
/// each by a significant majority of the decisive votes between them.
///
/// Votes are pooled per unordered object pair over all items that show it (ties and the display
/// order are left out). A pair is a supported edge when an exact two-sided sign test of its decisive
/// votes rejects "no preference" at `alpha` (no correction for the number of pairs: the report lists
/// where the crowd's clear majorities contradict each other, it does not test a hypothesis). Every
/// triangle of supported edges is either transitive or a cycle.
public struct TransitivityReport: Sendable {
    /// A supported edge: `winner` beat `loser` in `wins` of `wins + losses` decisive votes.
    public struct Edge: Sendable, Equatable {
        /// Object preferred by the majority.
        public var winner: Int32
        /// The other object.
        public var loser: Int32
        /// Decisive votes for the winner.
        public var wins: Int
        /// Decisive votes for the loser.
        public var losses: Int
        /// Two-sided exact sign-test p-value.
        public var p: Double
    }

    /// Significance level of the edges.
    public var alpha: Double
    /// Object pairs with at least one decisive vote.
    public var comparedPairs: Int
    /// Pairs whose majority is significant.
    public var supportedEdges: Int
    /// Triples whose three pairs are all supported edges.
    public var triangles: Int
    /// How many of those are cycles.
    public var cycleCount: Int
    /// Up to `maxCycles` cycles, each as its three edges a → b, b → c, c → a (objects by index).
    public var cycles: [[Edge]]

    /// Share of supported triangles that are cycles, nil without triangles.
    public var cycleShare: Double? { triangles > 0 ? Double(cycleCount) / Double(triangles) : nil }

    /// The report for `set`.
    /// - Complexity: O(labels + items log items + Σ over objects of (supported degree)²).
    public static func compute(_ set: PairwiseSet, alpha: Double = 0.05, maxCycles: Int = 100)
        -> TransitivityReport
    {
        // Decisive votes per item, then pooled per object pair (items sorted by pair).
        var firstWins = [Int](repeating: 0, count: set.itemCount)
        var secondWins = [Int](repeating: 0, count: set.itemCount)
        for l in 0..<set.count {
            let c = set.canonicalOutcome(l)
            let i = Int(set.index.item[l])
            if c == PairwiseSet.firstBetter {
                firstWins[i] += 1
            } else if c == PairwiseSet.secondBetter {
                secondWins[i] += 1
            }
        }
        let key = { (i: Int) -> UInt64 in UInt64(set.itemFirst[i]) << 32 | UInt64(set.itemSecond[i]) }
        let items = (0..<set.itemCount).filter { firstWins[$0] + secondWins[$0] > 0 }.sorted {
            key($0) < key($1)
        }
        var edges: [Edge] = []
        var compared = 0
        var start = 0
        while start < items.count {
            var end = start
            var w = 0
            var v = 0
            while end < items.count, key(items[end]) == key(items[start]) {
                w += firstWins[items[end]]
                v += secondWins[items[end]]
                end += 1
            }
            compared += 1
            let p = signTest(w, v)
            if p < alpha, w != v {
                let i = items[start]
                let (a, b) = (set.itemFirst[i], set.itemSecond[i])
                edges.append(
                    Edge(
                        winner: w > v ? a : b, loser: w > v ? b : a, wins: max(w, v), losses: min(w, v), p: p)
                )
            }
            start = end
        }
        // Undirected adjacency of supported edges, sorted, with the edge index.
        var neighbours = [[(Int32, Int)]](repeating: [], count: set.objectCount)
        for (e, edge) in edges.enumerated() {
            neighbours[Int(edge.winner)].append((edge.loser, e))
            neighbours[Int(edge.loser)].append((edge.winner, e))
        }
        for o in neighbours.indices { neighbours[o].sort { $0.0 < $1.0 } }
        func edgeIndex(_ a: Int32, _ b: Int32) -> Int? {
            let list = neighbours[Int(a)]
            var lo = 0
            var hi = list.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if list[mid].0 < b { lo = mid + 1 } else { hi = mid }
            }
            return lo < list.count && list[lo].0 == b ? list[lo].1 : nil
        }
        var triangles = 0
        var cycleCount = 0
        var cycles: [[Edge]] = []
        for u in 0..<Int32(set.objectCount) {
            let list = neighbours[Int(u)].filter { $0.0 > u }
            for x in 0..<list.count {
                for y in (x + 1)..<max(list.count, x + 1) {
                    let (v, e1) = list[x]
                    let (w, e2) = list[y]
                    guard let e3 = edgeIndex(v, w) else { continue }
                    triangles += 1
                    // A cycle: every object wins exactly one of its two edges.
                    let wins = [u, v, w].map { o in [e1, e2, e3].filter { edges[$0].winner == o }.count }
                    guard wins.allSatisfy({ $0 == 1 }) else { continue }
                    cycleCount += 1
                    if cycles.count < maxCycles {
                        // Ordered a → b → c → a starting from u.
                        var chain: [Edge] = []
                        var current = u
                        for _ in 0..<3 {
                            let next = [e1, e2, e3].first { edges[$0].winner == current }!
                            chain.append(edges[next])
                            current = edges[next].loser
                        }
                        cycles.append(chain)
                    }
                }
            }
        }
        return TransitivityReport(
            alpha: alpha, comparedPairs: compared, supportedEdges: edges.count, triangles: triangles,
            cycleCount: cycleCount, cycles: cycles)
    }

    /// Two-sided exact sign test of `a` against `b` successes: min(1, 2 P(X ≥ max(a, b))) for
    /// X ~ Binomial(a + b, ½).
    /// - Complexity: O(a + b).
    static func signTest(_ a: Int, _ b: Int) -> Double {
        let n = a + b
        guard n > 0 else { return 1 }
        let k = max(a, b)
        // log C(n, k), then each next term by C(n, j + 1) = C(n, j)(n − j)/(j + 1).
        var lnC = 0.0
        for t in 0..<(n - k) { lnC += log(Double(k + 1 + t) / Double(t + 1)) }
        let lnHalf = Double(n) * log(0.5)
        var tail = 0.0
        for j in k...n {
            tail += exp(lnC + lnHalf)
            if j < n { lnC += log(Double(n - j) / Double(j + 1)) }
        }
        return min(1, 2 * tail)
    }
}
