// Assay — quality control for human-labelled training data.

// Benchmarks of the pairwise models, apart from the tests (timings never go into unit tests).
//
//   assay-bench pairwise-fit N M [--seed S] [--prior W] [--tolerance T] [--max-iterations K] [--rounds R]
//       simulate N comparisons over M objects (seeded), build the set, fit Bradley–Terry R times;
//       prints wall and CPU seconds of the set build and of each fit, iterations, log-likelihood
//   assay-bench pairwise-generate N M DIR [--seed S]
//       the same comparisons as CSV for the peers: DIR/comparisons.csv (worker,left,right,label),
//       DIR/scores.csv (object,score)
//   assay-bench readability
//       every object model on $ASSAY_DATASETS/readability: pair accuracy, τ-b, log-likelihood, time

import AssayCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Seconds of CPU time this process has used (all threads).
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Wall and CPU seconds of `body`.
func measure<T>(_ body: () -> T) -> (T, wall: Double, cpu: Double) {
    let w0 = Date()
    let c0 = cpuSeconds()
    let result = body()
    return (result, Date().timeIntervalSince(w0), cpuSeconds() - c0)
}

/// The value after `--name`, if any.
func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let k = args.firstIndex(of: name), k + 1 < args.count else { return nil }
    return args[k + 1]
}

/// The benchmark's comparisons: objects with normal scores (sd 1), each comparison a fresh random
/// pair judged once; 80% of judges truthful (Bradley–Terry draws), 10% position-biased (half their
/// votes a left-leaning coin, 90% left), 10% spammers (fair coin); display order random; no ties.
func simulation(comparisons: Int, objects: Int, seed: UInt64) -> PairwiseSimulation {
    PairwiseSimulation(
        objects: objects, items: comparisons, votesPerItem: 1, tieParameter: 0,
        judges: [
            .init(kind: "diligent", count: 800, reliability: 1),
            .init(kind: "position-biased", count: 100, reliability: 0.5, leftShare: 0.9),
            .init(kind: "spammer", count: 100, reliability: 0),
        ], truthPerItem: false, seed: seed)
}

/// Simple CSV rows without quoted fields, header dropped.
func readCSV(_ path: String) -> [[String]] {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
}

let args = CommandLine.arguments
let seed = UInt64(option("--seed") ?? "7")!
switch args.count > 1 ? args[1] : "" {
case "pairwise-fit":
    let n = Int(args[2])!
    let m = Int(args[3])!
    let (sim, simWall, _) = measure { simulation(comparisons: n, objects: m, seed: seed).run() }
    let (set, buildWall, buildCPU) = measure { sim.set(positionsKnown: true) }
    print(
        String(
            format: "simulate %.2f s wall; set build %.2f s wall, %.2f s CPU", simWall, buildWall, buildCPU))
    var bt = BradleyTerry()
    bt.priorWeight = Double(option("--prior") ?? "1")!
    bt.tolerance = Double(option("--tolerance") ?? "\(bt.tolerance)")!
    bt.maxIterations = Int(option("--max-iterations") ?? "\(bt.maxIterations)")!
    // Intervals are part of every fit: the diagonal ones at this size.
    bt.exactIntervalLimit = min(bt.exactIntervalLimit, m - 1)
    for round in 1...Int(option("--rounds") ?? "1")! {
        let (fit, wall, cpu) = measure { bt.fit(set) }
        let tau = Concordance(scores: fit.score, truth: sim.score).kendallTauB!
        print(
            String(
                format: "round %d: bt fit %.3f s wall, %.3f s CPU, %d iterations, converged %@, "
                    + "log-likelihood %.4f, tau-b vs true scores %.4f",
                round, wall, cpu, fit.iterations, fit.converged ? "yes" : "no", fit.logLikelihood, tau))
    }
case "pairwise-generate":
    let n = Int(args[2])!
    let m = Int(args[3])!
    let dir = args[4]
    let sim = simulation(comparisons: n, objects: m, seed: seed).run()
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var out = "worker,left,right,label\n"
    out.reserveCapacity(n * 24)
    for l in sim.item.indices {
        let winner = sim.outcome[l] == 0 ? sim.left[l] : sim.right[l]
        out += "j\(sim.annotator[l]),o\(sim.left[l]),o\(sim.right[l]),o\(winner)\n"
    }
    try! out.write(toFile: dir + "/comparisons.csv", atomically: true, encoding: .utf8)
    let scores = "object,score\n" + sim.score.enumerated().map { "o\($0.offset),\($0.element)\n" }.joined()
    try! scores.write(toFile: dir + "/scores.csv", atomically: true, encoding: .utf8)
case "readability":
    let root = ProcessInfo.processInfo.environment["ASSAY_DATASETS"] ?? "../shared/datasets"
    let rows = readCSV(root + "/readability/labels.csv").map {
        PairwiseSet.Row.winner($0[1], loser: $0[2], annotator: $0[0])
    }
    let set = try! PairwiseSet(rows: rows, positionsKnown: false)
    var truth = [Double](repeating: .nan, count: set.objectCount)
    let index = Dictionary(uniqueKeysWithValues: set.objectIDs.enumerated().map { ($1, $0) })
    for r in readCSV(root + "/readability/truth.csv") { truth[index[r[0]]!] = Double(r[1])! }
    for method in PairwiseMethods.names {
        let (fit, wall, cpu) = measure { PairwiseMethods.named(method)!.fit(set) }
        let c = Concordance(scores: fit.score, truth: truth)
        print(
            String(
                format: "%@: acc %.4f tau %.4f log-likelihood %.2f iterations %d, %.2f s wall %.2f s CPU",
                method, c.pairAccuracy!, c.kendallTauB!, fit.logLikelihood, fit.iterations, wall, cpu))
        print("  " + fit.notes.joined(separator: "\n  "))
    }
    var mle = BradleyTerry()
    mle.priorWeight = 1e-6
    let fit = mle.fit(set)
    let c = Concordance(scores: fit.score, truth: truth)
    print(
        String(
            format: "bt, prior 1e-6 (near the maximum likelihood): acc %.4f tau %.4f log-likelihood %.2f",
            c.pairAccuracy!, c.kendallTauB!, fit.logLikelihood))
default:
    print(
        "usage: assay-bench pairwise-fit N M [--seed S] [--prior W] [--tolerance T] [--max-iterations K] "
            + "[--rounds R]")
    print("       assay-bench pairwise-generate N M DIR [--seed S]")
    print("       assay-bench readability")
}
