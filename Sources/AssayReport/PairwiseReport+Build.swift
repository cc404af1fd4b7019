// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

extension PairwiseReport {
    /// Fits `method` (object scores) and the per-comparison model on `set` and fills the report.
    /// - Complexity: the two fits', plus O(vendors² × (labels + bootstrap × items)) for agreement.
    public static func build(
        _ set: PairwiseSet, method: any PairwiseRankingMethod, bootstrap: Int, seed: UInt64
    ) -> PairwiseReport {
        build(
            set, scores: method.fit(set), consensus: PairwiseDawidSkene().fit(set), bootstrap: bootstrap,
            seed: seed)
    }

    /// The report of fits already made: `scores` from an object model, `consensus` from the
    /// per-comparison model, both on `set`; with `gold` (per item, its canonical gold outcome or
    /// nil, as `goldOutcomes` gives), each judge's votes on gold pairs are checked.
    /// - Complexity: O(labels + Σ over (annotator, item) of votes²) for the cards, one more
    ///   per-comparison fit with vendors as judges, and agreement as in `AgreementReport.pairwise`.
    public static func build(
        _ set: PairwiseSet, scores: PairwiseScores, consensus: PairwiseConsensus, bootstrap: Int,
        seed: UInt64,
        gold: [UInt8?] = []
    ) -> PairwiseReport {
        let idx = set.index
        // Objects: votes won, lost and tied, then the leaderboard by score.
        var wins = [Int](repeating: 0, count: set.objectCount)
        var losses = [Int](repeating: 0, count: set.objectCount)
        var ties = [Int](repeating: 0, count: set.objectCount)
        var tieVotes = 0
        for l in 0..<set.count {
            let i = Int(idx.item[l])
            let first = Int(set.itemFirst[i])
            let second = Int(set.itemSecond[i])
            switch set.canonicalOutcome(l) {
            case PairwiseSet.firstBetter:
                wins[first] += 1
                losses[second] += 1
            case PairwiseSet.secondBetter:
                wins[second] += 1
                losses[first] += 1
            default:
                ties[first] += 1
                ties[second] += 1
                tieVotes += 1
            }
        }
        let order = (0..<set.objectCount).sorted {
            scores.score[$0] != scores.score[$1] ? scores.score[$0] > scores.score[$1] : $0 < $1
        }
        let objects = order.enumerated().map { rank, o in
            ObjectRow(
                object: set.objectIDs[o], rank: rank + 1,
                score: Figure(value: scores.score[o], low: scores.low[o], high: scores.high[o]),
                standardError: scores.standardError[o], comparisons: scores.comparisons[o], wins: wins[o],
                losses: losses[o], ties: ties[o])
        }
        // The per-comparison consensus.
        var summary = ConsensusSummary(
            items: 0, firstBetter: 0, secondBetter: 0, ties: 0, meanConfidence: 0, itemsWithTwoOrMoreVotes: 0,
            uncertainItems: 0, tiePrior: consensus.tiePrior)
        for i in 0..<set.itemCount where !idx.labels(ofItem: i).isEmpty {
            summary.items += 1
            switch consensus.outcomes[i] {
            case PairwiseSet.firstBetter: summary.firstBetter += 1
            case PairwiseSet.secondBetter: summary.secondBetter += 1
            default: summary.ties += 1
            }
            let c = consensus.confidence(ofItem: i)
            summary.meanConfidence += c
            if c < 0.8 { summary.uncertainItems += 1 }
            if idx.labels(ofItem: i).count >= 2 { summary.itemsWithTwoOrMoreVotes += 1 }
        }
        if summary.items > 0 { summary.meanConfidence /= Double(summary.items) }
        // Annotators, then vendors as single judges (position bias and reliability fitted with
        // each vendor as one judge; agreement still with the one consensus).
        let qualities = PairwiseAnnotatorQuality.all(set, consensus: consensus, scores: scores)
        let (seconds, cost) = idx.timeAndCost(byVendor: false)
        let checks = goldChecks(set, gold)
        let annotators = qualities.filter { $0.labels > 0 }.map { q in
            var row = card(
                q, vendor: idx.vendorName(ofAnnotator: q.annotator), annotator: idx.annotatorIDs[q.annotator],
                annotators: 1, cost: cost[q.annotator], seconds: seconds[q.annotator])
            row.gold = checks.annotator[q.annotator]
            return row
        }
        .sorted {
            ($0.reliability.value, $0.vendor, $0.annotator ?? "") < (
                $1.reliability.value, $1.vendor, $1.annotator ?? ""
            )
        }
        let merged = set.mergedByVendor()
        var vendorFit = PairwiseDawidSkene().fit(merged)
        vendorFit.outcomes = consensus.outcomes
        let vendorQualities = PairwiseAnnotatorQuality.all(merged, consensus: vendorFit)
        let (vendorSeconds, vendorCost) = idx.timeAndCost(byVendor: true)
        let vendors = VendorSubsets.vendors(idx).map { v -> JudgeRow in
            var q = vendorQualities[v]
            // Order inconsistency is each judge's own: pooled over the vendor's annotators.
            let own = qualities.filter { Int(idx.annotatorVendor[$0.annotator]) == v }
            q.orderPairs = own.reduce(0) { $0 + $1.orderPairs }
            q.orderDisagreements = own.reduce(0) { $0 + $1.orderDisagreements }
            q.orderInconsistency =
                q.orderPairs > 0 ? Double(q.orderDisagreements) / Double(q.orderPairs) : nil
            q.orderInconsistencyInterval = WilsonInterval.interval(
                successes: q.orderDisagreements, trials: q.orderPairs)
            let eta = own.compactMap { a in
                a.crowdReliability.map { ($0 * Double(a.labels), Double(a.labels)) }
            }
            q.crowdReliability =
                eta.isEmpty ? nil : eta.reduce(0) { $0 + $1.0 } / max(eta.reduce(0) { $0 + $1.1 }, 1)
            return card(
                q, vendor: idx.vendorName(v), annotator: nil, annotators: own.filter { $0.labels > 0 }.count,
                cost: vendorCost[v], seconds: vendorSeconds[v])
        }
        let vendorsChecked = zip(VendorSubsets.vendors(idx), vendors).map { v, row -> JudgeRow in
            var row = row
            row.gold = checks.vendor[v]
            return row
        }
        return report(
            set, scores: scores, consensus: consensus, bootstrap: bootstrap, seed: seed, summary: summary,
            tieVotes: tieVotes, objects: objects, annotators: annotators, vendors: vendorsChecked)
    }

