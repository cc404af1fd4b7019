// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayFormats
import Foundation

/// Reads one typed label file (pairwise, rating, multi-label, text) in several ways and checks that
/// they agree and that the set is sound: the invariants every typed fuzz target shares, beside
/// `LabelReadCheck`'s for categorical files.
public enum TypedReadCheck {
    /// The format of a fuzz input: JSON Lines when it starts with `{`, TSV when its first line holds
    /// a tab, CSV otherwise.
    public static func format(of input: UnsafeRawBufferPointer) -> InputFormat {
        if input.first == UInt8(ascii: "{") { return .jsonl }
        return input.prefix { $0 != 10 }.contains(9) ? .tsv : .csv
    }

    /// A fuzz target's run: the input (unless it starts like gzip, which the gzip target covers)
    /// written as `name` with the extension of its format and checked as each of `kinds`. Returns
    /// libFuzzer's verdict (-1: not worth keeping).
    public static func run(_ data: UnsafePointer<UInt8>, _ size: Int, name: String, kinds: [LabelKind])
        -> CInt
    {
        if size >= 2 && data[0] == 0x1F && data[1] == 0x8B { return -1 }
        let input = UnsafeRawBufferPointer(start: data, count: size)
        let format = format(of: input)
        let path = FuzzFile.write(input, as: "\(name).\(format.rawValue)")
        for kind in kinds { check(path, kind: kind, format: format, input: input) }
        return 0
    }

    /// Reads `path` as `kind` with small chunks (many refills, both cores on small halves), with
    /// large chunks, and failing on the first invalid rows, and checks that the three agree and that
    /// the set is sound. `input` is the file's content.
    public static func check(
        _ path: String, kind: LabelKind, format: InputFormat, input: UnsafeRawBufferPointer
    ) {
        let small = read(path, kind: kind, format: format, chunkBytes: 64, skipInvalid: true)
        let large = read(path, kind: kind, format: format, chunkBytes: 1 << 16, skipInvalid: true)
        require(
            small.text == large.text, "64-byte and 64 KiB chunks differ:\n\(small.text)\n----\n\(large.text)")
        let strict = read(path, kind: kind, format: format, chunkBytes: 1 << 16, skipInvalid: false)
        guard let labels = small.labels, let report = small.report else {
            require(
                strict.text == small.text,
                "the strict read fails otherwise:\n\(small.text)\n----\n\(strict.text)")
            return
        }
        verify(labels, report, input: input)
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
    }

    /// What one read gave, rendered in full (the path written `FILE`).
    struct Outcome {
        var text: String
        var labels: TypedLabels?
        var report: ReadReport?
        var error: (any Error)?
    }

    static func read(_ path: String, kind: LabelKind, format: InputFormat, chunkBytes: Int, skipInvalid: Bool)
        -> Outcome
    {
        var options = LabelReadOptions(format: format, skipInvalid: skipInvalid)
        options.chunkBytes = chunkBytes
        do {
            let (labels, report) = try TypedLabelReader.read(path, type: kind, options: options)
            var text =
                render(labels)
                + "rows \(report.rows) labels \(report.labels) ignored \(report.ignoredColumns)\n"
            text += "notes \(report.notes)\n"
            for r in report.rejected {
                text +=
                    "rejected \(r.line) \(r.error.description.replacingOccurrences(of: path, with: "FILE"))\n"
            }
            return Outcome(text: text, labels: labels, report: report)
        } catch {
            return Outcome(
                text: "error: " + "\(error)".replacingOccurrences(of: path, with: "FILE"), error: error)
        }
    }

    /// The set as text (ids and every column).
    static func render(_ labels: TypedLabels) -> String {
        func index(_ x: LabelIndex) -> String {
            "items \(x.itemIDs)\nannotators \(x.annotatorIDs) \(x.annotatorVendor)\nvendors \(x.vendorIDs)\n"
                + "labels \(x.item) \(x.annotator)\nextras \(x.extras.createdAt) \(x.extras.durationSeconds) "
                + "\(x.extras.cost)\n"
        }
        switch labels {
        case .categorical(let s): return "categorical \(s.classes) \(s.item) \(s.annotator) \(s.value)\n"
        case .pairwise(let s):
            return index(s.index) + "objects \(s.objectIDs) \(s.itemFirst) \(s.itemSecond)\n"
                + "pairs \(s.firstOnLeft) \(s.outcome) \(s.strength) \(s.flaggedInconsistent) \(s.positionsKnown)\n"
        case .rating(let s): return index(s.index) + "ratings \(s.value) \(s.scale)\n"
        case .multilabel(let s): return index(s.index) + "classes \(s.classes) \(s.words)\n"
        case .text(let s): return index(s.index) + "answers \(s.answers)\n"
        }
    }

