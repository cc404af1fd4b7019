// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
import AssaySQLite
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import Logging

/// `assay demo`: a whole buyer's loop on simulated vendors, in a fresh SQLite store.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Simulate three vendors, import their deliveries into a fresh store, print the vendor scorecard, "
            + "and serve the dashboard.",
        discussion: """
            Vendor Acme is accurate and expensive, Budget is cheap with a cluster of spammers, Crowd is \
            mid-priced with constant answerers; 5% of items are gold honeypots; each vendor delivers \
            weekly, four files. The deliveries are \
            imported through the same code as `assay import` and scored by the same code as `assay report`. \
            Small pairwise, rating, multi-label and text projects from `assay simulate`'s campaigns join it, \
            so that the dashboard shows every project type.
            """)

    @Option(
        help:
            "Where to create the store. An earlier demo store there is replaced; any other file is left alone."
    )
    var store = "assay-demo.db"

    @Option(help: "Items to simulate.")
    var items = 3000

    func validate() throws {
        guard items >= 1 else { throw ValidationError("--items takes a count ≥ 1") }
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard !store.isEmpty else { throw ValidationError("--store is empty: give a file path") }
    }

    @Option(help: "Seed.")
    var seed: UInt64 = 7

    @Flag(name: .customLong("no-serve"), help: "Stop after printing the scorecard (for scripts and CI).")
    var noServe = false

    @Option(help: "Address the dashboard listens on.")
    var host = "127.0.0.1"

    @Option(help: "Port of the dashboard (0: any free port).")
    var port = 8080

    func run() async throws {
        let path = store
        try await Self.replaceEarlierDemo(at: path)
        // The vendors' delivery files live in a temporary folder for the length of the demo.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "assay-demo-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
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
        // Deliveries as the vendors would send them: a CSV file a week each, the items in four parts.
        let weeks = min(4, items)
        func week(_ item: Int) -> Int { item * weeks / items }
        for (v, vendor) in vendors.enumerated() {
            for k in 0..<weeks {
                let w = try TextFileWriter(path: "\(dir)/\(vendor.name)-week\(k + 1).csv")
                w.csv(["item", "annotator", "label", "duration_s", "cost"])
                for l in sim.labels where l.vendor == v && week(l.item) == k {
                    w.csv([
                        "item\(l.item)", "\(vendor.name.lowercased())-\(l.annotator)", classes[l.value],
                        String(format: "%.1f", l.seconds), "\(l.cost)",
                    ])
                }
                try w.commit()
            }
        }
        let gold = try TextFileWriter(path: "\(dir)/gold.csv")
        gold.csv(["item", "gold"])
        for i in 0..<items where sim.isGold[i] { gold.csv(["item\(i)", classes[sim.truth[i]]]) }
        try gold.commit()

        let s = try SQLiteStore(path: path)
        let project = try await s.createProject(
            NewProject(name: "demo", taskType: "categorical", classes: classes))
        print("store \(path): project demo (\(classes.joined(separator: ", ")))")
        for (v, vendor) in vendors.enumerated() {
            guard sim.labels.contains(where: { $0.vendor == v }) else {
                print("\(vendor.name) delivered no labels on \(items) items")
                continue
            }
            for k in 0..<weeks where sim.labels.contains(where: { $0.vendor == v && week($0.item) == k }) {
                let name = "\(vendor.name)-week\(k + 1).csv"
                let file = try SpooledInput("\(dir)/\(name)")
                let set = try ImportCommand.readValidated(
                    file, project: project, vendor: vendor.name, format: .csv, skipInvalid: false
                ).labels.stored
                print(
                    try await ImportCommand.write(
                        set, file: name, digest: try file.sha256(), source: nil, vendor: vendor.name,
                        costPerLabel: nil, project: project, store: s))
            }
        }
        let goldCount = try await s.addGold(
            try AnswerReader.read("\(dir)/gold.csv").map { ($0.item, $0.answer) }, source: "gold.csv",
            to: project)
        print("added \(goldCount) gold answers\n")
        // What the in-house queue shows: a short review per item, written from its simulated truth.
        var texts = SeededGenerator(seed: seed &+ 1)
        try await s.setPayloads(
            (0..<items).map { i in
                (
                    "item\(i)",
                    String(
                        decoding: try JSONEncoder().encode(
                            ["text": DemoTexts.text(truth: sim.truth[i], rng: &texts)]), as: UTF8.self)
                )
            }, in: project)

        let set = try await s.labelSet(of: project)
        let goldAnswers = AnswerReader.match(try await s.goldAnswers(of: project), to: set).gold
        let method = try AssayCLI.method(named: Methods.defaultName, seed: seed)
        let report = ScorecardReport.build(set, gold: goldAnswers, method: method, bootstrap: 200, seed: seed)
        let renderer = ReportRenderer(report: report)
        print("Vendor scorecard (method \(report.method), with gold; 95% bootstrap intervals over items)")
        for w in report.warnings { print("warning: \(w)") }
        print(renderer.table(ReportRenderer.vendorHeader, renderer.vendorRows()))
        print()
        for v in report.vendors { print(renderer.reading(v)) }
        if let best = report.vendors.min(by: {
            ($0.costPerCorrectLabel?.value ?? .infinity) < ($1.costPerCorrectLabel?.value ?? .infinity)
        }) {
            print("\nCheapest per correct label: \(renderer.name(best.vendor)).")
        }
        print("\nVendor comparisons")
        print(renderer.table(ReportRenderer.comparisonHeader, renderer.comparisonRows()))
        print()
        try await Self.importTypedProjects(s, dir: dir, seed: seed)
        print(
            "\nNext: assay report demo --store \(path) --seed \(seed)   (the same figures, annotators worst first, with every flag)"
        )
        if !noServe { try await serve(s) }
    }

    /// Serves the demo store until SIGINT or SIGTERM, printing the dashboard's address with a
    /// one-time sign-in link for an admin (and one for an in-house annotator's labelling queue).
    func serve(_ s: SQLiteStore) async throws {
        let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(24 * 3600))
        func token(_ role: TokenRole, _ subject: String?) async throws -> Int64 {
            try await s.createToken(
                NewToken(
                    role: role, subject: subject, projects: [], expiresAt: expires,
                    secretHash: TokenSecret.hash(TokenSecret.generate()), note: "assay demo sign-in link")
            ).id
        }
        let admin = try await token(.admin, nil)
        let annotator = try await token(.annotator, "demo-annotator")
        let server = AssayServer(store: s)
        var logger = Logger(label: "assay.demo")
        logger.logLevel = .warning
        let host = self.host
        let app = server.application(host: host, port: port, logger: logger) { bound in
            let base = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(bound)"
            let adminLink = await server.signInLinkPath(tokenID: admin)
            let queueLink = await server.signInLinkPath(tokenID: annotator)
            // Written straight to the descriptor: a buffered print would wait for the exit.
            let text = """

                Dashboard: \(base)/
                  sign in (once, within the hour): \(base)\(adminLink)
                  label as the in-house annotator:  \(base)\(queueLink)
                Ctrl-C stops the server (the store stays at \(s.path)).

                """
            fflush(nil)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        try await app.runService()
    }

    /// Removes the store at `path` when it is an earlier demo's (the demo's projects only), so that the
    /// demo can run again; refuses to touch any other file.
    static func replaceEarlierDemo(at path: String) async throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let names: [String]
        do {
            names = try await SQLiteStore(path: path, access: .read).projects().map(\.name)
        } catch {
            throw InputProblem(message: "\(path) exists and is not a demo store; choose another --store")
        }
        let demoNames = Set(["demo"] + (try typedCampaigns()).map(\.name))
        guard names.contains("demo"), Set(names).isSubset(of: demoNames) else {
            throw InputProblem(
                message: "\(path) holds projects other than the demo (\(names.joined(separator: ", "))); "
                    + "choose another --store")
        }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
