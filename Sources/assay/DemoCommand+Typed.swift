// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayServer
import AssayStore
import Foundation

extension DemoCommand {
    /// The demo's small projects of the other types, from `assay simulate`'s campaigns (vendor A
    /// careful, B biased, C spamming): their names, types and campaign arguments.
    static func typedCampaigns() throws -> [(name: String, type: ProjectType, arguments: [String])] {
        [
            ("pairwise-demo", .pairwise, ["--type", "pairwise", "--objects", "12", "--items", "300"]),
            (
                "rating-demo",
                .rating(scale: try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)),
                ["--type", "rating", "--items", "300"]
            ),
            (
                "multilabel-demo", .multilabel(classes: ["c0", "c1", "c2", "c3"]),
                ["--type", "multilabel", "--items", "300", "--classes", "4"]
            ),
            ("text-demo", .text, ["--type", "text", "--items", "120"]),
        ]
    }

    /// Simulates each typed campaign into `dir`, creates its project in `s` and imports one
    /// delivery per vendor, as `assay import` does; prints one line per project.
    static func importTypedProjects(_ s: any Store, dir: String, seed: UInt64) async throws {
        for c in try typedCampaigns() {
            let out = "\(dir)/\(c.name)"
            let sim = try SimulateCommand.parse(
                c.arguments + [
                    "--out", out, "--vendors", "3", "--annotators-per-vendor", "5", "--seed", "\(seed)",
                ])
            _ = try sim.writeTyped()
            let p = try await s.createProject(NewProject(name: c.name, type: c.type))
            let file = "\(out)/labels.csv"
            // The road `assay import` and the server take: read as the project's type, checked
            // against it, one delivery per vendor.
            let intake = try DeliveryIntake.read(
                file, display: file, project: p, vendor: nil, format: .csv, skipInvalid: false)
            var count = 0
            for part in intake.parts(fileSHA256: try SpooledInput(file).sha256()) {
                _ = try await s.importDelivery(
                    DeliveryImport(
                        vendor: part.vendor, source: "\(c.name)-\(part.vendor).csv", sha256: part.sha256,
                        costPerLabel: nil, labels: part.labels), into: p)
                count += part.labels.count
            }
            print("project \(c.name): \(count) \(p.type.name) labels from vendors A, B, C")
            if case .pairwise = c.type {
                let gold = try await DemoPairs.add(to: p, in: s, from: sim.pairwiseSimulation())
                print(
                    "project \(c.name): a prompt and two answers per pair for the queue, \(gold) gold answers"
                )
            }
        }
    }
}
