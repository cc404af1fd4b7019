// Assay — quality control for human-labelled training data.

// The ratings harness (not a test): figures on the shared datasets, severity recovery on simulated
// raters, and the speed of the rating model. Built and run by scripts/ratings_harness.sh against
// the worktree's AssayCore in a release build; prints Markdown.

import AssayCore
import Foundation

/// Rows of a CSV file without quoted fields (true of the files read here), header dropped.
func rows(_ path: String) -> [[String]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(1)
    }
    return text.split(separator: "\n").dropFirst().map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: .whitespaces)
        }
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

func readRatings(_ path: String, scale: RatingScale) -> (RatingSet, Interner, Interner) {
    var items = Interner()
    var workers = Interner()
    var item: [Int32] = []
    var annotator: [Int32] = []
    var value: [Double] = []
    for (n, r) in rows(path).enumerated() {
        guard let v = Double(r[2]), scale.violation(of: v) == nil else {
            FileHandle.standardError.write(
                "\(path):\(n + 2): label \(r[2]): expected \(scale.expectation)\n".data(using: .utf8)!)
            exit(1)
        }
        item.append(items.id(r[0]))
        annotator.append(workers.id(r[1]))
        value.append(v)
    }
    let set = RatingSet(
        itemIDs: items.ids, annotatorIDs: workers.ids,
        annotatorVendor: [Int32](repeating: 0, count: workers.ids.count),
        vendorIDs: [""], scale: scale, item: item, annotator: annotator, value: value)
    return (set, items, workers)
}

func f(_ x: Double?, _ digits: Int = 4) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "—" }

let methods: [any RatingMethod] = [
    MeanRating(), MedianRating(), AdditiveRaterModel(), OrdinalDawidSkene(), RatingAuto(),
]

func truthTable(_ root: String) {
    print("| dataset | method | pearson | spearman | mae | rmse | note |")
    print("|---|---|---:|---:|---:|---:|---|")
    for (name, scale) in [
        ("emotion", try! RatingScale(minimum: -100, maximum: 100, step: 1)),
        ("wordsim", try! RatingScale(minimum: 0, maximum: 10, step: 1)),
    ] {
        let (set, items, _) = readRatings("\(root)/\(name)/labels.csv", scale: scale)
        var truth = [Double](repeating: .nan, count: set.itemCount)
        for r in rows("\(root)/\(name)/truth.csv") {
            if let i = items.index[r[0]] { truth[Int(i)] = Double(r[1])! }
        }
        for m in methods {
            if let why = m.unsupportedReason(set) {
                print("| \(name) | \(m.name) | | | | | \(why) |")
                continue
            }
            let fit = m.infer(set)
            let s = RatingMetrics.score(fit.value, truth: truth)
            print(
                "| \(name) | \(m.name) | \(f(s.pearson)) | \(f(s.spearman)) | \(f(s.mae, 3)) | \(f(s.rmse, 3)) | \(fit.notes.first ?? "") |"
            )
        }
    }
}

func mqm(_ root: String) {
    let (set, items, workers) = readRatings(
        "\(root)/wmt_mqm_ende/labels.csv", scale: try! RatingScale(minimum: -.infinity, maximum: 0))
    _ = items
    let fit = AdditiveRaterModel().infer(set)
    let mean = MeanRating().infer(set)
    var rater: [Int32] = []
    var found: [Bool] = []
    for r in rows("\(root)/wmt_mqm_ende/attention_checks.csv") {
        rater.append(workers.index[r[1]]!)
        found.append(r[2] == "Found")
    }
    let checks = KnownAnswerChecks(annotators: set.annotatorCount, rater: rater, passed: found)
    print(
        "Additive model (\(fit.iterations) iterations, \(fit.notes.joined(separator: "; "))). Severity = mean offset"
    )
    print(
        "from the item values in MQM points (label = minus the penalty: negative = harsher than the others).\n"
    )
    print(
        "| rank | rater | ratings | severity | 95% interval | noise | offset vs plain mean | HOTW found / checks | found rate (Wilson 95%) |"
    )
    print("|---:|---|---:|---:|---|---:|---:|---|---|")
    let order = (0..<set.annotatorCount).sorted { fit.severity[$0] < fit.severity[$1] }
    for (k, a) in order.enumerated() {
        let w = checks.passInterval(of: a)
        print(
            "| \(k + 1) | \(workers.ids[a]) | \(fit.raterRatings[a]) | \(f(fit.severity[a], 2)) | \(f(fit.severityLow[a], 2)) … \(f(fit.severityHigh[a], 2)) | \(f(fit.noise[a], 2)) | \(f(mean.severity[a], 2)) | \(checks.passed[a]) / \(checks.checks(of: a)) | \(f(checks.passRate(of: a), 3)) (\(f(w?.low, 3)) … \(f(w?.high, 3))) |"
        )
    }
    print("\nSpearman ρ between found rate and severity: \(f(checks.rankCorrelation(with: fit.severity), 3))")
    print("(negative: raters who find the injected errors are the harsher ones).")
}

