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

/// A shared dataset with truth: its labels (annotators spread over `vendors` pseudo-vendors at
/// random, seeded) and the truth per item (-1 where unknown).
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
    for r in rows("\(root)/\(name)/truth.csv") {
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
        "Annotators spread over 3 pseudo-vendors at random (the datasets have no vendors, so the vendor level carries no information and the gain is the pool's shrinkage), 5% of the items with truth as gold (seeds 1–5); the true accuracy is the annotator's share of labels matching the truth. RMSE over annotators with ≤ 20 gold labels.\n"
    )
    print("| dataset | annotators | RMSE, ds | RMSE, hierarchy | reduction |")
    print("|---|---:|---:|---:|---:|")
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
        let full = RedundancyReplay.accuracy(RedundancyReplay.hierarchy(set), truth: truth, classes: set.classCount)
        var savings: [Double] = []
        var losses: [Double] = []
        var used: [Double] = []
        for seed in 1...orders {
            let o = RedundancyReplay.run(set, truth: truth, target: target, seed: UInt64(seed), full: full)
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

let args = CommandLine.arguments
let root = ProcessInfo.processInfo.environment["ASSAY_DATASETS"] ?? "../shared/datasets"
switch args.count > 1 ? args[1] : "" {
case "hierarchy": hierarchy(root, seeds: args.count > 2 ? Int(args[2]) ?? 20 : 20)
case "redundancy": redundancy(root, orders: args.count > 2 ? Int(args[2]) ?? 20 : 20, target: 0.95)
default:
    print("usage: decisions-harness hierarchy [SEEDS]")
    exit(2)
}