    /// The gold outcome of each item of `set` in its canonical orientation (`PairwiseSet.firstBetter`,
    /// `.secondBetter`, `.tie`) from gold answers (the preferred object's id, or `tie`); nil for items
    /// without gold, and for answers naming neither object of the pair.
    /// - Complexity: O(items + answers).
    public static func goldOutcomes(_ set: PairwiseSet, _ answers: [(item: String, answer: String)])
        -> [UInt8?]
    {
        guard !answers.isEmpty else { return [] }
        var index: [String: Int] = [:]
        for (i, id) in set.index.itemIDs.enumerated() { index[id] = i }
        var out = [UInt8?](repeating: nil, count: set.itemCount)
        for (item, answer) in answers {
            guard let i = index[item] else { continue }
            if answer == set.objectIDs[Int(set.itemFirst[i])] {
                out[i] = PairwiseSet.firstBetter
            } else if answer == set.objectIDs[Int(set.itemSecond[i])] {
                out[i] = PairwiseSet.secondBetter
            } else if answer.lowercased() == "tie" {
                out[i] = PairwiseSet.tie
            }
        }
        return out
    }

    /// Each annotator's and vendor's votes on gold pairs; nil where there were none.
    /// - Complexity: O(labels).
    static func goldChecks(_ set: PairwiseSet, _ gold: [UInt8?]) -> (
        annotator: [GoldCheck?], vendor: [GoldCheck?]
    ) {
        let idx = set.index
        var n = [Int](repeating: 0, count: set.annotatorCount)
        var ok = [Int](repeating: 0, count: set.annotatorCount)
        if gold.count == set.itemCount {
            for l in 0..<set.count {
                guard let g = gold[Int(idx.item[l])] else { continue }
                let a = Int(idx.annotator[l])
                n[a] += 1
                if set.canonicalOutcome(l) == g { ok[a] += 1 }
            }
        }
        var vn = [Int](repeating: 0, count: idx.vendorIDs.count)
        var vok = [Int](repeating: 0, count: idx.vendorIDs.count)
        for a in 0..<set.annotatorCount {
            vn[Int(idx.annotatorVendor[a])] += n[a]
            vok[Int(idx.annotatorVendor[a])] += ok[a]
        }
        func check(_ correct: Int, _ labels: Int) -> GoldCheck? {
            guard labels > 0 else { return nil }
            return GoldCheck(
                labels: labels, correct: correct,
                accuracy: Figure(
                    Double(correct) / Double(labels),
                    interval: WilsonInterval.interval(successes: correct, trials: labels))!)
        }
        return (zip(ok, n).map(check), zip(vok, vn).map(check))
    }

