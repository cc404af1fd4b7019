// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayFormats
import Foundation

/// Reads one label file in several ways and checks that they agree and that what they give is a
/// sound label set: the invariants every fuzz target of the label reader shares.
public enum LabelReadCheck {
    /// What one read gave: the label set and report, or the error; `text` renders either in full
    /// (the file's path written `FILE`), so that two reads of the same bytes can be compared.
    public struct Outcome {
        /// The set and report, or the error, in full.
        public var text: String
        /// The label set, when the read succeeded.
        public var set: LabelSet?
        /// The read's report, when it succeeded.
        public var report: ReadReport?
        /// The error, when it failed.
        public var error: (any Error)?
    }

    /// Reads `path` as `format`.
    public static func read(
        _ path: String, format: InputFormat, chunkBytes: Int, skipInvalid: Bool,
        limits: InputLimits = .standard
    ) -> Outcome {
        var options = LabelReadOptions(format: format, skipInvalid: skipInvalid)
        options.chunkBytes = chunkBytes
        options.limits = limits
        do {
            let (set, report) = try LabelReader.read(path, options: options)
            return Outcome(text: render(set, report), set: set, report: report, error: nil)
        } catch {
            return Outcome(
                text: "error: " + "\(error)".replacingOccurrences(of: path, with: "FILE"), set: nil,
                report: nil,
                error: error)
        }
    }

    /// Reads `path` with small chunks (many refills, both cores on 16-byte halves), with large chunks,
    /// and failing on the first invalid rows, and checks that the three agree and that the set is
    /// sound. `input` is the file's content (decompressed). Returns the small-chunk outcome.
    @discardableResult
    public static func check(_ path: String, format: InputFormat, input: UnsafeRawBufferPointer) -> Outcome {
        let small = read(path, format: format, chunkBytes: 64, skipInvalid: true)
        let large = read(path, format: format, chunkBytes: 1 << 16, skipInvalid: true)
        require(
            small.text == large.text, "64-byte and 64 KiB chunks differ:\n\(small.text)\n----\n\(large.text)")
        let strict = read(path, format: format, chunkBytes: 1 << 16, skipInvalid: false)
        if let set = small.set, let report = small.report {
            verify(set, report, input: input)
            if report.rejected.isEmpty {
                require(strict.text == small.text, "a clean read differs when failing on invalid rows")
            } else if let errors = strict.error as? InputErrors {
                require(
                    errors.total == report.rejected.count,
                    "\(errors.total) errors, \(report.rejected.count) rejected")
                require(
                    errors.errors.map(\.description) == report.rejected.prefix(20).map(\.error.description),
                    "the errors are not the first rejected rows")
            } else {
                require(false, "rows were rejected but the strict read gave: \(strict.text)")
            }
        } else {
            require(
                strict.text == small.text,
                "the strict read fails otherwise:\n\(small.text)\n----\n\(strict.text)")
            if let e = small.error as? FormatError {
                require(e.line >= 0 && e.line <= lineCount(input), "error line \(e.line) past the file")
            }
        }
        return small
    }

