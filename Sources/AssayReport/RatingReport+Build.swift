// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

extension RatingReport {
    /// Runs `method` on `set` and fills the report; `checks` are known-answer checks per rater
    /// (in the set's annotator table) when the project has them.
    /// - Complexity: the method's, plus `build(_:consensus:checks:bootstrap:seed:)`'s.
    public static func build(
        _ set: RatingSet, method: any RatingMethod, checks: KnownAnswerChecks? = nil, bootstrap: Int,
        seed: UInt64
    ) -> RatingReport {
        build(set, consensus: method.infer(set), checks: checks, bootstrap: bootstrap, seed: seed)
    }

    /// The report of a consensus already inferred on `set`.
    /// - Complexity: O(labels + bootstrap × items) for the vendors, and α at two levels with its
    ///   bootstrap over all ratings and within each vendor.
    public static func build(
        _ set: RatingSet, consensus c: RatingConsensus, checks: KnownAnswerChecks? = nil, bootstrap: Int,
        seed: UInt64
    ) -> RatingReport {
        let idx = set.index
        let quality = RaterQuality.measure(set, consensus: c, bootstrap: bootstrap, seed: seed)
        let sd = standardDeviation(set.value)
        let (seconds, cost) = idx.timeAndCost(byVendor: false)
        let rated = (0..<set.annotatorCount).filter { quality.ratings[$0] > 0 }
        let harshestFirst = rated.sorted {
            c.severity[$0] != c.severity[$1] ? c.severity[$0] < c.severity[$1] : $0 < $1
        }
        let medianNoise = median(rated.map { c.noise[$0] }) ?? 0
        let raters = harshestFirst.enumerated().map { rank, a -> RaterRow in
            let taken = checks?.checks(of: a) ?? 0
            var row = RaterRow(
                rank: rank + 1, vendor: idx.vendorName(ofAnnotator: a), annotator: idx.annotatorIDs[a],
                ratings: quality.ratings[a], items: quality.items[a],
                severity: Figure(value: c.severity[a], low: c.severityLow[a], high: c.severityHigh[a]),
                noise: c.noise[a], correlationWithConsensus: quality.correlation[a], checks: taken,
                checksPassed: checks?.passed[a] ?? 0,
                passRate: checks.flatMap { Figure($0.passRate(of: a), interval: $0.passInterval(of: a)) },
                medianSeconds: seconds[a], costPerLabel: cost[a], flags: [])
            row.flags = flags(row, ratingSD: sd, medianNoise: medianNoise)
            return row
        }
        let (vendorSeconds, vendorCost) = idx.timeAndCost(byVendor: true)
        let vendors = VendorSubsets.vendors(idx).map { v -> VendorRow in
            let mine = rated.filter { Int(idx.annotatorVendor[$0]) == v }
            let passed = mine.reduce(0) { $0 + (checks?.passed[$1] ?? 0) }
            let taken = mine.reduce(0) { $0 + (checks?.checks(of: $1) ?? 0) }
            let interval = quality.vendorSeverityInterval[v]
            return VendorRow(
                vendor: idx.vendorName(v), raters: quality.vendorRaters[v], ratings: quality.vendorRatings[v],
                items: quality.vendorItems[v],
                severity: Figure(
                    value: quality.vendorSeverity[v], low: interval?.low, high: interval?.high,
                    reason: quality.vendorSeverityReason[v]),
                noise: quality.vendorNoise[v], correlationWithConsensus: quality.vendorCorrelation[v],
                checks: taken, checksPassed: passed,
                passRate: taken > 0
                    ? Figure(
                        Double(passed) / Double(taken),
                        interval: WilsonInterval.interval(successes: passed, trials: taken))
                    : nil,
                medianSeconds: vendorSeconds[v], costPerLabel: vendorCost[v])
        }
        let items = (0..<set.itemCount).filter { !idx.labels(ofItem: $0).isEmpty }
        let levels: [MeasurementLevel] = [.interval, .ordinal]
        var agreement = AgreementReport.ratings(
            set, levels: levels, byVendor: false, bootstrap: bootstrap, seed: seed)
        if vendors.count > 1 {
            agreement.rows +=
                AgreementReport.ratings(
                    set, levels: levels, byVendor: true, bootstrap: bootstrap, seed: seed
                ).rows
        }
        return RatingReport(
            method: c.method, methodNotes: c.notes, scale: Scale(set.scale), bootstrap: bootstrap, seed: seed,
            summary: Summary(
                ratings: set.count, items: items.count, raters: rated.count, vendors: vendors.count,
                ratingSD: sd),
            consensus: ConsensusSummary(
                items: items.count,
                meanValue: items.isEmpty ? 0 : items.reduce(0) { $0 + c.value[$1] } / Double(items.count),
                meanIntervalWidth: items.isEmpty
                    ? 0 : items.reduce(0) { $0 + c.high[$1] - c.low[$1] } / Double(items.count),
                medianRatingsPerItem: median(items.map { Double(idx.labels(ofItem: $0).count) }) ?? 0,
                iterations: c.iterations, converged: c.converged),
            raters: raters, vendors: vendors, agreement: agreement.rows,
            checks: checks.map { k in
                Checks(
                    checks: k.passed.reduce(0, +) + k.failed.reduce(0, +), passed: k.passed.reduce(0, +),
                    ratersChecked: (0..<k.passed.count).filter { k.checks(of: $0) > 0 }.count,
                    rankCorrelationWithSeverity: k.rankCorrelation(with: c.severity))
            })
    }

    /// The sentences flagging a rater: a severity whose interval excludes 0 by a quarter of the
    /// ratings' standard deviation or more, noise over twice the raters' median, ratings that barely
    /// follow the consensus, known-answer checks missed.
    static func flags(_ r: RaterRow, ratingSD: Double, medianNoise: Double) -> [String] {
        var out: [String] = []
        func number(_ x: Double) -> String { String(format: "%.3g", x) }
        if let ci = r.severity.interval, ratingSD > 0,
            ci.low > 0.25 * ratingSD || ci.high < -0.25 * ratingSD
        {
            out.append(
                "\(r.severity.value < 0 ? "harsh" : "lenient"): rates \(number(abs(r.severity.value))) "
                    + "\(r.severity.value < 0 ? "below" : "above") the consensus "
                    + "[\(number(ci.low)), \(number(ci.high))]")
        }
        if medianNoise > 0, r.ratings >= 10, r.noise > 2 * medianNoise {
            out.append(
                "noisy: its ratings scatter \(number(r.noise)) around the consensus, over twice the raters' "
                    + "median (\(number(medianNoise)))")
        }
        if r.ratings >= 20, let rho = r.correlationWithConsensus, rho < 0.2 {
            out.append("its ratings barely follow the consensus (r = \(String(format: "%.2f", rho)))")
        }
        if r.checks > 0, let p = r.passRate, let ci = p.interval, ci.high < 0.9 {
            out.append(
                "missed \(r.checks - r.checksPassed) of \(r.checks) known-answer checks"
                    + String(format: " (pass rate %.2f [%.2f, %.2f])", p.value, ci.low, ci.high))
        }
        return out
    }
}
