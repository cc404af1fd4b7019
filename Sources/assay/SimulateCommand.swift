// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import Foundation

/// `assay simulate`: deliveries from synthetic vendors with known truth.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate vendor deliveries with known truth.",
        discussion: """
            Writes one delivery file per vendor (vendor-NAME.csv, or .jsonl) — or one labels file with a \
            vendor column with --single-file — plus truth.csv (every item), gold.csv (the gold items) and \
            annotators.csv (each annotator's kind and true accuracy). Deterministic under --seed.
            """)

    @Option(help: "Output folder (created when missing).")
    var out: String

    @Option(
        help: """
            Label type: categorical (default), pairwise, rating, multilabel or text. Each type writes \
            labels.csv (with a vendor column), truth.csv and annotators.csv (each annotator's kind and true \
            behaviour).
            """)
    var type: LabelType = .categorical

    @Option(help: "Pairwise: number of objects compared.")
    var objects = 50

    @Option(help: "Rating: the scale as MIN..MAX (default 1..5 in steps of 1).")
    var scale: String?

    @Option(help: "Rating: step of the scale (default 1 with the default scale; continuous otherwise).")
    var step: DecimalNumber?

    @Option(help: "Number of vendors (named A, B, C, …).")
    var vendors = 3

    @Option(help: "Number of items.")
    var items = 1000

    @Option(help: "Number of classes.")
    var classes = 3

    @Option(help: "Labels per item.")
    var overlap = 3

    @Option(name: .customLong("gold-rate"), help: "Share of items that are gold.")
    var goldRate = DecimalNumber("0.05")!

    @Option(name: .customLong("annotators-per-vendor"), help: "Annotators in each vendor.")
    var annotatorsPerVendor = 20

    @Option(help: "Diligent annotators' accuracy per vendor, comma-separated (cycled).")
    var accuracy = "0.9,0.8,0.7"

    @Option(
        name: .customLong("spammer-share"), help: "Share of spammers per vendor, comma-separated (cycled).")
    var spammerShare = "0,0.2,0"

    @Option(
        name: .customLong("constant-share"), help: "Share of constant answerers per vendor, comma-separated.")
    var constantShare = "0,0,0.1"

    @Option(name: .customLong("cost-per-label"), help: "Price per label per vendor, comma-separated.")
    var costPerLabel = "0.08,0.04,0.05"

    @Option(
        name: .customLong("seconds-per-label"), help: "Mean seconds per label per vendor, comma-separated.")
    var secondsPerLabel = "25,15,20"

    @Option(help: "Delivery format.")
    var format: OutputFormat = .csv

    @Flag(
        name: .customLong("single-file"),
        help: "One labels file with a vendor column instead of one per vendor.")
    var singleFile = false

    @Option(help: "Seed.")
    var seed: UInt64 = 7

    func validate() throws {
        guard vendors >= 1, vendors <= 26 else { throw ValidationError("--vendors takes 1 to 26") }
        guard items >= 1, classes >= 2, overlap >= 1 else {
            throw ValidationError("--items ≥ 1, --classes ≥ 2 and --overlap ≥ 1")
        }
        guard overlap <= vendors * annotatorsPerVendor else {
            throw ValidationError(
                "--overlap \(overlap) exceeds the \(vendors * annotatorsPerVendor) annotators")
        }
        guard (0...1).contains(goldRate.value) else {
            throw ValidationError("--gold-rate takes a number in [0, 1]")
        }
        for (name, list) in [
            ("accuracy", accuracy), ("spammer-share", spammerShare), ("constant-share", constantShare),
            ("cost-per-label", costPerLabel), ("seconds-per-label", secondsPerLabel),
        ] {
            _ = try Self.numbers(list, name)
        }
    }

    static func numbers(_ list: String, _ name: String) throws -> [Double] {
        let values = list.split(separator: ",").map {
            DecimalNumber($0.trimmingCharacters(in: .whitespaces))?.value
        }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! >= 0 }) else {
            throw ValidationError("--\(name) takes comma-separated numbers ≥ 0, got '\(list)'")
        }
        return values.map { $0! }
    }

    func run() async throws {
        if type != .categorical {
            try runTyped()
            return
        }
        let acc = try Self.numbers(accuracy, "accuracy")
        let spam = try Self.numbers(spammerShare, "spammer-share")
        let const = try Self.numbers(constantShare, "constant-share")
        let cost = try Self.numbers(costPerLabel, "cost-per-label")
        let secs = try Self.numbers(secondsPerLabel, "seconds-per-label")
        let names = (0..<vendors).map { String(UnicodeScalar(UInt8(65 + $0))) }
        let sim = Simulation(
            vendors: names.enumerated().map { v, name in
                Simulation.Vendor(
                    name: name, annotators: annotatorsPerVendor, accuracy: acc[v % acc.count],
                    spammerShare: spam[v % spam.count], constantShare: const[v % const.count],
                    costPerLabel: cost[v % cost.count], secondsPerLabel: secs[v % secs.count])
            }, items: items, classes: classes, overlap: overlap, goldRate: goldRate.value, seed: seed)
        let output = sim.run()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let className = { (c: Int) in "c\(c)" }
        let itemName = { (i: Int) in "item\(i)" }
        let workerName = { (v: Int, a: Int) in "\(names[v])-w\(a)" }
        let ext = format == .jsonl ? "jsonl" : "csv"
        var writers: [TextFileWriter] = []
        if singleFile {
            writers = [try TextFileWriter(path: "\(out)/labels.\(ext)")]
        } else {
            writers = try names.map { try TextFileWriter(path: "\(out)/vendor-\($0).\(ext)") }
        }
        let header = ["task", "worker", "label", "vendor", "created_at", "duration_s", "cost"]
        if format == .csv { for w in writers { w.csv(header) } }
        let epoch = 1_767_225_600.0  // 2026-01-01T00:00:00Z
        for l in output.labels {
            let w = singleFile ? writers[0] : writers[l.vendor]
            let created = epoch + l.createdAt
            let fields = [
                itemName(l.item), workerName(l.vendor, l.annotator), className(l.value), names[l.vendor],
                "\(created)", String(format: "%.2f", l.seconds), "\(l.cost)",
            ]
            if format == .csv {
                w.csv(fields)
            } else {
                w.line(
                    "{\"task\":\"\(fields[0])\",\"worker\":\"\(fields[1])\",\"label\":\"\(fields[2])\","
                        + "\"vendor\":\"\(fields[3])\",\"created_at\":\(fields[4]),\"duration_s\":\(fields[5]),"
                        + "\"cost\":\(fields[6])}")
            }
        }
        for w in writers { try w.commit() }
        let truth = try TextFileWriter(path: "\(out)/truth.csv")
        let gold = try TextFileWriter(path: "\(out)/gold.csv")
        truth.csv(["task", "truth"])
        gold.csv(["task", "gold"])
        for i in 0..<items {
            truth.csv([itemName(i), className(output.truth[i])])
            if output.isGold[i] { gold.csv([itemName(i), className(output.truth[i])]) }
        }
        try truth.commit()
        try gold.commit()
        let people = try TextFileWriter(path: "\(out)/annotators.csv")
        people.csv(["vendor", "worker", "kind", "true_accuracy"])
        for v in 0..<vendors {
            for a in 0..<annotatorsPerVendor {
                people.csv([names[v], workerName(v, a), output.kinds[v][a], "\(output.trueAccuracy[v][a])"])
            }
        }
        try people.commit()
        print(
            "wrote \(output.labels.count) labels on \(items) items from \(vendors) vendors to \(out) "
                + "(\(output.isGold.filter { $0 }.count) gold items)")
    }
}
