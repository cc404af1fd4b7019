// Assay — quality control for human-labelled training data.

/// Fraud and collusion in one project: pairs of annotator ids that behave as one person or copy
/// each other (`SharedAnswers`), the groups those pairs join into, bot-like timing and leaked
/// honeypots (`AnnotatorScreen`), and, for free text, annotator pairs that copy-paste answers
/// (`NearDuplicates`). Every p-value of the report is adjusted together (Benjamini–Hochberg), and
/// a finding is flagged when its adjusted p is at most `level` (and, for the per-annotator
/// screens, its effect is large); flagged findings come first, ranked by adjusted p.
public struct FraudReport: Sendable, Codable, Equatable {
    /// A group of annotators joined by flagged pairs (connected components of two or more).
    public struct Group: Sendable, Codable, Equatable {
        /// Members as vendor / annotator.
        public var members: [String]
        /// Vendors they span.
        public var vendors: [String]
        /// Flagged pairs inside the group.
        public var pairs: Int
        /// The smallest adjusted p among them.
        public var q: Double
    }

    /// Annotator pairs who copy each other's text answers.
    public struct TextPair: Sendable, Codable, Equatable {
        /// First annotator id.
        public var first: String
        /// Its vendor.
        public var firstVendor: String
        /// Second annotator id.
        public var second: String
        /// Its vendor.
        public var secondVendor: String
        /// Items both answered.
        public var sharedItems: Int
        /// Answer pairs flagged as copy-paste between them.
        public var copies: Int
        /// P(copies ≥ observed) were their shared answers flagged at the project's rate.
        public var p: Double
        /// Benjamini–Hochberg adjusted p.
        public var q: Double
        /// Whether flagged.
        public var flagged: Bool
    }

    /// The false discovery rate of every flag.
    public var level: Double
    /// Pairs tested.
    public var pairsTested: Int
    /// Pairs, flagged first, by adjusted p (at most `shown` in all, every flagged one kept).
    public var pairs: [SharedAnswers.Pair]
    /// Groups of two or more annotators joined by flagged pairs, largest first.
    public var groups: [Group]
    /// Per-annotator findings (timing, gold gap), flagged first, by adjusted p.
    public var annotators: [AnnotatorScreen.Finding]
    /// Text copy-paste between annotator pairs (empty for labels that are not text).
    public var textPairs: [TextPair]
    /// Counts of what is flagged, by kind.
    public var flagged: [String: Int]

    /// The report for categorical labels given a fit (`VendorHierarchy` or any model with
    /// confusion matrices). `shown` bounds the unflagged pairs and findings kept for context.
    /// - Complexity: that of `SharedAnswers.pairs` (twice when a pair is flagged) plus O(labels log labels).
    public static func build(
        _ set: LabelSet, posteriors: [Double], confusion: [Double], gold: GoldAnswers?, level: Double = 0.05,
        pairOptions: SharedAnswers.Options = .init(), annotatorOptions: AnnotatorScreen.Options = .init(),
        shown: Int = 20
    ) -> FraudReport {
        let shared = SharedAnswers(options: pairOptions)
        var pairs = shared.pairs(set, posteriors: posteriors, confusion: confusion, gold: gold)
        let screen = AnnotatorScreen(options: annotatorOptions)
        var findings =
            screen.timing(set) + screen.goldGap(set, posteriors: posteriors, confusion: confusion, gold: gold)
        var adjusted = BenjaminiHochberg.adjust(pairs.map(\.p) + findings.map(\.p))
        // A second pass when pairs are flagged: one member of each (the one with fewer labels) is
        // divided out of the truth judged for every other pair, since a copy counted twice makes the
        // annotators who disagree with it look as if they shared wrong answers.
        var discounted = [Bool](repeating: false, count: set.annotatorCount)
        for (j, pair) in pairs.enumerated() where adjusted[j] <= level {
            let a = set.labels(ofAnnotator: pair.first).count
            let b = set.labels(ofAnnotator: pair.second).count
            discounted[a < b ? pair.first : pair.second] = true
        }
        if discounted.contains(true) {
            pairs = shared.pairs(
                set, posteriors: posteriors, confusion: confusion, gold: gold, discounted: discounted)
            adjusted = BenjaminiHochberg.adjust(pairs.map(\.p) + findings.map(\.p))
        }
        for j in pairs.indices {
            pairs[j].q = adjusted[j]
            pairs[j].flagged = adjusted[j] <= level
        }
        for j in findings.indices {
            findings[j].q = adjusted[pairs.count + j]
            findings[j].flagged = findings[j].large && findings[j].q <= level
        }
        let tested = pairs.count
        pairs.sort {
            ($0.flagged ? 0 : 1, $0.q, -$0.sharedWrong) < ($1.flagged ? 0 : 1, $1.q, -$1.sharedWrong)
        }
        let flaggedPairs = pairs.filter(\.flagged)
        let groups = Self.groups(flaggedPairs.map { ($0.first, $0.second, $0.q) }, set: set)
        pairs = Array(pairs.prefix(max(shown, flaggedPairs.count)))
        findings.sort { ($0.flagged ? 0 : 1, $0.q) < ($1.flagged ? 0 : 1, $1.q) }
        let flaggedFindings = findings.filter(\.flagged)
        findings = Array(findings.prefix(max(shown, flaggedFindings.count)))
        var counts = ["pairs": flaggedPairs.count, "groups": groups.count]
        for kind in ["too fast", "too regular", "gold gap"] {
            counts[kind] = flaggedFindings.filter { $0.kind == kind }.count
        }
        return FraudReport(
            level: level, pairsTested: tested, pairs: pairs, groups: groups, annotators: findings,
            textPairs: [],
            flagged: counts)
    }