    /// The report from its parts, with the transitivity, agreement and judge comparisons.
    static func report(
        _ set: PairwiseSet, scores: PairwiseScores, consensus: PairwiseConsensus, bootstrap: Int,
        seed: UInt64,
        summary: ConsensusSummary, tieVotes: Int, objects: [ObjectRow], annotators: [JudgeRow],
        vendors: [JudgeRow]
    ) -> PairwiseReport {
        let transitivity = TransitivityReport.compute(set)
        return PairwiseReport(
            method: scores.method, methodNotes: scores.notes, consensusMethod: consensus.method,
            consensusNotes: consensus.notes, positionsKnown: set.positionsKnown, bootstrap: bootstrap,
            seed: seed,
            summary: Summary(
                comparisons: set.count, items: summary.items, objects: set.objectCount,
                annotators: annotators.count, vendors: vendors.count, ties: tieVotes),
            objects: objects, intervalMethod: scores.intervalMethod, tieParameter: scores.tieParameter,
            consensus: summary, annotators: annotators, vendors: vendors,
            agreement: AgreementReport.pairwise(set, byVendor: false, bootstrap: bootstrap, seed: seed).rows
                + (vendors.count > 1
                    ? AgreementReport.pairwise(set, byVendor: true, bootstrap: bootstrap, seed: seed).rows
                    : []),
            transitivity: Transitivity(
                alpha: transitivity.alpha, comparedPairs: transitivity.comparedPairs,
                supportedEdges: transitivity.supportedEdges, triangles: transitivity.triangles,
                cycles: transitivity.cycleCount, cycleShare: transitivity.cycleShare,
                examples: transitivity.cycles.prefix(10).map { cycle in
                    cycle.map {
                        "\(set.objectIDs[Int($0.winner)]) > \(set.objectIDs[Int($0.loser)]) (\($0.wins)–\($0.losses))"
                    }
                }),
            judges: vendors.count > 1 ? judgeComparisons(set, bootstrap: bootstrap, seed: seed) : [])
    }

    /// A judge's card from its Core figures, with its flags.
    static func card(
        _ q: PairwiseAnnotatorQuality, vendor: String, annotator: String?, annotators: Int, cost: Double?,
        seconds: Double?
    ) -> JudgeRow {
        let agree = Int(((q.agreementWithConsensus ?? 0) * Double(q.consensusChecked)).rounded())
        var row = JudgeRow(
            vendor: vendor, annotator: annotator, annotators: annotators, labels: q.labels, items: q.items,
            ties: q.ties, tieRate: Figure(q.tieRate, interval: q.tieRateInterval),
            consensusChecked: q.consensusChecked,
            agreementWithConsensus: Figure(
                q.agreementWithConsensus,
                interval: WilsonInterval.interval(successes: agree, trials: q.consensusChecked)),
            leftShare: Figure(q.leftShare, interval: q.leftShareInterval),
            positionBias: Figure(q.positionBias, interval: q.positionBiasInterval),
            reliability: Figure(
                value: q.reliability, low: q.reliabilityInterval.low, high: q.reliabilityInterval.high),
            orderPairs: q.orderPairs,
            orderInconsistency: Figure(q.orderInconsistency, interval: q.orderInconsistencyInterval),
            flaggedInconsistent: q.flaggedInconsistent,
            flaggedShare: Figure(
                q.labels > 0 ? Double(q.flaggedInconsistent) / Double(q.labels) : 0,
                interval: WilsonInterval.interval(successes: q.flaggedInconsistent, trials: q.labels))!,
            crowdReliability: q.crowdReliability, costPerLabel: cost, medianSeconds: seconds, flags: [])
        row.flags = flags(row)
        return row
    }