func agreement(_ root: String) {
    print("| dataset | labels | α nominal | α ordinal | α interval |")
    print("|---|---:|---:|---:|---:|")
    for (name, scale) in [
        ("emotion", try! RatingScale(minimum: -100, maximum: 100, step: 1)),
        ("wordsim", try! RatingScale(minimum: 0, maximum: 10, step: 1)),
        ("nli_slider", try! RatingScale(minimum: 0, maximum: 100, step: 1)),
        ("wmt_mqm_ende", try! RatingScale(minimum: -.infinity, maximum: 0)),
        ("convabuse", try! RatingScale(minimum: -3, maximum: 1, step: 1, level: .ordinal)),
    ] {
        let (set, _, _) = readRatings("\(root)/\(name)/labels.csv", scale: scale)
        let a = [MeasurementLevel.nominal, .ordinal, .interval].map {
            KrippendorffAlpha.compute(set, level: $0).value
        }
        print("| \(name) | \(set.count) | \(f(a[0])) | \(f(a[1])) | \(f(a[2])) |")
    }
    let (conv, _, _) = readRatings(
        "\(root)/convabuse/labels.csv",
        scale: try! RatingScale(minimum: -3, maximum: 1, step: 1, level: .ordinal))
    let auto = RatingAuto().infer(conv)
    print("\nconvabuse severities, `auto`: \(auto.notes.first ?? "")")
}

func multiLabel(_ root: String) {
    let classes = [
        "ableist", "homophobic", "intellectual", "racist", "sexist", "sex_harassment", "transphobic",
        "target.generalised", "target.individual", "target.system", "explicit", "implicit",
    ]
    var items = Interner()
    var workers = Interner()
    var item: [Int32] = []
    var annotator: [Int32] = []
    var lists: [Int32] = []
    var offsets = [0]
    for r in rows("\(root)/convabuse/multilabel.csv") {
        item.append(items.id(r[0]))
        annotator.append(workers.id(r[1]))
        for c in r[2].split(separator: ";") { lists.append(Int32(classes.firstIndex(of: String(c))!)) }
        offsets.append(lists.count)
    }
    let set = MultiLabelSet(
        itemIDs: items.ids, annotatorIDs: workers.ids,
        annotatorVendor: [Int32](repeating: 0, count: workers.ids.count),
        vendorIDs: [""], classes: classes, item: item, annotator: annotator,
        words: MultiLabelSet.words(classLists: lists, offsets: offsets, classCount: classes.count))
    let consensus = BinaryRelevance().infer(set)
    let alphas = MultiLabelAgreement.perClassAlpha(set)
    print("| class | labels marking it | items in the DS consensus | α (nominal, binary) |")
    print("|---|---:|---:|---:|")
    for c in 0..<classes.count {
        let marked = (0..<set.count).filter { set.contains(label: $0, class: c) }.count
        let inConsensus = (0..<set.itemCount).filter { consensus.contains(item: $0, class: c) }.count
        print("| \(classes[c]) | \(marked) | \(inConsensus) | \(f(alphas[c].value)) |")
    }
    print(
        "\nα over whole sets: Jaccard \(f(MultiLabelAgreement.setAlpha(set).value)), MASI \(f(MultiLabelAgreement.setAlpha(set, distance: .masi).value))"
    )
}

