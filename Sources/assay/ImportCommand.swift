// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayServer
import AssayStore
import Foundation

/// `assay import`: vendor deliveries into a project, validated, atomic and idempotent.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import vendor deliveries into a project.",
        discussion: """
            Every row is validated against the project (its type: classes, a rating scale) before anything \
            is written; a pairwise, rating, multilabel or text file is read as the project's type. With \
            any invalid row nothing is written and up to 20 errors are printed with the total; with \
            --skip-invalid the valid rows are written and the rejected ones go to FILE.rejects.csv \
            beside the input. Each file is one delivery and one transaction; without --vendor, the \
            file's vendor column names the vendor and each vendor's rows are one delivery. A file \
            whose content (SHA-256) the project already has is not imported again, nor are rows equal \
            to an earlier delivery's from the same vendor (in any order, whatever the line ends or \
            quoting) unless --allow-duplicate is given. A file with no labels is an error. '-' reads \
            standard input; pipes are read once and hashed as read.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Project name.") var project: String
    @Argument(help: "Delivery files (CSV, TSV, JSONL; '-' for standard input).") var files: [String]
    @Option(help: "The vendor that delivered these files (default: each file's vendor column).")
    var vendor: String?
    @Option(help: "Delivery name (default: the file name).") var delivery: String?
    @Option(name: .customLong("cost-per-label"), help: "Price per label where rows carry no cost.")
    var costPerLabel: DecimalNumber?
    @Option(help: "Input format (csv, tsv, jsonl); guessed from the extension.") var format: InputFormat?
    @Flag(
        name: .customLong("skip-invalid"),
        help: "Write the valid rows; reject the others to FILE.rejects.csv.")
    var skipInvalid = false
    @Flag(
        name: .customLong("allow-duplicate"),
        help: "Import rows equal to an earlier delivery's from the same vendor (they are refused otherwise).")
    var allowDuplicate = false

    func validate() throws {
        if let vendor, vendor.isEmpty { throw ValidationError("--vendor must not be empty") }
        guard delivery == nil || files.count == 1 else {
            throw ValidationError("--delivery names one file only")
        }
        if let c = costPerLabel?.value, !(c >= 0) {
            throw ValidationError("--cost-per-label takes a finite number ≥ 0")
        }
        guard files.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("standard input ('-') can be given once")
        }
    }

    func run() async throws {
        let s = try await store.open(.write)
        let p: ProjectRecord
        do { p = try await s.project(named: project) } catch let e as StoreError { throw e.asInput }
        if p.type.labelType != .categorical {
            try await importTyped(into: p, store: s)
            return
        }
        // Every file is read and validated before any is written; each delivery is then one
        // transaction. A file's SHA-256 is computed on the other core while it is read.
        var ready: [(file: String, vendor: String, set: LabelSet, digest: String)] = []
        for file in files {
            let input = try SpooledInput(file)
            let digest = Task.detached { try input.sha256() }
            let intake = try Self.readValidated(
                input, project: p, vendor: vendor, format: format, skipInvalid: skipInvalid)
            for part in intake.parts(fileSHA256: try await digest.value) {
                ready.append((input.display, part.vendor, part.labels, part.sha256))
            }
        }
        var refused: [String] = []
        for (file, vendor, set, digest) in ready {
            do {
                print(
                    try await Self.write(
                        set, file: file, digest: digest, source: delivery, vendor: vendor,
                        costPerLabel: costPerLabel?.value, allowDuplicate: allowDuplicate, project: p,
                        store: s))
            } catch let e as StoreError {
                throw e.asInput
            } catch let e as SameRows {
                // The other deliveries still land (each is its own transaction); the refusal fails
                // the command.
                note("refused: " + e.message)
                refused.append(e.message)
            }
        }
        if !refused.isEmpty {
            throw InputProblem(
                message: "\(refused.count) of \(ready.count) deliveries refused as duplicates of earlier ones"
            )
        }
    }

    /// A delivery refused because an earlier one of the same vendor has the same rows.
    struct SameRows: Error {
        let message: String
    }

    /// Reads one delivery file through `DeliveryIntake` (every row validated against the project;
    /// without a vendor, the file's vendor column splits it); rejected rows (with `skipInvalid`) go
    /// to FILE.rejects.csv; ignored columns are mentioned.
    static func readValidated(
        _ input: SpooledInput, project p: ProjectRecord, vendor: String?, format: InputFormat?,
        skipInvalid: Bool
    ) throws -> DeliveryIntake {
        let bar = ProgressBar("reading \((input.display as NSString).lastPathComponent)")
        defer { bar.finish() }
        let intake: DeliveryIntake
        do {
            intake = try DeliveryIntake.read(
                input.path, display: input.display, project: p, vendor: vendor,
                format: format ?? (input.isCopy ? InputFormat.guess(path: input.given) : nil),
                skipInvalid: skipInvalid,
                progress: { done, total in bar.update(done, total) })
        } catch let e as IntakeError {
            throw InputProblem(message: e.description)
        }
        let report = intake.report
        if !report.ignoredColumns.isEmpty {
            note("\(input.display): ignored columns \(report.ignoredColumns.joined(separator: ", "))")
        }
        if !report.rejected.isEmpty { try writeRejects(report, input: input) }
        return intake
    }

    /// Writes the rows `--skip-invalid` rejected to FILE.rejects.csv beside the input (standard
    /// input has no beside: refused).
    static func writeRejects(_ report: ReadReport, input: SpooledInput) throws {
        guard !input.isCopy else {
            throw InputProblem(
                message: "\(input.display): \(report.rejected.count) invalid rows; --skip-invalid writes "
                    + "rejects beside the input file, which standard input has not: save it to a file first"
            )
        }
        let rejects = input.given + ".rejects.csv"
        let w = try TextFileWriter(path: rejects)
        w.csv(["line", "error", "row"])
        for r in report.rejected { w.csv(["\(r.line)", r.error.description, r.raw]) }
        try w.commit()
        note("\(input.display): \(report.rejected.count) invalid rows rejected to \(rejects)")
    }

    /// Imports a validated delivery; returns the line to print.
    static func write(
        _ set: LabelSet, file: String, digest: String, source: String?, vendor: String, costPerLabel: Double?,
        allowDuplicate: Bool = false, project p: ProjectRecord, store s: any Store
    ) async throws -> String {
        let name = source ?? (file == "standard input" ? "stdin" : (file as NSString).lastPathComponent)
        var delivery = DeliveryImport(
            vendor: vendor, source: name, sha256: digest, costPerLabel: costPerLabel, labels: set)
        delivery.allowDuplicateRows = allowDuplicate
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
        case .sameRows(let existing):
            throw SameRows(
                message:
                    "\(file): its \(set.count) rows equal delivery \(existing.id) from \(vendor) (\(existing.source), "
                    + "\(existing.importedAt)) whatever the bytes; nothing was written (--allow-duplicate imports them again)"
            )
        }
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
        @Argument(help: "Gold file ('-' for standard input).") var file: String
        @Flag(help: "Replace the stored answer of items that have one (refused otherwise).")
        var replace = false

        func run() async throws {
            let s = try await store.open(.write)
            do {
                let p = try await s.project(named: project)
                let input = try SpooledInput(file)
                let intake: GoldIntake
                do {
                    intake = try GoldIntake.read(
                        input.path, display: input.display, project: p,
                        stored: try await s.goldAnswers(of: p),
                        replace: replace)
                } catch let e as IntakeError {
                    throw InputProblem(message: e.description)
                }
                let n = try await s.addGold(
                    intake.answers, source: (input.display as NSString).lastPathComponent, to: p)
                if !intake.payloads.isEmpty {
                    try await s.setPayloads(intake.payloads, in: p)
                    print(
                        "stored the columns \(intake.payloadColumns.joined(separator: ", ")) as payloads of \(intake.payloads.count) items"
                    )
                }
                print(
                    "added \(n) gold answers to \(quotedIfNeeded(p.name)): \(intake.new) new, \(intake.changed) changed, "
                        + "\(n - intake.new - intake.changed) unchanged")
            } catch let e as StoreError { throw e.asInput }
        }
    }
}