    /// Connected components (two or more members) of the graph of flagged pairs.
    static func groups(_ edges: [(Int, Int, Double)], set: LabelSet) -> [Group] {
        var parent = [Int: Int]()
        func find(_ x: Int) -> Int {
            var r = x
            while let p = parent[r], p != r { r = p }
            var y = x
            while let p = parent[y], p != r {
                parent[y] = r
                y = p
            }
            return r
        }
        for (a, b, _) in edges {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let ra = find(a)
            let rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var members = [Int: [Int]]()
        for x in parent.keys { members[find(x), default: []].append(x) }
        var out: [Group] = []
        for (root, list) in members where list.count >= 2 {
            let inside = edges.filter { find($0.0) == root }
            let sorted = list.sorted()
            out.append(
                Group(
                    members: sorted.map {
                        "\(set.vendorIDs[Int(set.annotatorVendor[$0])]) / \(set.annotatorIDs[$0])"
                    },
                    vendors: Array(Set(sorted.map { set.vendorIDs[Int(set.annotatorVendor[$0])] })).sorted(),
                    pairs: inside.count, q: inside.map(\.2).min() ?? 1))
        }
        return out.sorted { ($0.members.count, -$0.q) > ($1.members.count, -$1.q) }
    }

    /// Text copy-paste between annotator pairs from `NearDuplicates` pairs over `set`: per pair of
    /// annotators, the answers flagged as copy-paste between them against the project's share of
    /// flagged same-item answer pairs (binomial upper tail over their shared items), adjusted with
    /// Benjamini–Hochberg at `level`.
    /// - Complexity: O(answers + near-duplicate pairs + annotator pairs × log).
    public static func textPairs(
        _ set: TextSet, duplicates: [NearDuplicates.Pair], level: Double = 0.05, minimumShared: Int = 5
    ) -> [TextPair] {
        let index = set.index
        // Shared items per annotator pair, and same-item pairs overall.
        var shared = [UInt64: Int]()
        var sameItemPairs = 0
        for i in 0..<index.itemCount {
            let r = index.itemOffsets[i]..<index.itemOffsets[i + 1]
            for x in r {
                for y in (x + 1)..<r.upperBound where index.annotator[x] != index.annotator[y] {
                    sameItemPairs += 1
                    let a = index.annotator[x]
                    let b = index.annotator[y]
                    shared[UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))), default: 0] += 1
                }
            }
        }
        var copies = [UInt64: Int]()
        var flaggedSameItem = 0
        for d in duplicates where d.copyPaste && d.firstAnnotator != d.secondAnnotator {
            let key =
                UInt64(UInt32(min(d.firstAnnotator, d.secondAnnotator))) << 32
                | UInt64(UInt32(max(d.firstAnnotator, d.secondAnnotator)))
            copies[key, default: 0] += 1
            if d.firstItem == d.secondItem { flaggedSameItem += 1 }
        }
        let rate = min(max(Double(flaggedSameItem) / Double(max(sameItemPairs, 1)), 1e-6), 1)
        var rows: [TextPair] = []
        for (key, c) in copies {
            let a = Int(key >> 32)
            let b = Int(key & 0xFFFF_FFFF)
            let n = max(shared[key] ?? 0, c)
            guard n >= minimumShared else { continue }
            rows.append(
                TextPair(
                    first: index.annotatorIDs[a], firstVendor: index.vendorIDs[Int(index.annotatorVendor[a])],
                    second: index.annotatorIDs[b],
                    secondVendor: index.vendorIDs[Int(index.annotatorVendor[b])],
                    sharedItems: n, copies: c, p: 1 - CountDistributions.binomialCDF(c - 1, n: n, p: rate),
                    q: 1,
                    flagged: false))
        }
        let adjusted = BenjaminiHochberg.adjust(rows.map(\.p))
        for j in rows.indices {
            rows[j].q = adjusted[j]
            rows[j].flagged = adjusted[j] <= level
        }
        return rows.sorted { ($0.q, -$0.copies) < ($1.q, -$1.copies) }
    }
}
