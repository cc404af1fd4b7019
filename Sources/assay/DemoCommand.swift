// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssaySQLite
import AssayStore
import Foundation

/// `assay demo`: a whole buyer's loop on simulated vendors, in a fresh SQLite store.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Simulate three vendors, import their deliveries into a fresh store, and print the vendor scorecard.",
        discussion: """
            Vendor Acme is accurate and expensive, Budget is cheap with a cluster of spammers, Crowd is \
            mid-priced with constant answerers; 5% of items are gold honeypots. The deliveries are \
            imported through the same code as `assay import` and scored by the same code as `assay report`.
            """)

    @Option(help: "Where to create the store (default: a fresh file in a temporary folder). Must not exist.")
    var store: String?

    @Option(help: "Items to simulate.")
    var items = 3000

    @Option(help: "Seed.")
    var seed: UInt64 = 7

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "assay-demo-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = store ?? dir + "/assay-demo.db"
        guard !FileManager.default.fileExists(atPath: path) else {
            throw InputProblem(
                message: "\(path) exists; the demo creates a fresh store (choose another --store)")
        }
        let vendors = [
            Simulation.Vendor(
                name: "Acme", annotators: 20, accuracy: 0.9, costPerLabel: 0.08, secondsPerLabel: 25),
            Simulation.Vendor(
                name: "Budget", annotators: 20, accuracy: 0.82, spammerShare: 0.2, costPerLabel: 0.03,
                secondsPerLabel: 12),
            Simulation.Vendor(
                name: "Crowd", annotators: 20, accuracy: 0.75, constantShare: 0.1, costPerLabel: 0.05,
                secondsPerLabel: 18),
        ]
        let classes = ["negative", "neutral", "positive"]
        let sim = Simulation(
            vendors: vendors, items: items, classes: 3, overlap: 3, goldRate: 0.05, seed: seed
        ).run()
        // Deliveries as the vendors would send them: one CSV file each.
        for (v, vendor) in vendors.enumerated() {
            let w = try TextFileWriter(path: "\(dir)/\(vendor.name).csv")
            w.csv(["item", "annotator", "label", "duration_s", "cost"])
            for l in sim.labels where l.vendor == v {
                w.csv([
                    "item\(l.item)", "\(vendor.name.lowercased())-\(l.annotator)", classes[l.value],
                    String(format: "%.1f", l.seconds), "\(l.cost)",
                ])
            }
            w.close()
        }
        let gold = try TextFileWriter(path: "\(dir)/gold.csv")
        gold.csv(["item", "gold"])
        for i in 0..<items where sim.isGold[i] { gold.csv(["item\(i)", classes[sim.truth[i]]]) }
        gold.close()

        let s = try SQLiteStore(path: path)
        let project = try await s.createProject(
            NewProject(name: "demo", taskType: "categorical", classes: classes))
        print("store \(path): project demo (\(classes.joined(separator: ", ")))")
        for vendor in vendors {
            let file = "\(dir)/\(vendor.name).csv"
            let set = try ImportCommand.readValidated(
                file, project: project, vendor: vendor.name, format: .csv, skipInvalid: false)
            print(
                try await ImportCommand.write(
                    set, file: file, digest: try ImportCommand.sha256(of: file), source: nil,
                    vendor: vendor.name, costPerLabel: nil, project: project, store: s))
        }
        let goldCount = try await s.addGold(
            try AnswerReader.read("\(dir)/gold.csv").map { ($0.item, $0.answer) }, source: "gold.csv",
            to: project)
        print("added \(goldCount) gold answers\n")

        let set = try await s.labelSet(of: project)
        let goldAnswers = AnswerReader.match(try await s.goldAnswers(of: project), to: set).gold
        let result = DawidSkene().infer(set, gold: goldAnswers)
        let cards = AnnotatorScorecard.all(set, result: result, gold: goldAnswers)
        let (vendorCards, comparisons) = VendorReport.build(
            set, result: result, annotatorCards: cards, gold: goldAnswers, bootstrap: 200, seed: seed)
        let renderer = ReportRenderer(set: set, method: result.method, bootstrap: 200)
        print("Vendor scorecard (Dawid–Skene with gold; 95% bootstrap intervals over items)")
        print(renderer.table(ReportRenderer.vendorHeader, renderer.vendorRows(vendorCards)))
        print()
        for v in vendorCards { print(renderer.reading(v, cards)) }
        if let best = vendorCards.min(by: {
            ($0.costPerCorrectLabel?.value ?? .infinity) < ($1.costPerCorrectLabel?.value ?? .infinity)
        }) {
            print("\nCheapest per correct label: \(renderer.vendorName(best.vendor)).")
        }
        print("\nVendor comparisons")
        print(renderer.table(ReportRenderer.comparisonHeader, renderer.comparisonRows(comparisons)))
        print("\nNext: assay report demo --store \(path)   (annotators worst first, with every flag)")
    }
}
