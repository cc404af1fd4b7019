// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayStore
import Crypto
import Foundation

/// `assay import`: vendor deliveries into a project, validated, atomic and idempotent.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import vendor deliveries into a project.",
        discussion: """
            Every row is validated against the project (classes) before anything is written. With any \
            invalid row nothing is written and up to 20 errors are printed with the total; with \
            --skip-invalid the valid rows are written and the rejected ones go to FILE.rejects.csv \
            beside the input. Each file is one delivery and one transaction. A file whose content \
            (SHA-256) the project already has is not imported again.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Project name.") var project: String
    @Argument(help: "Delivery files (CSV, TSV, JSONL).") var files: [String]
    @Option(help: "The vendor that delivered these files.") var vendor: String
    @Option(help: "Delivery name (default: the file name).") var delivery: String?
    @Option(name: .customLong("cost-per-label"), help: "Price per label where rows carry no cost.")
    var costPerLabel: Double?
    @Option(help: "Input format (csv, tsv, jsonl); guessed from the extension.") var format: InputFormat?
    @Flag(
        name: .customLong("skip-invalid"),
        help: "Write the valid rows; reject the others to FILE.rejects.csv.")
    var skipInvalid = false

    func validate() throws {
        guard !vendor.isEmpty else { throw ValidationError("--vendor must not be empty") }
        guard delivery == nil || files.count == 1 else {
            throw ValidationError("--delivery names one file only")
        }
        if let c = costPerLabel, !(c >= 0) { throw ValidationError("--cost-per-label takes a number ≥ 0") }
    }

    func run() async throws {
        let s = try await store.open()
        let p: ProjectRecord
        do { p = try await s.project(named: project) } catch let e as StoreError { throw e.asInput }
        // Every file is read and validated before any is written; each is then one transaction.
        // A file's SHA-256 is computed on the other core while it is read.
        var ready: [(file: String, set: LabelSet, digest: String)] = []
        for file in files {
            let digest = Task.detached { try Self.sha256(of: file) }
            let set = try Self.readValidated(
                file, project: p, vendor: vendor, format: format, skipInvalid: skipInvalid)
            ready.append((file, set, try await digest.value))
        }
        for (file, set, digest) in ready {
            do {
                print(
                    try await Self.write(
                        set, file: file, digest: digest, source: delivery, vendor: vendor,
                        costPerLabel: costPerLabel, project: p, store: s))
            } catch let e as StoreError { throw e.asInput }
        }
    }

    /// Reads one delivery file, validating every row against the project; rejected rows (with
    /// `skipInvalid`) go to FILE.rejects.csv.
    static func readValidated(
        _ file: String, project p: ProjectRecord, vendor: String, format: InputFormat?, skipInvalid: Bool
    ) throws -> LabelSet {
        var options = LabelReadOptions(format: format, skipInvalid: skipInvalid)
        options.allowedClasses = p.classes
        options.requiredVendor = vendor
        let bar = ProgressBar("reading \((file as NSString).lastPathComponent)")
        options.progress = { done, total in bar.update(done, total) }
        defer { bar.finish() }
        let (set, report) = try LabelReader.read(file, options: options)
        if !report.rejected.isEmpty {
            let rejects = file + ".rejects.csv"
            let w = try TextFileWriter(path: rejects)
            w.csv(["line", "error", "row"])
            for r in report.rejected { w.csv(["\(r.line)", r.error.description, r.raw]) }
            w.close()
            note("\(file): \(report.rejected.count) invalid rows rejected to \(rejects)")
        }
        return set
    }

    /// Imports a validated delivery; returns the line to print.
    static func write(
        _ set: LabelSet, file: String, digest: String, source: String?, vendor: String, costPerLabel: Double?,
        project p: ProjectRecord,
        store s: any Store
    ) async throws -> String {
        let name = source ?? (file as NSString).lastPathComponent
        var delivery = DeliveryImport(
            vendor: vendor, source: name, sha256: digest, costPerLabel: costPerLabel, labels: set)
        let bar = ProgressBar("writing \(name)")
        delivery.progress = { done, total in bar.update(done, total) }
        defer { bar.finish() }
        switch try await s.importDelivery(delivery, into: p) {
        case .imported(let id, let n):
            return
                "imported \(file) as delivery \(id) from \(vendor): \(n) labels (\(set.itemCount) items, \(set.annotatorCount) annotators)"
        case .duplicate(let existing):
            return
                "\(file): already imported as delivery \(existing.id) (\(existing.source), \(existing.importedAt)); nothing written"
        }
    }

    /// Hex SHA-256 of a file's bytes, read in chunks.
    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FormatError(file: path, line: 0, expected: "a readable file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// `assay gold add`: known answers for a project's items.
struct GoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gold", abstract: "Manage gold (honeypot) answers.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Add gold answers from a file (item and gold/truth/answer columns); answers must be project classes."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "Project name.") var project: String
        @Argument(help: "Gold file.") var file: String

        func run() async throws {
            let s = try await store.open()
            do {
                let p = try await s.project(named: project)
                // Answers outside the project's classes are errors naming their line and column.
                let answers = try AnswerReader.read(file, allowedClasses: p.classes)
                let n = try await s.addGold(
                    answers.map { ($0.item, $0.answer) }, source: (file as NSString).lastPathComponent, to: p)
                // Extra columns (the text annotators see) become the items' payloads, so that
                // honeypots can be sent in the same form as real items.
                let table = try RecordTable.read(file)
                if let itemColumn = table.column(.item) {
                    let answerColumn = table.column(.answer)
                    let extra = table.columns.indices.filter { $0 != itemColumn && $0 != answerColumn }
                    if !extra.isEmpty {
                        let payloads = table.rows.compactMap { row -> (item: String, json: String)? in
                            guard let item = row[itemColumn] else { return nil }
                            let members = extra.compactMap { j in
                                row[j].map {
                                    "\(TextFileWriter.jsonString(table.columns[j])):\(TextFileWriter.jsonString($0))"
                                }
                            }
                            return (item, "{" + members.joined(separator: ",") + "}")
                        }
                        try await s.setPayloads(payloads, in: p)
                        print(
                            "stored the columns \(extra.map { table.columns[$0] }.joined(separator: ", ")) as payloads of \(payloads.count) items"
                        )
                    }
                }
                print("added \(n) gold answers to \(p.name)")
            } catch let e as StoreError { throw e.asInput }
        }
    }
}