func recovery() {
    print(
        "50 raters × 20 ratings (250 items × 4 raters), severities N(0, 0.5²), 10 seeds; RMSE in scale steps after removing the common offset; bound = noise_eff / √20 · √(4/3).\n"
    )
    print(
        "| scale | noise (steps) | additive RMSE | mean-offset RMSE | bound | severity 95% coverage | item 95% coverage |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (label, scale, truth) in [
        ("continuous 0..100", try! RatingScale(minimum: 0, maximum: 100), 20.0...80.0),
        ("1..7 in steps of 1", try! RatingScale(minimum: 1, maximum: 7, step: 1), 2.0...6.0),
        ("1..5 in steps of 1", try! RatingScale(minimum: 1, maximum: 5, step: 1), 1.5...4.5),
    ] {
        for noise in [0.2, 0.3, 0.4, 0.6, 1.0] {
            var rmse = 0.0
            var meanRMSE = 0.0
            var covered = 0.0
            var coveredItems = 0.0
            for seed in 0..<10 as Range<UInt64> {
                let raters = RatingSimulation.mix(raters: 50, severitySD: 0.5, noise: noise, seed: seed)
                let sim = RatingSimulation(
                    scale: scale, items: 250, overlap: 4, raters: raters, truthRange: truth, seed: seed
                ).run()
                let fit = sim.recovery(of: AdditiveRaterModel().infer(sim.set))
                rmse += fit.severityRMSE / 10
                meanRMSE += sim.recovery(of: MeanRating().infer(sim.set)).severityRMSE / 10
                covered += fit.severityCoverage / 10
                coveredItems += fit.valueCoverage / 10
            }
            let effective = scale.isStepped ? (noise * noise + 1.0 / 12).squareRoot() : noise
            print(
                "| \(label) | \(noise) | \(f(rmse, 3)) | \(f(meanRMSE, 3)) | \(f(effective / 20.0.squareRoot() * (4.0 / 3).squareRoot(), 3)) | \(f(covered, 3)) | \(f(coveredItems, 3)) |"
            )
        }
    }
}

func bench(_ n: Int) {
    let overlap = 5
    let items = n / overlap
    let raters = max(n / 100, overlap)
    var t = Date()
    let sim = RatingSimulation(
        scale: try! RatingScale(minimum: 1, maximum: 7, step: 1), items: items, overlap: overlap,
        raters: RatingSimulation.mix(
            raters: raters, severitySD: 0.5, noise: 0.7, noisyShare: 0.1, noisyNoise: 2, spammerShare: 0.05,
            seed: 1),
        truthRange: 2...6, seed: 1
    ).run()
    let made = Date().timeIntervalSince(t)
    // The columns a reader would hand over, in file order, then the set built from them.
    let item = sim.set.index.item
    let annotator = sim.set.index.annotator
    let value = sim.set.value
    t = Date()
    let set = RatingSet(
        itemIDs: sim.set.index.itemIDs, annotatorIDs: sim.set.index.annotatorIDs,
        annotatorVendor: sim.set.index.annotatorVendor, vendorIDs: [""], scale: sim.set.scale, item: item,
        annotator: annotator, value: value)
    let built = Date().timeIntervalSince(t)
    t = Date()
    let fit = AdditiveRaterModel().infer(set)
    let fitted = Date().timeIntervalSince(t)
    var one = AdditiveRaterModel()
    one.maxIterations = 1
    t = Date()
    _ = one.infer(set)
    let oneTime = Date().timeIntervalSince(t)
    t = Date()
    let alpha = KrippendorffAlpha.compute(set, level: .interval).value
    let alphaTime = Date().timeIntervalSince(t)
    print(
        "ratings \(set.count), items \(items), raters \(raters): simulate \(f(made, 2)) s, RatingSet \(f(built, 2)) s, additive fit \(f(fitted, 2)) s (\(fit.iterations) iterations, converged \(fit.converged); capped at 1 iteration a stage: \(f(oneTime, 2)) s), α interval \(f(alphaTime, 2)) s = \(f(alpha, 4)); severity RMSE (non-spammers) \(f(sim.recovery(of: fit).severityRMSE, 4))"
    )
}

let args = CommandLine.arguments
let root = ProcessInfo.processInfo.environment["ASSAY_DATASETS"] ?? "../shared/datasets"
switch args.count > 1 ? args[1] : "" {
case "datasets":
    print("## Consensus against truth\n")
    truthTable(root)
    print("\n## wmt_mqm_ende rater severity\n")
    mqm(root)
    print("\n## Agreement\n")
    agreement(root)
    print("\n## convabuse multi-label\n")
    multiLabel(root)
case "recovery": recovery()
case "bench": bench(args.count > 2 ? Int(args[2])! : 10_000_000)
default:
    print("usage: ratings-harness datasets | recovery | bench [N]")
    exit(2)
}
