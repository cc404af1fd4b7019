// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
import Foundation

/// `assay fraud`: clones, collusion, bots and leaked honeypots.
struct FraudCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fraud",
        abstract:
            "Clones and collusion between annotator ids, bot-like timing, leaked honeypots: ranked, with evidence.",
        discussion: """
            Pairs of annotators (within a vendor or across vendors) with at least --min-shared items in common \
            are tested for shared wrong answers beyond chance given each item's difficulty (the truth judged \
            without the pair, under the vendor hierarchy) and, with creation times, for labels made within a \
            minute of each other; flagged pairs join into groups. Annotators are tested for being too fast, too \
            regular (durations), and for a gap between gold accuracy and agreement elsewhere. Every p-value is \
            adjusted together (Benjamini–Hochberg) at --level. JSON: {"pairs": [{"first_name", "second_name", \
            "shared_items", "shared_wrong", "expected_wrong", "p", "q", "flagged", "evidence", ...}], "groups", \
            "annotators", "flagged", ...}.
            """)

    @OptionGroup var input: DecisionInput

    @Option(help: "False discovery rate of the flags.")
    var level = DecimalNumber("0.05")!

    @Option(name: .customLong("min-shared"), help: "Least shared items of a tested pair.")
    var minShared = 20

    @Option(help: "Unflagged pairs and findings kept for context.")
    var shown = 10

    /// The parameters as the decision takes them.
    var parameters: FraudDecision.Parameters {
        var p = FraudDecision.Parameters()
        p.level = level.value
        p.minShared = minShared
        p.shown = shown
        return p
    }

    func validate() throws {
        do { try parameters.validate() } catch { throw error.asValidation }
    }

    func run() async throws {
        let loaded = try await input.load()
        let report: FraudReport
        do { report = try loaded.fraud(parameters, fit: loaded.fullHierarchy()) } catch {
            throw error.asInput
        }
        if input.json {
            print(try JSONOutput.line(report, snakeCase: true))
            return
        }
        let flagged = report.pairs.filter(\.flagged)
        print("\(report.pairsTested) annotator pairs tested; \(flagged.count) flagged at FDR \(level.value)")
        for p in report.pairs {
            print(
                "  \(p.flagged ? "FLAG" : "    ") \(quotedIfNeeded(p.firstVendor))/\(quotedIfNeeded(p.firstName)) ~ "
                    + "\(quotedIfNeeded(p.secondVendor))/\(quotedIfNeeded(p.secondName)): q \(String(format: "%.2g", p.q)); \(p.evidence)"
            )
        }
        for g in report.groups {
            print(
                "group of \(g.members.count) (\(g.vendors.joined(separator: ", "))): \(g.members.joined(separator: ", "))"
            )
        }
        let findings = report.annotators
        print("\(findings.filter(\.flagged).count) annotators flagged (timing, gold gap)")
        for f in findings {
            print(
                "  \(f.flagged ? "FLAG" : "    ") \(f.kind): \(quotedIfNeeded(f.vendor))/\(quotedIfNeeded(f.name)): "
                    + "q \(String(format: "%.2g", f.q)); \(f.evidence)")
        }
    }
}