    /// Checks what a successful read must satisfy.
    public static func verify(_ set: LabelSet, _ report: ReadReport, input: UnsafeRawBufferPointer) {
        let lines = lineCount(input)
        require(set.count == report.labels, "\(set.count) labels, report says \(report.labels)")
        require(report.labels + report.rejected.count == report.rows, "labels + rejected ≠ rows")
        require(report.rows <= lines, "\(report.rows) rows in \(lines) lines")
        let rejectedLines = report.rejected.map(\.line)
        require(
            zip(rejectedLines, rejectedLines.dropFirst()).allSatisfy { $0 < $1 },
            "rejected lines out of order")
        require(rejectedLines.allSatisfy { $0 >= 1 && $0 <= lines }, "a rejected line outside the file")
        for r in report.rejected {
            require(r.error.line == r.line, "a rejected row's error names another line")
        }
        // Indices within their tables; items sorted and grouped.
        require(set.item.allSatisfy { $0 >= 0 && Int($0) < set.itemCount }, "item index out of range")
        require(
            set.annotator.allSatisfy { $0 >= 0 && Int($0) < set.annotatorCount }, "annotator out of range")
        require(set.value.allSatisfy { $0 >= 0 && Int($0) < set.classCount }, "class out of range")
        require(
            set.annotatorVendor.allSatisfy { $0 >= 0 && Int($0) < set.vendorIDs.count }, "vendor out of range"
        )
        require(zip(set.item, set.item.dropFirst()).allSatisfy { $0 <= $1 }, "labels not sorted by item")
        require(
            set.itemOffsets.count == set.itemCount + 1 && set.itemOffsets.last == set.count, "item offsets")
        for i in 0..<set.itemCount {
            let r = set.itemOffsets[i]..<set.itemOffsets[i + 1]
            require(
                !r.isEmpty && set.item[r].allSatisfy { Int($0) == i }, "item \(i) has no labels or others'")
        }
        require(
            set.annotatorOffsets.last == set.count && set.byAnnotator.count == set.count, "annotator offsets")
        for a in 0..<set.annotatorCount {
            let r = set.annotatorOffsets[a]..<set.annotatorOffsets[a + 1]
            require(!r.isEmpty, "annotator \(a) has no labels")
            require(set.byAnnotator[r].allSatisfy { Int(set.annotator[Int($0)]) == a }, "annotator grouping")
        }
        require(set.repeatedPairs >= 0 && set.repeatedPairs < max(set.count, 1), "repeated pairs")
        // Ids: distinct, non-empty, text the file held (never repaired).
        require(Set(set.itemIDs).count == set.itemCount, "duplicate item ids")
        require(Set(set.classes).count == set.classCount, "duplicate classes")
        require(Set(set.vendorIDs).count == set.vendorIDs.count, "duplicate vendors")
        let scoped = zip(set.annotatorVendor, set.annotatorIDs).map { "\($0)\u{0}\($1)" }
        require(Set(scoped).count == set.annotatorCount, "duplicate annotators within a vendor")
        let repairs = !mayHoldReplacementCharacter(input)
        for id in set.itemIDs + set.annotatorIDs + set.classes + set.vendorIDs.dropFirst() {
            require(!id.isEmpty, "an empty id")
            require(!id.utf8.contains(0), "a NUL byte kept in \(id.debugDescription)")
            require(
                !repairs || !id.unicodeScalars.contains("\u{FFFD}"),
                "bytes repaired into \(id.debugDescription)")
        }
        for column in [set.extras.createdAt, set.extras.durationSeconds, set.extras.cost] {
            require(column.isEmpty || column.count == set.count, "an extra column of the wrong length")
            require(column.allSatisfy { $0.isNaN || $0.isFinite }, "an infinite number kept")
        }
        require(
            (set.extras.durationSeconds + set.extras.cost).allSatisfy { $0.isNaN || $0 >= 0 },
            "a negative one")
    }

    /// The whole set and report as text.
    static func render(_ set: LabelSet, _ report: ReadReport) -> String {
        var s = "items \(set.itemIDs)\nannotators \(set.annotatorIDs) \(set.annotatorVendor)\n"
        s += "vendors \(set.vendorIDs)\nclasses \(set.classes)\n"
        s += "labels \(set.item) \(set.annotator) \(set.value)\n"
        s += "extras \(set.extras.createdAt) \(set.extras.durationSeconds) \(set.extras.cost)\n"
        s += "rows \(report.rows) labels \(report.labels) ignored \(report.ignoredColumns)\n"
        for r in report.rejected {
            s +=
                "rejected \(r.line) \(r.error.description.replacingOccurrences(of: report.file, with: "FILE"))\n"
        }
        return s
    }
}
