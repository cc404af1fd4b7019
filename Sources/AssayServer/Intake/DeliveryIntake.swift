// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayFormats
public import AssayStore
import Crypto
import Foundation

/// A delivery file read as its project's type and checked against the project, cut into one part
/// per vendor, ready for `Store.importDelivery`: the one road by which `assay import` and the
/// server take deliveries in, for every project type.
public struct DeliveryIntake: Sendable {
    /// One vendor's labels from the file and the identity its delivery is stored under.
    public struct Part: Sendable {
        /// The vendor.
        public var vendor: String
        /// Its labels, as the store takes them.
        public var labels: AssayStore.TypedLabels
        /// The file's SHA-256, or, when the file holds several vendors, the SHA-256 of the file's
        /// digest and the vendor's name (each part is a delivery of its own).
        public var sha256: String
    }

    /// Every valid label of the file, of the project's type.
    public var labels: AssayFormats.TypedLabels
    /// The vendor every row was checked against, when one was given.
    public var vendor: String?
    /// What the reader found (ignored columns, notes, rejected rows with `skipInvalid`).
    public var report: ReadReport
    /// The labels by vendor (one part when `vendor` is given).
    var split: [(vendor: String, labels: AssayFormats.TypedLabels)]

    /// The deliveries to store, one per vendor, given the hex SHA-256 of the file's bytes (each part
    /// of a file holding several vendors is identified by the file's digest and its vendor's name).
    /// - Complexity: O(vendors).
    public func parts(fileSHA256 sha256: String) -> [Part] {
        split.map { name, part in
            Part(
                vendor: name, labels: part.stored,
                sha256: split.count == 1
                    ? sha256
                    : SHA256.hash(data: Data("\(sha256)\n\(name)".utf8)).map { String(format: "%02x", $0) }
                        .joined())
        }
    }

    /// Reads `path` as a delivery to `project`, with the reader of the project's type, every row
    /// validated against the project (its classes, its rating scale, its multi-label classes) and,
    /// when `vendor` is given, against it (a vendor column must then name it on every row); without
    /// `vendor`, the file's vendor column names each row's vendor.
    ///
    /// - Parameters:
    ///   - path: A regular file (streams are copied to one first).
    ///   - display: How messages name the file.
    /// - Throws: `InputErrors` with file:line errors (unless `skipInvalid`), `FormatError` for a file
    ///   that cannot be read, `IntakeError` for a file without labels or without a vendor.
    /// - Complexity: O(bytes + labels × vendors).
    public static func read(
        _ path: String, display: String, project: ProjectRecord, vendor: String?,
        format: InputFormat?, skipInvalid: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> DeliveryIntake {
        var options = LabelReadOptions(format: format, skipInvalid: skipInvalid)
        options.requiredVendor = vendor
        options.progress = progress
        let labels: AssayFormats.TypedLabels
        let report: ReadReport
        do {
            if case .categorical = project.type {
                options.allowedClasses = project.classes
                let (set, r) = try LabelReader.read(path, options: options)
                (labels, report) = (.categorical(set), r)
            } else {
                if let vendor { options.defaultVendor = vendor }
                (labels, report) = try TypedLabelReader.read(
                    path, type: project.type.readKind, options: options)
            }
        } catch let e as FormatError {
            throw e.renamed(from: path, to: display)
        } catch let e as InputErrors {
            throw e.renamed(from: path, to: display)
        }
        guard labels.count > 0 else {
            throw IntakeError(
                report.rejected.isEmpty
                    ? "\(display) holds no labels (\(report.rows == 0 ? "only a header" : "no valid row")); nothing was written"
                    : "\(display): every row was invalid (\(report.rejected.count) rejected); nothing was written"
            )
        }
        let split: [(vendor: String, labels: AssayFormats.TypedLabels)]
        if let vendor {
            split = [(vendor, labels)]
        } else {
            split = try TypedSetSplit.byVendor(labels)
            if let unnamed = split.first(where: { $0.vendor.isEmpty }) {
                throw IntakeError(
                    "\(display) has no vendor column (\(unnamed.labels.count) labels without a vendor): say whose "
                        + "delivery it is (--vendor NAME), or add a vendor column "
                        + "(\(ColumnRole.vendor.aliases.joined(separator: ", ")))")
            }
        }
        return DeliveryIntake(labels: labels, vendor: vendor, report: report, split: split)
    }
}

/// A delivery that cannot be taken in as a whole (no labels, no vendor), in a sentence.
public struct IntakeError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what would be right.
    public var description: String

    /// An error.
    public init(_ description: String) { self.description = description }
}