    /// Minimum votes behind a flag about a judge's habits.
    static let flagMinimumVotes = 20

    /// The sentences flagging a judge: position bias whose interval excludes ½ by 0.1 or more,
    /// order-inconsistent verdicts, votes that barely follow the consensus, many ties, many
    /// verdicts the source marked inconsistent.
    static func flags(_ r: JudgeRow) -> [String] {
        var out: [String] = []
        func pct(_ x: Double) -> String { String(format: "%.0f%%", 100 * x) }
        func range(_ f: Figure) -> String {
            f.interval.map { String(format: " [%.2f, %.2f]", $0.low, $0.high) } ?? ""
        }
        if let b = r.positionBias, let ci = b.interval, ci.low > 0.6 || ci.high < 0.4 {
            out.append(
                "position bias: when indifferent, picks the \(b.value > 0.5 ? "left" : "right") object "
                    + "\(pct(b.value > 0.5 ? b.value : 1 - b.value)) of the time\(range(b)), not 50%")
        }
        if let o = r.orderInconsistency, r.orderPairs >= 10, let ci = o.interval, ci.low > 0.2 {
            out.append(
                "order-inconsistent: \(pct(o.value)) of its verdicts on the same pair change when the display "
                    + "order is swapped (\(r.orderPairs) pairs)\(range(o))")
        }
        if r.labels >= flagMinimumVotes, let ci = r.reliability.interval, ci.high < 0.3 {
            out.append(
                "likely spammer: its votes follow the consensus outcome with probability "
                    + String(format: "%.2f", r.reliability.value) + range(r.reliability))
        }
        if r.labels >= flagMinimumVotes, let t = r.tieRate, let ci = t.interval, ci.low > 0.5 {
            out.append("ties in \(pct(t.value)) of its votes\(range(t))")
        }
        if r.labels >= flagMinimumVotes, r.flaggedShare.value >= 0.1 {
            out.append(
                "\(pct(r.flaggedShare.value)) of its verdicts are marked inconsistent across display orders by the source"
            )
        }
        return out
    }

    /// Each vendor against the other vendors' votes.
    static func judgeComparisons(_ set: PairwiseSet, bootstrap: Int, seed: UInt64) -> [JudgeComparison] {
        let idx = set.index
        let vendors = VendorSubsets.vendors(idx)
        return vendors.map { v in
            let mine = VendorSubsets.mask(idx, vendor: v)
            let others = mine.map { !$0 }
            let between = PairwiseAgreement.between(set, mine, others, bootstrap: bootstrap, seed: seed)
            let majority = PairwiseAgreement.versusMajority(
                set, mine, of: others, bootstrap: bootstrap, seed: seed)
            let perAnnotator = PairwiseAgreement.perAnnotator(set, versus: mine)
            return JudgeComparison(
                vendor: idx.vendorName(v), others: vendors.filter { $0 != v }.map { idx.vendorName($0) },
                withTies: between[0].value.map {
                    Figure(
                        value: $0, low: between[0].low, high: between[0].high,
                        reason: between[0].intervalReason)
                },
                withoutTies: between[1].value.map {
                    Figure(
                        value: $0, low: between[1].low, high: between[1].high,
                        reason: between[1].intervalReason)
                },
                pairsWithTies: between[0].pairs, pairsWithoutTies: between[1].pairs,
                versusMajority: majority[0].value.map {
                    Figure(
                        value: $0, low: majority[0].low, high: majority[0].high,
                        reason: majority[0].intervalReason)
                },
                annotators: (0..<set.annotatorCount).filter {
                    !mine[$0] && perAnnotator[$0].withTies.pairs > 0
                }.map { a in
                    AnnotatorAgreement(
                        vendor: idx.vendorName(ofAnnotator: a), annotator: idx.annotatorIDs[a],
                        withTies: perAnnotator[a].withTies.value,
                        withoutTies: perAnnotator[a].withoutTies.value,
                        pairs: perAnnotator[a].withTies.pairs)
                })
        }
    }
}
