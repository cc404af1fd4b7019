// Assay — quality control for human-labelled training data.

// The decisions harness (not a test): the seeded measurements behind issue 16's goals, on simulated
// campaigns and on the shared datasets with truth. Built and run by scripts/decisions_harness.sh
// against the worktree's AssayCore in a release build. Each mode prints a Markdown table, then one
// line `FIGURES {json}` that scripts/evaluate.py reads and checks against the bars.

import AssayCore
import Foundation

/// Rows of a CSV file without quoted fields (true of the files read here), header dropped.
func rows(_ path: String) -> [[String]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(1)
    }
    return text.split(whereSeparator: \.isNewline).dropFirst().map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
    }
}

/// Interns a column of ids.
struct Interner {
    var ids: [String] = []
    var index: [String: Int32] = [:]
    mutating func id(_ s: String) -> Int32 {
        if let i = index[s] { return i }
        index[s] = Int32(ids.count)
        ids.append(s)
        return Int32(ids.count - 1)
    }
}

/// A shared dataset: its labels (annotators spread over `vendors` pseudo-vendors at random,
/// seeded) and the truth per item (-1 where unknown; all -1 without a truth.csv).
func dataset(_ root: String, _ name: String, vendors: Int = 1, seed: UInt64 = 1) -> (LabelSet, [Int32]) {
    var items = Interner()
    var workers = Interner()
    var classes = Interner()
    var item: [Int32] = []
    var annotator: [Int32] = []
    var raw: [String] = []
    for r in rows("\(root)/\(name)/labels.csv") {
        item.append(items.id(r[0]))
        annotator.append(workers.id(r[1]))
        raw.append(r[2])
        _ = classes.id(r[2])
    }
    var truthRows: [(Int32, String)] = []
    let truthPath = "\(root)/\(name)/truth.csv"
    for r in FileManager.default.fileExists(atPath: truthPath) ? rows(truthPath) : [] {
        if let i = items.index[r[0]] {
            truthRows.append((i, r[1]))
            _ = classes.id(r[1])
        }
    }
    let names = classes.ids.sorted { a, b in
        if let x = Double(a), let y = Double(b) { return x < y }
        return a < b
    }
    let classIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
    var rng = SeededGenerator(seed: seed)
    let vendorOf = workers.ids.map { _ in Int32(rng.next(below: UInt64(vendors))) }
    let set = LabelSet(
        itemIDs: items.ids, annotatorIDs: workers.ids, annotatorVendor: vendorOf,
        vendorIDs: (0..<vendors).map { "V\($0)" }, classes: names, item: item, annotator: annotator,
        value: raw.map { classIndex[$0]! })
    var truth = [Int32](repeating: -1, count: set.itemCount)
    for (i, t) in truthRows { truth[Int(i)] = classIndex[t]! }
    return (set, truth)
}

let truthDatasets = ["dog", "duck", "face", "product", "rte", "temp", "web", "wsd"]

func f(_ x: Double?, _ digits: Int = 4) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "—" }

/// Prints the figures line evaluate.py reads.
func figures(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print("FIGURES " + String(decoding: data, as: UTF8.self))
}

/// Gold answers for a random `share` of the items with truth (seeded).
func goldSample(_ truth: [Int32], share: Double, seed: UInt64) -> GoldAnswers {
    var rng = SeededGenerator(seed: seed)
    return GoldAnswers(answer: truth.map { $0 >= 0 && rng.nextUnit() < share ? $0 : -1 })
}

/// Gold labels per annotator.
func goldLabels(_ set: LabelSet, _ gold: GoldAnswers) -> [Int] {
    (0..<set.annotatorCount).map { a in
        set.labels(ofAnnotator: a).filter { gold.answer[Int(set.item[Int($0)])] >= 0 }.count
    }
}

// MARK: - Hierarchical vendor model

/// RMSE of DS's and the hierarchy's estimated accuracies against the true ones, over annotators
/// with ≤ 20 gold labels and at least one label.
func hierarchyErrors(_ set: LabelSet, gold: GoldAnswers, trueAccuracy: [Double]) -> (
    ds: Double, hds: Double, n: Int, fit: VendorHierarchyFit
) {
    let ds = DawidSkene().infer(set, gold: gold)
    var options = VendorHierarchy.Options()
    if let t = ProcessInfo.processInfo.environment["HDS_TOL"] { options.tolerance = Double(t)! }
    let fit = VendorHierarchy(options: options).fit(set, gold: gold)
    let g = goldLabels(set, gold)
    var sd = 0.0
    var sh = 0.0
    var n = 0
    for a in 0..<set.annotatorCount where g[a] <= 20 && set.annotatorOffsets[a + 1] > set.annotatorOffsets[a] {
        sd += pow(ds.annotatorSkill[a] - trueAccuracy[a], 2)
        sh += pow(fit.annotators[a].accuracy - trueAccuracy[a], 2)
        n += 1
    }
    return ((sd / Double(max(n, 1))).squareRoot(), (sh / Double(max(n, 1))).squareRoot(), n, fit)
}

