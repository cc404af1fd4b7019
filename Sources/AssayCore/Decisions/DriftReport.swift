// Assay — quality control for human-labelled training data.

import Foundation

/// Drift per vendor and per annotator over their deliveries in time order: gold accuracy per
/// delivery on an EWMA chart (on the arcsine scale; lower crossings alarm: quality fell), the label distribution against
/// the baseline's (PSI and χ², Benjamini–Hochberg over every test in the report), and speed (the
/// mean log-seconds a label on an EWMA chart, both sides alarm). The baseline is a group's first
/// `baseline` deliveries that have the data; later ones are charted against it, with the
/// baseline's own uncertainty in the limits. Each alarm names the first delivery that crossed.
public struct DriftReport: Sendable, Codable, Equatable {
    /// Settings.
    public struct Options: Sendable, Codable, Equatable {
        /// EWMA weight of the newest delivery.
        public var lambda = 0.5
        /// Accuracy limits in standard deviations.
        public var width = 2.5
        /// Speed limits in standard deviations.
        public var speedWidth = 3.5
        /// Deliveries that make the baseline.
        public var baseline = 3
        /// False discovery rate of the label-distribution alarms.
        public var distributionLevel = 0.01
        /// Least PSI of a label-distribution alarm.
        public var minimumPSI = 0.1
        /// Least speed change (ratio of geometric-mean seconds, either way) of a speed alarm.
        public var minimumSpeedRatio = 1.25
        /// Keep every annotator's series (otherwise only those with an alarm).
        public var allAnnotators = false

        /// The defaults.
        public init() {}
    }

    /// One group's figures for one delivery.
    public struct Point: Sendable, Codable, Equatable {
        /// Delivery index (into the deliveries given).
        public var delivery: Int
        /// Delivery name.
        public var name: String
        /// Labels in it.
        public var labels: Int
        /// Labels on gold items.
        public var goldLabels: Int
        /// Gold accuracy (nil without gold labels).
        public var accuracy: Double?
        /// The accuracy chart (nil within the baseline).
        public var accuracyChart: EWMAChart.Point?
        /// Label distribution against the baseline's (nil within the baseline).
        public var shift: DistributionShift?
        /// Benjamini–Hochberg adjusted p of the shift.
        public var shiftAdjustedP: Double?
        /// Geometric-mean seconds a label (nil without durations).
        public var seconds: Double?
        /// The speed chart on mean log-seconds (nil within the baseline).
        public var speedChart: EWMAChart.Point?
    }

    /// An alarm: the first delivery whose figure crossed its limit.
    public struct Alarm: Sendable, Codable, Equatable {
        /// `accuracy`, `labels` or `speed`.
        public var kind: String
        /// `vendor` or `annotator`.
        public var scope: String
        /// Vendor name.
        public var vendor: String
        /// Annotator id (annotator scope).
        public var annotator: String?
        /// The delivery of the first crossing (index and name).
        public var delivery: Int
        /// Its name.
        public var deliveryName: String
        /// What crossed, in a sentence.
        public var message: String
    }

    /// One vendor's or annotator's series.
    public struct Series: Sendable, Codable, Equatable {
        /// `vendor` or `annotator`.
        public var scope: String
        /// Vendor name.
        public var vendor: String
        /// Annotator id (annotator scope).
        public var annotator: String?
        /// Baseline gold accuracy (nil without gold in the baseline).
        public var baselineAccuracy: Double?
        /// Gold labels in the baseline.
        public var baselineGoldLabels: Int
        /// Baseline geometric-mean seconds.
        public var baselineSeconds: Double?
        /// Per delivery of the group, in time order.
        public var points: [Point]
        /// Its alarms.
        public var alarms: [Alarm]
        /// Why a figure is not charted, when it is not.
        public var notes: [String]
    }

    /// Settings used.
    public var options: Options
    /// Vendors' series, then annotators' (all, or those with an alarm).
    public var series: [Series]
    /// Every alarm, vendors first, in delivery order.
    public var alarms: [Alarm]
    /// Annotators examined.
    public var annotatorsExamined: Int

    /// Per (group, delivery): label and gold counts, class counts, log-seconds sums.
    struct Cell {
        var labels = 0
        var gold = 0
        var correct = 0
        var classes: [Double]
        var timed = 0
        var logSum = 0.0
        var logSquares = 0.0
    }

