// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayStore
import Crypto
import Foundation

extension ImportCommand {
    /// Imports deliveries into a pairwise, rating, multi-label or text project: each file read as
    /// the project's type (its scale, its classes), every file checked before anything is written;
    /// one delivery per file and vendor (`--vendor`, or the file's vendor column), as for
    /// categorical projects.
    func importTyped(into p: ProjectRecord, store s: any Store) async throws {
        var ready: [(file: String, vendor: String, labels: AssayStore.TypedLabels, digest: String)] = []
        for file in files {
            let input = try SpooledInput(file)
            let digest = Task.detached { try input.sha256() }
            var options = LabelReadOptions(
                format: format ?? (input.isCopy ? InputFormat.guess(path: input.given) : nil))
            options.skipInvalid = skipInvalid
            if let vendor {
                options.defaultVendor = vendor
                options.requiredVendor = vendor
            }
            let (labels, report) = try input.renamingErrors {
                try TypedLabelReader.read(input.path, type: p.type.readKind, options: options)
            }
            if !report.ignoredColumns.isEmpty {
                note("\(input.display): ignored columns \(report.ignoredColumns.joined(separator: ", "))")
            }
            for n in report.notes { note("\(input.display): \(n)") }
            if !report.rejected.isEmpty {
                try Self.writeRejects(report, input: input)
            }
            guard labels.count > 0 else {
                throw InputProblem(message: "\(input.display): no labels to import")
            }
            // One delivery per vendor the file names, each under its own digest when there are several.
            let parts = try TypedSetSplit.byVendor(labels)
            if let unnamed = parts.first(where: { $0.vendor.isEmpty }) {
                throw InputProblem(
                    message:
                        "\(input.display): \(unnamed.labels.count) labels without a vendor: give --vendor, or a "
                        + "vendor column")
            }
            let fileDigest = try await digest.value
            for part in parts {
                ready.append(
                    (
                        input.display, part.vendor, part.labels.stored,
                        parts.count == 1
                            ? fileDigest
                            : SHA256.hash(data: Data("\(fileDigest)\n\(part.vendor)".utf8))
                                .map { String(format: "%02x", $0) }.joined()
                    ))
            }
        }
        for (file, vendor, labels, digest) in ready {
            let name = delivery ?? (file == "standard input" ? "stdin" : (file as NSString).lastPathComponent)
            var d = DeliveryImport(
                vendor: vendor, source: name, sha256: digest, costPerLabel: costPerLabel?.value,
                labels: labels)
            d.allowDuplicateRows = allowDuplicate
            let outcome: ImportOutcome
            do { outcome = try await s.importDelivery(d, into: p) } catch let e as StoreError {
                throw e.asInput
            }
            switch outcome {
            case .imported(let id, let n):
                print(
                    "imported \(file) as delivery \(id) from \(vendor): \(n) \(p.type.name) labels "
                        + "(\(labels.itemIDs.count) items, \(labels.annotatorIDs.count) annotators)")
            case .duplicate(let existing):
                print(
                    "\(file): already imported as delivery \(existing.id) (\(existing.source), \(existing.importedAt)); nothing written"
                )
            case .sameRows(let existing):
                throw InputProblem(
                    message:
                        "\(file): its \(labels.count) rows equal delivery \(existing.id) from \(vendor) (\(existing.source), "
                        + "\(existing.importedAt)) whatever the bytes; nothing was written (--allow-duplicate imports them again)"
                )
            }
        }
    }
}