/// The simulated vendors of the hierarchy scenario.
func hierarchyVendors() -> [CampaignSimulation.Vendor] {
    [
        .init(name: "Acme", annotators: 60, accuracy: 0.85, strength: 20, price: 0.06),
        .init(name: "Bolt", annotators: 80, accuracy: 0.74, strength: 30, price: 0.03),
        .init(name: "Crux", annotators: 40, accuracy: 0.92, strength: 40, price: 0.09),
        .init(name: "Dyad", annotators: 30, accuracy: 0.8, strength: 10, price: 0.05),
    ]
}

func hierarchy(_ root: String, seeds: Int) {
    print("### Simulation\n")
    print(
        "Four vendors (mean accuracy 0.85, 0.74, 0.92, 0.80; annotators' accuracies Beta around them with strength 20, 30, 40, 10), 210 annotators whose volumes follow a Pareto tail (exponent 1.2), 3,000 items × 3 labels, 5% gold, \(seeds) seeds per class count. RMSE of the estimated accuracy against the annotator's true accuracy, over annotators with ≤ 20 gold labels; coverage of the 90% intervals of each vendor's workforce accuracy and of each annotator's accuracy.\n"
    )
    print("| classes | annotators | RMSE, ds | RMSE, hierarchy | reduction | vendor 90% coverage | annotator 90% coverage |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    var reductions: [Double] = []
    var vendorCovered = 0
    var vendorTotal = 0
    var annotatorCovered = 0
    var annotatorTotal = 0
    for k in [2, 4] {
        var sd = 0.0
        var sh = 0.0
        var n = 0
        var vc = 0
        var vt = 0
        var ac = 0
        var at = 0
        for seed in 0..<seeds {
            var sim = CampaignSimulation(
                vendors: hierarchyVendors(), items: 3000, classes: k, overlap: 3, goldRate: 0.05,
                seed: UInt64(1000 + seed))
            sim.volumeTail = 1.2
            let out = sim.run()
            let e = hierarchyErrors(out.set, gold: out.gold, trueAccuracy: out.trueAccuracy)
            sd += e.ds * e.ds * Double(e.n)
            sh += e.hds * e.hds * Double(e.n)
            n += e.n
            for v in e.fit.vendors {
                if let truth = out.workforceAccuracy(vendor: v.vendor) {
                    vt += 1
                    if v.interval.contains(truth) { vc += 1 }
                }
            }
            for a in e.fit.annotators where a.labels > 0 {
                at += 1
                if a.interval.contains(out.trueAccuracy[a.annotator]) { ac += 1 }
            }
        }
        let rd = (sd / Double(n)).squareRoot()
        let rh = (sh / Double(n)).squareRoot()
        reductions.append(1 - rh / rd)
        vendorCovered += vc
        vendorTotal += vt
        annotatorCovered += ac
        annotatorTotal += at
        print(
            "| \(k) | \(n) | \(f(rd)) | \(f(rh)) | \(f(100 * (1 - rh / rd), 1))% | \(f(Double(vc) / Double(vt), 3)) (\(vt)) | \(f(Double(ac) / Double(at), 3)) |"
        )
    }
    print("\n### Shared datasets with truth\n")
    print(
        "Annotators spread over 3 pseudo-vendors at random (the datasets have no vendors, so the vendor level carries no information and the gain is the pool's shrinkage), 5% of the items with truth as gold (seeds 1–5); the true accuracy is the annotator's share of labels matching the truth. RMSE over annotators with ≤ 20 gold labels; the last two columns estimate an annotator's accuracy instead as the mean posterior probability of its own labels (reported, not a bar).\n"
    )
    print(
        "| dataset | annotators | RMSE, ds | RMSE, hierarchy | reduction | RMSE, ds: mean posterior of own labels | RMSE, hierarchy: same |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    var datasetReductions: [String: Double] = [:]
    for name in truthDatasets {
        var sd = 0.0
        var sh = 0.0
        var sdp = 0.0
        var shp = 0.0
        var n = 0
        for seed in 1...5 as ClosedRange<UInt64> {
            let (set, truth) = dataset(root, name, vendors: 3, seed: seed)
            var hits = [Double](repeating: 0, count: set.annotatorCount)
            var total = [Double](repeating: 0, count: set.annotatorCount)
            for l in 0..<set.count where truth[Int(set.item[l])] >= 0 {
                let a = Int(set.annotator[l])
                total[a] += 1
                if set.value[l] == truth[Int(set.item[l])] { hits[a] += 1 }
            }
            let trueAccuracy = zip(hits, total).map { $1 > 0 ? $0 / $1 : .nan }
            let gold = goldSample(truth, share: 0.05, seed: seed)
            let ds = DawidSkene().infer(set, gold: gold)
            let fit = VendorHierarchy().fit(set, gold: gold)
            let g = goldLabels(set, gold)
            let k = set.classCount
            func meanPosterior(_ post: [Double], _ a: Int) -> Double {
                var s = 0.0
                for l in set.labels(ofAnnotator: a) { s += post[Int(set.item[Int(l)]) * k + Int(set.value[Int(l)])] }
                return s / Double(set.labels(ofAnnotator: a).count)
            }
            for a in 0..<set.annotatorCount where g[a] <= 20 && total[a] > 0 {
                sd += pow(ds.annotatorSkill[a] - trueAccuracy[a], 2)
                sh += pow(fit.annotators[a].accuracy - trueAccuracy[a], 2)
                sdp += pow(meanPosterior(ds.posteriors, a) - trueAccuracy[a], 2)
                shp += pow(meanPosterior(fit.posteriors, a) - trueAccuracy[a], 2)
                n += 1
            }
        }
        let rd = (sd / Double(n)).squareRoot()
        let rh = (sh / Double(n)).squareRoot()
        datasetReductions[name] = 1 - rh / rd
        print("| \(name) | \(n / 5) | \(f(rd)) | \(f(rh)) | \(f(100 * (1 - rh / rd), 1))% | \(f((sdp / Double(n)).squareRoot())) | \(f((shp / Double(n)).squareRoot())) |")
    }
    figures([
        "hierarchy_sim_reduction": reductions.min()!,
        "hierarchy_vendor_coverage": Double(vendorCovered) / Double(vendorTotal),
        "hierarchy_annotator_coverage": Double(annotatorCovered) / Double(annotatorTotal),
        "hierarchy_dataset_reduction": datasetReductions,
    ])
}

// MARK: - Adaptive redundancy

/// Mean and bootstrap 90% interval over orders (resampled with replacement, seeded).
func meanInterval(_ values: [Double], seed: UInt64 = 7) -> (Double, Interval) {
    let mean = values.reduce(0, +) / Double(values.count)
    var rng = SeededGenerator(seed: seed)
    var reps: [Double] = []
    for _ in 0..<2000 {
        var s = 0.0
        for _ in values.indices { s += values[Int(rng.next(below: UInt64(values.count)))] }
        reps.append(s / Double(values.count))
    }
    return (mean, Interval.of(samples: reps)!)
}

let replayDatasets = ["dog", "duck", "face", "rte", "temp", "web", "wsd"]

func redundancy(_ root: String, orders: Int, target: Double) {
    print(
        "Each dataset's labels revealed one at a time per item in a seeded random order (\(orders) orders, seeds 1–\(orders)); an item stops when its posterior (vendor hierarchy, one pool) reaches \(target). Saving = labels not revealed; accuracy lost = full-overlap accuracy − replay accuracy, in points; 90% bootstrap intervals over the orders.\n"
    )
    print("| dataset | labels | full accuracy | labels used | saving (90% CI) | accuracy lost, points (90% CI) | meets both |")
    print("|---|---:|---:|---:|---|---|---|")
    var met = 0
    var rows: [String: [String: Double]] = [:]
    for name in replayDatasets {
        let (set, truth) = dataset(root, name)
        let methodName = ProcessInfo.processInfo.environment["REPLAY_METHOD"] ?? "hds"
        @Sendable func model(_ s: LabelSet, _ g: GoldAnswers?) -> [Double] {
            if methodName == "hds" { return RedundancyReplay.hierarchy(s, gold: g) }
            if methodName == "thds" { return VendorHierarchy().fit(s, gold: g).calibrated(s, gold: g).posteriors }
            return Methods.make(methodName)!.infer(s, gold: g).posteriors
        }
        let goldShare = Double(ProcessInfo.processInfo.environment["REPLAY_GOLD"] ?? "0")!
        let gold = goldShare > 0 ? goldSample(truth, share: goldShare, seed: 99) : nil
        let scored = gold.map { g in truth.indices.map { g.answer[$0] >= 0 ? -1 : truth[$0] } } ?? truth
        let full = RedundancyReplay.accuracy(model(set, gold), truth: scored, classes: set.classCount)
        var savings: [Double] = []
        var losses: [Double] = []
        var used: [Double] = []
        let initial = Int(ProcessInfo.processInfo.environment["REPLAY_INITIAL"] ?? "2")!
        // Orders on both cores: each writes only its own slot.
        var outcomes = [RedundancyReplay.Outcome?](repeating: nil, count: orders)
        outcomes.withUnsafeMutableBufferPointer { buffer in
            let slots = UncheckedBox(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: orders) { j in
                slots.value[j] = RedundancyReplay.run(
                    set, truth: truth, gold: gold, target: target, seed: UInt64(j + 1), initial: initial, full: full,
                    model: model)
            }
        }
        for o in outcomes.map({ $0! }) {
            savings.append(o.saving)
            losses.append(100 * (full - o.accuracy))
            used.append(Double(o.labelsUsed))
        }
        let (s, si) = meanInterval(savings)
        let (l, li) = meanInterval(losses)
        let ok = s >= 0.4 && l <= 0.5
        if ok { met += 1 }
        rows[name] = ["saving": s, "loss": l]
        print(
            "| \(name) | \(set.count) | \(f(full)) | \(f(used.reduce(0, +) / Double(orders), 0)) | \(f(100 * s, 1))% (\(f(100 * si.low, 1))–\(f(100 * si.high, 1))) | \(f(l, 2)) (\(f(li.low, 2))–\(f(li.high, 2))) | \(ok ? "✔" : "✘") |"
        )
    }
    print("\n\(met) of \(replayDatasets.count) datasets meet both (≥ 40% fewer labels, ≤ 0.5 points lost).")
    figures(["redundancy": rows, "redundancy_met": met, "redundancy_datasets": replayDatasets.count])
}

// MARK: - Drift

/// Median detection delay (deliveries from the first drifted one, 1 = found on it) of a drop
/// from 0.92 to 0.85 and the share of in-control monitored deliveries signalling, over `seeds`
/// campaigns of two vendors × 16 deliveries of `size` labels (5% gold), the drop from delivery 8.
/// First seed of the drift campaigns (DRIFT_SEED_BASE; 5000 unless set: another base checks a
/// setting chosen on the grid against campaigns the grid never saw).
let driftSeedBase = ProcessInfo.processInfo.environment["DRIFT_SEED_BASE"].flatMap { Int($0) } ?? 5000

func driftRun(seeds: Int, size: Int, options: DriftReport.Options) -> (median: Double, found: Int, falseRate: Double, monitored: Int) {
    var delays: [Double] = []
    var found = 0
    var falseSignals = 0
    var monitored = 0
    for seed in 0..<seeds {
        var sim = CampaignSimulation(
            vendors: [
                .init(name: "Falls", annotators: 40, accuracy: 0.92, strength: 200),
                .init(name: "Holds", annotators: 40, accuracy: 0.92, strength: 200),
            ], items: 2 * 16 * size, classes: 3, overlap: 1, goldRate: 0.05, deliveries: 16, seed: UInt64(driftSeedBase + seed))
        sim.drifts = [(vendor: 0, from: 8, drop: 0.07)]
        let out = sim.run()
        let deliveries = (0..<32).map { (name: "d\($0)", vendor: $0 / 16) }
        let report = DriftReport.build(out.set, delivery: out.delivery, deliveries: deliveries, gold: out.gold, options: options)
        for series in report.series where series.scope == "vendor" {
            for p in series.points {
                guard let c = p.accuracyChart, let z = c.ewma else { continue }
                let inControl = series.vendor == "Holds" || p.delivery % 16 < 8
                if inControl {
                    monitored += 1
                    if z < c.lower! { falseSignals += 1 }
                }
            }
            if series.vendor == "Falls" {
                // A drop never found (or an alarm before it) counts as an infinite delay.
                if let alarm = series.alarms.first(where: { $0.kind == "accuracy" }), alarm.delivery >= 8 {
                    found += 1
                    delays.append(Double(alarm.delivery - 8 + 1))
                } else {
                    delays.append(.infinity)
                }
            }
        }
    }
    delays.sort()
    let median = delays.isEmpty ? .infinity : delays[delays.count / 2]
    return (median, found, Double(falseSignals) / Double(max(monitored, 1)), monitored)
}

func drift(seeds: Int, grid: Bool) {
    var options = DriftReport.Options()
    let environment = ProcessInfo.processInfo.environment
    if let b = environment["DRIFT_BASELINE"].flatMap({ Int($0) }) { options.baseline = b }
    if let l = environment["DRIFT_LAMBDA"].flatMap({ Double($0) }) { options.lambda = l }
    if let w = environment["DRIFT_WIDTH"].flatMap({ Double($0) }) { options.width = w }
    if grid {
        print("| λ | L | median delay | found | false signals per monitored delivery |")
        print("|---:|---:|---:|---:|---:|")
        for lambda in [0.2, 0.3, 0.4, 0.5, 0.7] {
            for width in [2.2, 2.4, 2.6, 2.8, 3.0] {
                options.lambda = lambda
                options.width = width
                let r = driftRun(seeds: seeds, size: 2000, options: options)
                print("| \(lambda) | \(width) | \(f(r.median, 1)) | \(r.found)/\(seeds) | \(f(r.falseRate, 4)) |")
            }
        }
        return
    }
    print(
        "Two vendors × 16 deliveries, 3 classes, 5% gold, accuracy 0.92; one drops to 0.85 from delivery 8 (\(seeds) seeded campaigns per size). Delay: deliveries from the first drifted one to the alarm (1 = the first drifted delivery itself; a drop not found counts as infinite in the median). False signals: monitored in-control deliveries (after the baseline of \(options.baseline)) whose EWMA is below its lower limit. λ = \(options.lambda), L = \(options.width).\n"
    )
    print("| labels per delivery | gold labels per delivery | median delay | drops found | false signals per 100 vendor-deliveries |")
    print("|---:|---:|---:|---:|---:|")
    var main: (Double, Double) = (0, 0)
    for size in [1000, 2000, 5000] {
        let r = driftRun(seeds: seeds, size: size, options: options)
        if size == 2000 { main = (r.median, 100 * r.falseRate) }
        print("| \(size) | \(size / 20) | \(f(r.median, 1)) | \(r.found)/\(seeds) | \(f(100 * r.falseRate, 2)) (of \(r.monitored)) |")
    }
    // An infinite median (most drops not found) is written as 1,000 deliveries.
    figures(["drift_median_delay": min(main.0, 1000), "drift_false_per_100": main.1])
}

// MARK: - Delivery acceptance

func acceptance(runs: Int) {
    print("Plans from the binomial search (n, c) and their real risks:\n")
    print("| AQL | LTPD | α | β | n | c | P(accept \\| AQL) | P(accept \\| LTPD) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    var checks: [String: Any] = [:]
    for (aql, ltpd) in [(0.01, 0.05), (0.02, 0.08), (0.005, 0.03), (0.05, 0.15)] {
        let p = SamplingPlan.design(aql: aql, ltpd: ltpd)!
        print("| \(aql) | \(ltpd) | 0.05 | 0.1 | \(p.n) | \(p.c) | \(f(1 - p.producerRisk)) | \(f(p.consumerRisk)) |")
        if aql == 0.01 && ltpd == 0.05 { checks["plan_1_5"] = [p.n, p.c] }
    }
    print(
        "\nWald's sequential test against the single plan on simulated deliveries (\(runs) runs per defect rate, seed 1): realised risks and mean gold labels audited; truncation at 3n.\n"
    )
    print("| contract | defect rate | single plan: n, realised risk | SPRT: mean labels, realised risk | labels saved |")
    print("|---|---:|---|---|---:|")
    var savings: [Double] = []
    var riskOK = true
    var rng = SeededGenerator(seed: 1)
    for (aql, ltpd) in [(0.01, 0.05), (0.02, 0.08)] {
        let plan = SamplingPlan.design(aql: aql, ltpd: ltpd)!
        let test = SequentialTest(aql: aql, ltpd: ltpd, alpha: 0.05, beta: 0.10, plan: plan)
        for (p, wrongIs) in [(aql, SequentialDecision.reject), (ltpd, .accept)] {
            var singleWrong = 0
            var sprtWrong = 0
            var used = 0
            for _ in 0..<runs {
                var d = 0
                for _ in 0..<plan.n where rng.nextUnit() < p { d += 1 }
                let single: SequentialDecision = d <= plan.c ? .accept : .reject
                if single == wrongIs { singleWrong += 1 }
                let r = test.run((0..<(10 * plan.n)).lazy.map { _ in rng.nextUnit() < p })
                used += r.used
                if r.decision == wrongIs { sprtWrong += 1 }
            }
            let asn = Double(used) / Double(runs)
            let saved = 1 - asn / Double(plan.n)
            savings.append(saved)
            let nominal = p == aql ? 0.05 : 0.10
            let realised = Double(sprtWrong) / Double(runs)
            if realised > nominal + 3 * (nominal * (1 - nominal) / Double(runs)).squareRoot() { riskOK = false }
            print(
                "| \(aql) / \(ltpd) | \(p) | \(plan.n), \(f(Double(singleWrong) / Double(runs), 3)) | \(f(asn, 1)), \(f(realised, 3)) | \(f(100 * saved, 1))% |"
            )
        }
    }
    let mean = savings.reduce(0, +) / Double(savings.count)
    print("\nMean saving over the four cases: \(f(100 * mean, 1))%; realised risks within their nominal α and β: \(riskOK ? "yes" : "no").")
    checks["sprt_saving"] = mean
    checks["sprt_risks_ok"] = riskOK
    figures(checks)
}

// MARK: - Fraud

func fraud(_ root: String, seeds: Int) {
    print(
        "Simulation: three vendors of 12 annotators (accuracy 0.75–0.85, 3 classes), 4,000 items × 3 labels, 5% gold; per campaign three planted clones (one id copying another's answers, 10% of them replaced at random, at lined-up times) sharing every item of their source (≥ 200), one bot, one honeypot leaker; \(seeds) seeds. Pairs are flagged at BH 5%.\n"
    )
    var found = 0
    var planted = 0
    var falsePairs = 0
    var otherPairs = 0
    var bots = 0
    var leakers = 0
    var falseAnnotators = 0
    var annotators = 0
    for seed in 0..<seeds {
        var sim = CampaignSimulation(
            vendors: [
                .init(name: "Acme", annotators: 12, accuracy: 0.8, strength: 30),
                .init(name: "Bolt", annotators: 12, accuracy: 0.75, strength: 30),
                .init(name: "Crux", annotators: 12, accuracy: 0.85, strength: 30),
            ], items: 4_000, classes: 3, overlap: 3, goldRate: 0.05, volumeTail: 50, seed: UInt64(7000 + seed))
        sim.clones = [
            .init(sourceVendor: 0, source: 0, copyVendor: 1, copy: 11, noise: 0.1),
            .init(sourceVendor: 2, source: 1, copyVendor: 0, copy: 11, noise: 0.1),
            .init(sourceVendor: 1, source: 2, copyVendor: 1, copy: 10, noise: 0.1),
        ]
        sim.bots = [(vendor: 2, annotator: 9)]
        sim.leakers = [(vendor: 0, annotator: 10)]
        let out = sim.run()
        let fit = VendorHierarchy().fit(out.set, gold: out.gold)
        let report = FraudReport.build(out.set, posteriors: fit.posteriors, confusion: fit.confusion, gold: out.gold, shown: 0)
        let flagged = Set(report.pairs.filter(\.flagged).map { [min($0.first, $0.second), max($0.first, $0.second)] })
        let truth = Set(out.clonePairs.map { [min($0.0, $0.1), max($0.0, $0.1)] })
        planted += truth.count
        found += truth.intersection(flagged).count
        falsePairs += flagged.subtracting(truth).count
        otherPairs += report.pairsTested - truth.count
        let flaggedPeople = Dictionary(grouping: report.annotators.filter(\.flagged), by: \.annotator)
        if Set(flaggedPeople[out.bots[0]]?.map(\.kind) ?? []).isSuperset(of: ["too fast", "too regular"]) { bots += 1 }
        if flaggedPeople[out.leakers[0]]?.contains(where: { $0.kind == "gold gap" }) == true { leakers += 1 }
        falseAnnotators += flaggedPeople.keys.filter { $0 != out.bots[0] && $0 != out.leakers[0] }.count
        annotators += out.set.annotatorCount - 2
    }
    let recall = Double(found) / Double(planted)
    let fpr = Double(falsePairs) / Double(max(otherPairs, 1))
    print("| clones found (recall) | other pairs flagged (of tested) | bots flagged | leakers flagged | other annotators flagged |")
    print("|---|---|---|---|---|")
    print(
        "| \(found)/\(planted) (\(f(recall, 3))) | \(falsePairs)/\(otherPairs) (\(f(100 * fpr, 2))%) | \(bots)/\(seeds) | \(leakers)/\(seeds) | \(falseAnnotators)/\(annotators) |"
    )
    print("\n### What it flags on the shared datasets\n")
    print("No vendors, times or gold in these files: only shared wrong answers are tested (pairs with ≥ 20 shared items), on the vendor hierarchy's fit.\n")
    print("| dataset | pairs tested | pairs flagged | groups | top pair | its evidence |")
    print("|---|---:|---:|---:|---|---|")
    for name in ["adult3", "dog", "duck", "face", "product", "rte", "temp", "web", "wsd"] {
        let set = dataset(root, name).0
        let fit = VendorHierarchy().fit(set)
        let report = FraudReport.build(set, posteriors: fit.posteriors, confusion: fit.confusion, gold: nil, shown: 1)
        let top = report.pairs.first
        let flagged = report.pairs.filter(\.flagged).count
        print(
            "| \(name) | \(report.pairsTested) | \(flagged) | \(report.groups.count) | \(top.map { "\($0.firstName) ~ \($0.secondName) (q \(String(format: "%.2g", $0.q)))" } ?? "—") | \(top?.evidence ?? "—") |"
        )
    }
    figures(["fraud_recall": recall, "fraud_false_pair_rate": fpr, "fraud_bots": Double(bots) / Double(seeds), "fraud_leakers": Double(leakers) / Double(seeds)])
}

// MARK: - Sourcing

func sourcing(seeds: Int, rounds: Int) {
    let vendors: [CampaignSimulation.Vendor] = [
        .init(name: "Acme", annotators: 30, accuracy: 0.9, strength: 30, price: 0.08),
        .init(name: "Bolt", annotators: 40, accuracy: 0.78, strength: 20, price: 0.03),
        .init(name: "Crux", annotators: 30, accuracy: 0.85, strength: 30, price: 0.05),
        .init(name: "Dyad", annotators: 40, accuracy: 0.7, strength: 15, price: 0.025),
    ]
    let budget = 600.0
    print(
        "Four vendors (mean accuracy 0.90, 0.78, 0.85, 0.70 at 0.08, 0.03, 0.05, 0.025 a label), caps 5–50%, a budget of \(Int(budget)) a round, 3 labels an item, 5% gold. Round 1 splits evenly; each later round's split is `SourcingPlan` on the vendor hierarchy fitted to every label so far, and the round's labels are bought as it says. Efficiency: the plan's expected correct labels per dollar under the vendors' true accuracies (volume-weighted over their annotators) over an oracle's (the capped program on the true accuracies). Coverage: the vendors' 90% intervals of expected correct labels against the true expectation. \(seeds) seeds.\n"
    )
    print("| round | mean efficiency | lowest | caps breached | 90% coverage of the plan made after it |")
    print("|---:|---:|---:|---:|---:|")
    var efficiency = [[Double]](repeating: [], count: rounds + 1)
    var covered = [Int](repeating: 0, count: rounds + 1)
    var intervals = [Int](repeating: 0, count: rounds + 1)
    var breached = [Int](repeating: 0, count: rounds + 1)
    for seed in 0..<seeds {
        let base = CampaignSimulation(vendors: vendors, items: 1, classes: 2, overlap: 3, goldRate: 0.05, seed: UInt64(9000 + seed))
        let (accuracy, volume) = base.population()
        let trueAccuracy = zip(accuracy, volume).map { a, w in zip(a, w).reduce(0) { $0 + $1.0 * $1.1 } / w.reduce(0, +) }
        let trueRatio = zip(trueAccuracy, vendors).map { $0 / $1.price }
        let oracle = SourcingPlan.allocate(ratios: trueRatio, maxShare: 0.5, minShare: 0.05)
        let oracleValue = zip(oracle, trueRatio).reduce(0) { $0 + $1.0 * $1.1 }
        var shares = [Double](repeating: 0.25, count: vendors.count)
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Int32] = []
        var truth: [Int32] = []
        var gold: [Int32] = []
        var annotatorIDs: [String] = []
        var annotatorVendor: [Int32] = []
        for round in 0...rounds {
            // This round's split (even in the first), judged against the oracle's.
            efficiency[round].append(zip(shares, trueRatio).reduce(0) { $0 + $1.0 * $1.1 } / oracleValue)
            for s in shares where s > 0.5 + 1e-9 || s < 0.05 - 1e-9 { breached[round] += 1 }
            // The round's labels, bought as the shares say.
            var sim = base
            let labels = zip(shares, vendors).map { budget * $0 / $1.price }
            for v in vendors.indices { sim.vendors[v].volume = labels[v] }
            sim.items = Int(labels.reduce(0, +) / 3)
            sim.labelSeed = UInt64(seed * 1000 + round)
            let out = sim.run()
            annotatorIDs = out.set.annotatorIDs
            annotatorVendor = out.set.annotatorVendor
            let offset = Int32(truth.count)
            item += out.set.item.map { $0 + offset }
            annotator += out.set.annotator
            value += out.set.value
            truth += out.truth
            gold += out.gold.answer
            let set = LabelSet(
                itemIDs: (0..<truth.count).map { "i\($0)" }, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                vendorIDs: vendors.map(\.name), classes: out.set.classes, item: item, annotator: annotator, value: value)
            let fit = VendorHierarchy().fit(set, gold: GoldAnswers(answer: gold))
            let offers = fit.vendors.map { SourcingPlan.Offer(vendor: $0.name, accuracy: $0.posterior, price: vendors[$0.vendor].price) }
            let plan = SourcingPlan.make(offers: offers, budget: budget, maxShare: 0.5, minShare: 0.05, samples: 1000, seed: UInt64(round))!
            // The plan made after this round is what the next one buys.
            shares = vendors.map { v in plan.vendors.first { $0.vendor == v.name }!.share }
            for v in plan.vendors {
                let index = vendors.firstIndex { $0.name == v.vendor }!
                intervals[round] += 1
                if v.expectedCorrectInterval.contains(v.labels * trueAccuracy[index]) { covered[round] += 1 }
            }
        }
    }
    for round in 0...rounds {
        let e = efficiency[round]
        print(
            "| \(round + 1) | \(f(e.reduce(0, +) / Double(e.count), 4)) | \(f(e.min()!, 4)) | \(breached[round]) | \(f(Double(covered[round]) / Double(intervals[round]), 3)) |"
        )
    }
    let round3 = efficiency[min(2, rounds)]
    figures([
        "sourcing_round3_efficiency": round3.reduce(0, +) / Double(round3.count),
        "sourcing_breaches": breached.reduce(0, +),
        "sourcing_coverage": Double(covered.reduce(0, +)) / Double(intervals.reduce(0, +)),
    ])
}

// MARK: - Speed

/// Seconds `body` takes (wall clock); its CPU seconds (every thread of the process) are added to
/// `cpuSeconds`.
func seconds(_ body: () -> Void) -> Double {
    let t = Date()
    let c = clock()
    body()
    lastCPU = Double(clock() - c) / Double(CLOCKS_PER_SEC)
    return Date().timeIntervalSince(t)
}

/// CPU seconds of the last `seconds` call: steadier than wall time on a shared machine.
nonisolated(unsafe) var lastCPU = 0.0

func bench(_ n: Int, rounds: Int, quickOnly: Bool = false) {
    let items = n / 5
    let perVendor = max(n / 600, 10)
    var sim = CampaignSimulation(
        vendors: [
            .init(name: "Acme", annotators: perVendor, accuracy: 0.9, strength: 30, price: 0.08),
            .init(name: "Bolt", annotators: perVendor, accuracy: 0.8, strength: 20, price: 0.03),
            .init(name: "Crux", annotators: perVendor, accuracy: 0.85, strength: 30, price: 0.05),
        ], items: items, classes: 5, overlap: 5, goldRate: 0.05, deliveries: 10, volumeTail: 50, seed: 1)
    sim.clones = []
    var out: CampaignSimulation.Output!
    let made = seconds { out = sim.run() }
    let set = out.set
    print(
        "\(set.count) labels, \(set.itemCount) items, \(set.annotatorCount) annotators, K = 5 (simulated in \(f(made, 1)) s). Wall seconds, \(rounds) interleaved rounds:\n"
    )
    var ds: [Double] = []
    var hds: [Double] = []
    var dsCPU: [Double] = []
    var hdsCPU: [Double] = []
    var iterations = (0, 0)
    for _ in 0..<(quickOnly ? 0 : rounds) {
        ds.append(seconds { iterations.0 = DawidSkene().infer(set, gold: out.gold).iterations })
        dsCPU.append(lastCPU)
        hds.append(seconds { iterations.1 = VendorHierarchy().fit(set, gold: out.gold).iterations })
        hdsCPU.append(lastCPU)
    }
    print("| computation | seconds (each round) | iterations |")
    print("|---|---|---:|")
    print("| Dawid–Skene (gold clamped) | \(ds.map { f($0, 2) }.joined(separator: ", ")) | \(iterations.0) |")
    print("| vendor hierarchy, all labels | \(hds.map { f($0, 2) }.joined(separator: ", ")) | \(iterations.1) |")
    let ratio = zip(hds, ds).map { $0 / $1 }
    print("| ratio hierarchy / DS | \(ratio.map { f($0, 2) }.joined(separator: ", ")) | |")
    print("| CPU seconds: Dawid–Skene | \(dsCPU.map { f($0, 2) }.joined(separator: ", ")) | |")
    print("| CPU seconds: vendor hierarchy | \(hdsCPU.map { f($0, 2) }.joined(separator: ", ")) | |")
    print("| CPU ratio hierarchy / DS | \(zip(hdsCPU, dsCPU).map { f($0 / $1, 2) }.joined(separator: ", ")) | |")
    // The decisions as the commands compute them once the set is loaded.
    var options = VendorHierarchy.Options()
    options.sampleLabels = VendorHierarchy.Options.quickSample
    options.maxIterations = VendorHierarchy.Options.quickIterations
    var planTimes: [Double] = []
    var nextTimes: [Double] = []
    var acceptTimes: [Double] = []
    for _ in 0..<rounds {
        planTimes.append(
            seconds {
                var vendorsOnly = options
                vendorsOnly.itemPosteriors = false
                let fit = VendorHierarchy(options: vendorsOnly).fit(set, gold: out.gold)
                let offers = fit.vendors.map {
                    SourcingPlan.Offer(vendor: $0.name, accuracy: $0.posterior, price: sim.vendors[$0.vendor].price)
                }
                _ = SourcingPlan.make(offers: offers, budget: 10_000, labelsPerItem: 5)
            })
        nextTimes.append(
            seconds {
                let fit = VendorHierarchy(options: options).fit(set, gold: out.gold)
                _ = RedundancyPlan.make(
                    set, posteriors: fit.posteriors, vendorRows: fit.vendorConfusion,
                    vendors: fit.vendors.map { ($0.vendor, sim.vendors[$0.vendor].price) }, budget: 10_000)
            })
        acceptTimes.append(
            seconds {
                // Vendor 0's ten deliveries: their gold labels in order, then the judgement.
                var audits = [[Bool]](repeating: [], count: 10)
                for l in 0..<set.count where out.delivery[l] < 10 && out.gold.answer[Int(set.item[l])] >= 0 {
                    audits[Int(out.delivery[l])].append(set.value[l] != out.gold.answer[Int(set.item[l])])
                }
                _ = DeliveryAcceptance.judge(
                    contract: .init(aql: 0.1, ltpd: 0.2), audits: audits, lotSize: set.count / 30)
            })
    }
    print("| plan (hierarchy on a 500k-label sample, 6 iterations + Thompson plan) | \(planTimes.map { f($0, 2) }.joined(separator: ", ")) | |")
    print("| next (hierarchy on a 500k-label sample, 6 iterations + one pass + ranking) | \(nextTimes.map { f($0, 2) }.joined(separator: ", ")) | |")
    print("| accept (one vendor's gold labels by delivery + judgement) | \(acceptTimes.map { f($0, 2) }.joined(separator: ", ")) | |")
    let driftTime = seconds {
        _ = DriftReport.build(
            set, delivery: out.delivery, deliveries: (0..<30).map { (name: "d\($0)", vendor: $0 / 10) }, gold: out.gold)
    }
    print("| drift (every vendor and annotator) | \(f(driftTime, 2)) | |")
    if quickOnly { return }
    figures([
        "bench_ratio": ratio.sorted()[ratio.count / 2], "bench_plan": planTimes.sorted()[planTimes.count / 2],
        "bench_next": nextTimes.sorted()[nextTimes.count / 2], "bench_accept": acceptTimes.sorted()[acceptTimes.count / 2],
    ])
}

let args = CommandLine.arguments
let root = ProcessInfo.processInfo.environment["ASSAY_DATASETS"] ?? "../shared/datasets"
switch args.count > 1 ? args[1] : "" {
case "hierarchy": hierarchy(root, seeds: args.count > 2 ? Int(args[2]) ?? 20 : 20)
case "drift": drift(seeds: args.count > 2 ? Int(args[2]) ?? 200 : 200, grid: false)
case "drift-grid": drift(seeds: args.count > 2 ? Int(args[2]) ?? 100 : 100, grid: true)
case "acceptance": acceptance(runs: args.count > 2 ? Int(args[2]) ?? 20_000 : 20_000)
case "fraud": fraud(root, seeds: args.count > 2 ? Int(args[2]) ?? 20 : 20)
case "sourcing": sourcing(seeds: args.count > 2 ? Int(args[2]) ?? 20 : 20, rounds: 5)
case "bench": bench(args.count > 2 ? Int(args[2]) ?? 10_000_000 : 10_000_000, rounds: 3)
// The quick decisions only (plan, next, accept, drift), for profiling them.
case "bench-quick": bench(args.count > 2 ? Int(args[2]) ?? 10_000_000 : 10_000_000, rounds: 3, quickOnly: true)
case "redundancy":
    redundancy(
        root, orders: args.count > 2 ? Int(args[2]) ?? 20 : 20,
        target: Double(ProcessInfo.processInfo.environment["REPLAY_TARGET"] ?? "0.95")!)
default:
    print("usage: decisions-harness hierarchy [SEEDS]")
    exit(2)
}

