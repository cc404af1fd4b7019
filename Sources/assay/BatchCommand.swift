// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayServer
import AssayStore
import Foundation

/// `assay batch make`: an outgoing task file for one vendor, with honeypots mixed in.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Make outgoing batches with gold honeypots.", subcommands: [Make.self]
    )

    struct Make: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a task file for a vendor with gold items mixed in at random positions.",
            discussion: """
                The gold items are written in the same format and columns as the real items, from the \
                payloads stored with them (`assay gold add` keeps a gold file's extra columns). The share \
                of gold in the written file is --gold-rate. The gold this vendor has seen least is used \
                first; a warning says when gold runs low. The store records which gold items the vendor \
                was shown.
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "Project name.") var project: String
        @Option(help: "The vendor the batch is for.") var vendor: String
        @Option(help: "Items to send (CSV, TSV or JSONL with an item column and the payload columns).")
        var items: String
        @Option(name: .customLong("gold-rate"), help: "Share of the written batch that is gold.")
        var goldRate = DecimalNumber("0.05")!
        @Option(help: "Where to write the batch (same format as --items).") var out: String
        @Option(help: "Batch name (default: the output file name).") var name: String?
        @Option(help: "Seed of the gold choice and positions.") var seed: UInt64 = 0

        func validate() throws {
            guard (0..<1).contains(goldRate.value) else {
                throw ValidationError("--gold-rate takes a number in [0, 1)")
            }
        }

        func run() async throws {
            try refuseOverwritingInputs(outputs: [("--out", out)], inputs: [items])
            let s = try await store.open(.write)
            let p: ProjectRecord
            do { p = try await s.project(named: project) } catch let e as StoreError { throw e.asInput }
            let format = InputFormat.guess(path: items)
            let table = try RecordTable.read(items, format: format)
            guard let itemColumn = table.column(.item) else {
                throw FormatError(
                    file: items, line: 1,
                    expected: "an item column (one of: \(ColumnRole.item.aliases.joined(separator: ", "))); "
                        + "the columns are: \(table.columns.joined(separator: ", "))")
            }
            let made = BatchMaker.make(
                columns: table.columns, rows: table.rows, itemColumn: itemColumn, vendor: vendor,
                goldRate: goldRate.value,
                seed: seed, exposure: try await s.goldExposure(of: p, vendor: vendor))
            for w in made.warnings { note("warning: " + w) }
            let rows = made.content.rows
            let chosen = made.gold
            // The batch is recorded (with the gold it exposes) only once its file is safely written.
            let w = try TextFileWriter(path: out)
            switch format {
            case .csv:
                w.csv(table.columns)
                for r in rows { w.csv(r.map { $0 ?? "" }) }
            case .tsv:
                w.tsv(table.columns)
                for r in rows { w.tsv(r.map { $0 ?? "" }) }
            case .jsonl:
                for r in rows {
                    let members = zip(table.columns, r).compactMap { c, v in
                        v.map { "\(TextFileWriter.jsonString(c)):\(TextFileWriter.jsonString($0))" }
                    }
                    w.line("{" + members.joined(separator: ",") + "}")
                }
            }
            try w.commit()
            let batchName = name ?? (out as NSString).lastPathComponent
            do {
                let content = try JSONOutput.line(made.content)
                let id = try await s.recordBatch(
                    name: batchName, vendor: vendor, items: rows.count, gold: chosen, rows: content, in: p)
                print(
                    "wrote batch \(id) '\(batchName)' for \(vendor): \(rows.count) items, \(chosen.count) of them gold, to \(out)"
                )
            } catch let e as StoreError { throw e.asInput }
        }
    }
}
