// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
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
        var goldRate = 0.05
        @Option(help: "Where to write the batch (same format as --items).") var out: String
        @Option(help: "Batch name (default: the output file name).") var name: String?
        @Option(help: "Seed of the gold choice and positions.") var seed: UInt64 = 0

        func validate() throws {
            guard (0..<1).contains(goldRate) else {
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
            let outgoing = Set(table.rows.compactMap { $0[itemColumn] })
            let wanted = Int((Double(table.rows.count) * goldRate / (1 - goldRate)).rounded())
            var rng = SeededGenerator(seed: seed)
            // Least-exposed first; ties in a seeded random order. Never an item already in the batch.
            let pool = try await s.goldExposure(of: p, vendor: vendor).filter { !outgoing.contains($0.item) }
                .map { ($0, rng.next()) }.sorted { ($0.0.shown, $0.1) < ($1.0.shown, $1.1) }.map(\.0)
            if pool.count < wanted {
                note(
                    "warning: \(wanted) gold items wanted but the project has \(pool.count) usable; using all of them"
                )
            }
            let chosen = Array(pool.prefix(wanted))
            let unseenLeft = pool.dropFirst(chosen.count).filter { $0.shown == 0 }.count
            if unseenLeft < wanted {
                note(
                    "warning: gold runs low for \(vendor): \(unseenLeft) gold items it has never seen remain; "
                        + "the next batch will repeat honeypots (assay gold add)")
            }
            var missing = Set<String>()
            var goldRows: [[String?]] = []
            for g in chosen {
                let payload =
                    (g.payload.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
                        as? [String: Any]) ?? [:]
                goldRows.append(
                    table.columns.enumerated().map { j, column in
                        if j == itemColumn { return g.item }
                        if let v = payload[column] { return "\(v)" }
                        missing.insert(column)
                        return table.rows.first?[j] == nil ? nil : ""
                    })
            }
            if !missing.isEmpty {
                note(
                    "warning: stored gold payloads lack the columns \(missing.sorted().joined(separator: ", ")); those "
                        + "honeypots show empty values there and may be recognisable")
            }
            var rows = table.rows
            for row in goldRows { rows.insert(row, at: Int(rng.next() % UInt64(rows.count + 1))) }
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
                let id = try await s.recordBatch(
                    name: batchName, vendor: vendor, items: rows.count, gold: chosen.map(\.item), in: p)
                print(
                    "wrote batch \(id) '\(batchName)' for \(vendor): \(rows.count) items, \(chosen.count) of them gold, to \(out)"
                )
            } catch let e as StoreError { throw e.asInput }
        }
    }
}