    /// The report. `delivery[l]` is label l's index into `deliveries` (names and vendor indices,
    /// in time order).
    /// - Complexity: O(labels + groups × deliveries × K).
    public static func build(
        _ set: LabelSet, delivery: [Int32], deliveries: [(name: String, vendor: Int)], gold: GoldAnswers?,
        options: Options = Options()
    ) -> DriftReport {
        precondition(delivery.count == set.count, "one delivery per label")
        let k = max(set.classCount, 1)
        let durations = set.extras.durationSeconds
        func add(_ cell: inout Cell, _ l: Int) {
            cell.labels += 1
            let v = Int(set.value[l])
            cell.classes[v] += 1
            if let g = gold?.answer[Int(set.item[l])], g >= 0 {
                cell.gold += 1
                if g == set.value[l] { cell.correct += 1 }
            }
            if !durations.isEmpty, durations[l] > 0 {
                let x = log(durations[l])
                cell.timed += 1
                cell.logSum += x
                cell.logSquares += x * x
            }
        }
        // Vendors: one cell per (vendor, delivery of that vendor).
        let nD = deliveries.count
        var vendorCells = [Cell](repeating: Cell(classes: [Double](repeating: 0, count: k)), count: nD)
        for l in 0..<set.count { add(&vendorCells[Int(delivery[l])], l) }
        var groups: [(scope: String, vendor: Int, annotator: Int?, cells: [(Int, Cell)])] = []
        for v in set.vendorIDs.indices {
            let mine = (0..<nD).filter { deliveries[$0].vendor == v && vendorCells[$0].labels > 0 }
            if !mine.isEmpty { groups.append(("vendor", v, nil, mine.map { ($0, vendorCells[$0]) })) }
        }
        // Annotators: their labels by delivery through a stamped scratch row.
        var slot = [Int](repeating: -1, count: nD)
        for a in 0..<set.annotatorCount {
            var cells: [(Int, Cell)] = []
            for l32 in set.labels(ofAnnotator: a) {
                let l = Int(l32)
                let d = Int(delivery[l])
                if slot[d] < 0 {
                    slot[d] = cells.count
                    cells.append((d, Cell(classes: [Double](repeating: 0, count: k))))
                }
                add(&cells[slot[d]].1, l)
            }
            for (d, _) in cells { slot[d] = -1 }
            cells.sort { $0.0 < $1.0 }
            if cells.count > options.baseline {
                groups.append(("annotator", Int(set.annotatorVendor[a]), a, cells))
            }
        }
        let chart = EWMAChart(lambda: options.lambda, width: options.width)
        let speedChart = EWMAChart(lambda: options.lambda, width: options.speedWidth)
        var series: [Series] = []
        var shiftTests: [(series: Int, point: Int, p: Double)] = []
        for group in groups {
            let vendorName = set.vendorIDs[group.vendor]
            let annotatorName = group.annotator.map { set.annotatorIDs[$0] }
            var notes: [String] = []
            var points = group.cells.map { d, c in
                Point(
                    delivery: d, name: deliveries[d].name, labels: c.labels, goldLabels: c.gold,
                    accuracy: c.gold > 0 ? Double(c.correct) / Double(c.gold) : nil, accuracyChart: nil,
                    shift: nil,
                    shiftAdjustedP: nil, seconds: c.timed > 0 ? exp(c.logSum / Double(c.timed)) : nil,
                    speedChart: nil)
            }
            // Accuracy: baseline = the first deliveries with gold.
            let withGold = group.cells.indices.filter { group.cells[$0].1.gold > 0 }
            var baselineAccuracy: Double? = nil
            var baselineGold = 0
            if withGold.count > options.baseline {
                let base = withGold.prefix(options.baseline)
                let correct = base.reduce(0) { $0 + group.cells[$1].1.correct }
                baselineGold = base.reduce(0) { $0 + group.cells[$1].1.gold }
                baselineAccuracy = Double(correct) / Double(baselineGold)
                // Charted on Anscombe's arcsine scale, where a proportion of n has variance
                // 1 / (4n + 2) whatever its value: a baseline of 20 right of 20 does not make the
                // limits collapse, and few gold labels near 90% are not as skewed as on the raw
                // scale. The chart's figures are turned back into accuracies.
                func arcsine(_ c: Int, _ n: Int) -> Double {
                    asin(((Double(c) + 0.375) / (Double(n) + 0.75)).squareRoot())
                }
                let after = Array(withGold.dropFirst(options.baseline).first!..<group.cells.count)
                let values = after.map { j in
                    group.cells[j].1.gold > 0
                        ? arcsine(group.cells[j].1.correct, group.cells[j].1.gold) : .nan
                }
                let variances = after.map { j in
                    group.cells[j].1.gold > 0 ? 1 / (4 * Double(group.cells[j].1.gold) + 2) : .infinity
                }
                let charted = chart.chart(
                    values, variances: variances, centre: arcsine(correct, baselineGold),
                    centreVariance: 1 / (4 * Double(baselineGold) + 2))
                func back(_ y: Double?) -> Double? {
                    y.map {
                        let s = sin(min(max($0, 0), Double.pi / 2))
                        return s * s
                    }
                }
                for (j, c) in zip(after, charted) {
                    points[j].accuracyChart = EWMAChart.Point(
                        ewma: back(c.ewma), lower: back(c.lower), upper: back(c.upper))
                }
            } else {
                notes.append(
                    "accuracy not charted: \(withGold.count) deliveries with gold, \(options.baseline + 1) needed"
                )
            }
            // Label distribution against the first deliveries'.
            if group.cells.count > options.baseline {
                var reference = [Double](repeating: 0, count: k)
                for j in 0..<options.baseline {
                    for c in 0..<k { reference[c] += group.cells[j].1.classes[c] }
                }
                for j in options.baseline..<group.cells.count {
                    let shift = DistributionShift.between(group.cells[j].1.classes, reference: reference)
                    points[j].shift = shift
                    shiftTests.append((series.count, j, shift.p))
                }
            }
            // Speed: mean log-seconds against the baseline's labels.
            let timed = group.cells.indices.filter { group.cells[$0].1.timed > 0 }
            var baselineSeconds: Double? = nil
            if timed.count > options.baseline {
                let base = timed.prefix(options.baseline)
                let n = Double(base.reduce(0) { $0 + group.cells[$1].1.timed })
                let sum = base.reduce(0.0) { $0 + group.cells[$1].1.logSum }
                let squares = base.reduce(0.0) { $0 + group.cells[$1].1.logSquares }
                let mu = sum / n
                let variance = max((squares - n * mu * mu) / max(n - 1, 1), 1e-6)
                baselineSeconds = exp(mu)
                let after = Array(timed.dropFirst(options.baseline).first!..<group.cells.count)
                let values = after.map { j in
                    group.cells[j].1.timed > 0
                        ? group.cells[j].1.logSum / Double(group.cells[j].1.timed) : .nan
                }
                let variances = after.map { j in
                    group.cells[j].1.timed > 0 ? variance / Double(group.cells[j].1.timed) : .infinity
                }
                let charted = speedChart.chart(
                    values, variances: variances, centre: mu, centreVariance: variance / n)
                for (j, c) in zip(after, charted) { points[j].speedChart = c }
            } else if !durations.isEmpty {
                notes.append(
                    "speed not charted: \(timed.count) deliveries with durations, \(options.baseline + 1) needed"
                )
            }
            series.append(
                Series(
                    scope: group.scope, vendor: vendorName, annotator: annotatorName,
                    baselineAccuracy: baselineAccuracy, baselineGoldLabels: baselineGold,
                    baselineSeconds: baselineSeconds,
                    points: points, alarms: [], notes: notes))
        }
        let adjusted = BenjaminiHochberg.adjust(shiftTests.map(\.p))
        for (t, q) in zip(shiftTests, adjusted) { series[t.series].points[t.point].shiftAdjustedP = q }
        // Alarms: the first crossing of each kind per series.
        for s in series.indices {
            let who =
                series[s].annotator.map { "annotator \($0) of \(series[s].vendor)" }
                ?? "vendor \(series[s].vendor)"
            func alarm(_ kind: String, _ j: Int, _ message: String) -> Alarm {
                let p = series[s].points[j]
                return Alarm(
                    kind: kind, scope: series[s].scope, vendor: series[s].vendor,
                    annotator: series[s].annotator,
                    delivery: p.delivery, deliveryName: p.name,
                    message: "\(who), delivery \(p.name): " + message)
            }
            var found: [Alarm] = []
            if let j = series[s].points.indices.first(where: {
                let c = series[s].points[$0].accuracyChart
                return c?.ewma != nil && c!.ewma! < c!.lower!
            }) {
                let p = series[s].points[j]
                found.append(
                    alarm(
                        "accuracy", j,
                        String(
                            format:
                                "gold accuracy EWMA %.3f below its lower limit %.3f (baseline %.3f; this delivery %.3f on %d gold labels)",
                            p.accuracyChart!.ewma!, p.accuracyChart!.lower!, series[s].baselineAccuracy!,
                            p.accuracy ?? .nan, p.goldLabels)))
            }
            if let j = series[s].points.indices.first(where: {
                let p = series[s].points[$0]
                return (p.shiftAdjustedP ?? 1) < options.distributionLevel
                    && (p.shift?.psi ?? 0) >= options.minimumPSI
            }) {
                let p = series[s].points[j]
                found.append(
                    alarm(
                        "labels", j,
                        String(
                            format:
                                "label distribution moved from the baseline's (PSI %.3f, χ² %.1f on %d df, BH-adjusted p %.2g)",
                            p.shift!.psi, p.shift!.chiSquare, p.shift!.degrees, p.shiftAdjustedP!)))
            }
            if let base = series[s].baselineSeconds,
                let j = series[s].points.indices.first(where: {
                    let p = series[s].points[$0]
                    guard let c = p.speedChart, let z = c.ewma, let seconds = p.seconds else { return false }
                    let ratio = max(seconds / base, base / seconds)
                    return (z < c.lower! || z > c.upper!) && ratio >= options.minimumSpeedRatio
                })
            {
                let p = series[s].points[j]
                found.append(
                    alarm(
                        "speed", j,
                        String(
                            format:
                                "labels take %.1f s (geometric mean) against %.1f s in the baseline: the EWMA of log-seconds left its limits",
                            p.seconds!, base)))
            }
            series[s].alarms = found
        }
        let examined = series.filter { $0.scope == "annotator" }.count
        if !options.allAnnotators {
            series.removeAll { $0.scope == "annotator" && $0.alarms.isEmpty }
        }
        let alarms = series.flatMap(\.alarms).sorted {
            ($0.scope == "vendor" ? 0 : 1, $0.delivery) < ($1.scope == "vendor" ? 0 : 1, $1.delivery)
        }
        return DriftReport(options: options, series: series, alarms: alarms, annotatorsExamined: examined)
    }
}