    /// Checks what a successful typed read must satisfy.
    public static func verify(_ labels: TypedLabels, _ report: ReadReport, input: UnsafeRawBufferPointer) {
        let lines = lineCount(input)
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
        let repairs = !mayHoldReplacementCharacter(input)
        func text(_ s: String) {
            require(!s.utf8.contains(0), "a NUL byte kept in \(s.debugDescription)")
            require(
                !repairs || !s.unicodeScalars.contains("\u{FFFD}"),
                "bytes repaired into \(s.debugDescription)")
        }
        switch labels {
        case .categorical: require(false, "a typed check of a categorical read")
        case .pairwise(let s):
            verify(s.index)
            require(s.count == report.labels, "\(s.count) comparisons, report says \(report.labels)")
            require(Set(s.objectIDs).count == s.objectCount, "duplicate objects")
            for o in s.objectIDs {
                require(!o.isEmpty, "an empty object id")
                text(o)
            }
            for i in 0..<s.itemCount {
                require(
                    s.itemFirst[i] < s.itemSecond[i], "item \(i)'s objects are not two in canonical order")
                require(Int(s.itemSecond[i]) < s.objectCount, "object out of range")
            }
            require(s.outcome.allSatisfy { $0 <= 2 }, "an outcome beyond tie")
            require(s.strength.allSatisfy { $0.isNaN || (0...1).contains($0) }, "a strength outside [0, 1]")
            for column in [s.strength.count, s.flaggedInconsistent.count, s.firstOnLeft.count] {
                require(column == 0 || column == s.count, "a pairwise column of the wrong length")
            }
        case .rating(let s):
            verify(s.index)
            require(s.count == report.labels, "\(s.count) ratings, report says \(report.labels)")
            require(s.value.allSatisfy { s.scale.violation(of: $0) == nil }, "a rating off its scale")
        case .multilabel(let s):
            verify(s.index)
            require(s.count <= report.labels, "\(s.count) label sets from \(report.labels) rows")
            require(Set(s.classes).count == s.classCount, "duplicate classes")
            for c in s.classes {
                require(!c.isEmpty, "an empty class")
                text(c)
            }
            require(s.words.count == s.count * s.wordsPerLabel, "words of the wrong length")
        case .text(let s):
            verify(s.index)
            require(s.count == report.labels, "\(s.count) answers, report says \(report.labels)")
            for a in s.answers {
                require(!a.isEmpty, "an empty answer")
                text(a)
            }
        }
    }

    /// Checks a typed set's index: indices in their tables, labels sorted and grouped by item and by
    /// annotator, ids distinct and non-empty.
    static func verify(_ x: LabelIndex) {
        require(x.item.allSatisfy { $0 >= 0 && Int($0) < x.itemCount }, "item index out of range")
        require(x.annotator.allSatisfy { $0 >= 0 && Int($0) < x.annotatorCount }, "annotator out of range")
        require(
            x.annotatorVendor.allSatisfy { $0 >= 0 && Int($0) < x.vendorIDs.count }, "vendor out of range")
        require(zip(x.item, x.item.dropFirst()).allSatisfy { $0 <= $1 }, "labels not sorted by item")
        require(x.itemOffsets.count == x.itemCount + 1 && x.itemOffsets.last == x.count, "item offsets")
        for i in 0..<x.itemCount {
            let r = x.labels(ofItem: i)
            require(!r.isEmpty && x.item[r].allSatisfy { Int($0) == i }, "item \(i) has no labels or others'")
        }
        require(x.annotatorOffsets.last == x.count && x.byAnnotator.count == x.count, "annotator offsets")
        for a in 0..<x.annotatorCount {
            let labels = x.labels(ofAnnotator: a)
            require(!labels.isEmpty, "annotator \(a) has no labels")
            require(labels.allSatisfy { Int(x.annotator[Int($0)]) == a }, "annotator grouping")
        }
        require(Set(x.itemIDs).count == x.itemCount, "duplicate item ids")
        let scoped = zip(x.annotatorVendor, x.annotatorIDs).map { "\($0)\u{0}\($1)" }
        require(Set(scoped).count == x.annotatorCount, "duplicate annotators within a vendor")
        for id in x.itemIDs + x.annotatorIDs {
            require(!id.isEmpty && !id.utf8.contains(0), "an empty or NUL id")
        }
    }
}
