// Assay — quality control for human-labelled training data.

public import AssayCore

extension TypedLabelReader {
    /// Reads a file of ratings (`item,worker,label` with the usual aliases and optional columns)
    /// into a `RatingSet`.
    ///
    /// Every label must be a decimal number (`DecimalNumber`: no `inf`, `nan` or hexadecimal) on
    /// `scale`; a value off the scale or not a number is refused with the scale in the message. Each
    /// distinct label text is parsed and checked once per core. Without a scale, the scale is the
    /// file's: from its smallest to its largest value, in steps of 1 when every value is a whole
    /// number (continuous otherwise), at the interval level; the read's notes say which. (A file whose
    /// ratings do not reach both ends of the real scale gives a narrower one: declare the scale.)
    /// - Throws: as `read(_:type:options:)`.
    /// - Complexity: O(bytes) for the read, O(labels) for the set.
    public static func readRating(
        _ path: String, scale: RatingScale? = nil, options: LabelReadOptions = .init()
    )
        throws -> (RatingSet, ReadReport)
    {
        let expected =
            scale.map { "\($0.expectation) (the project's rating scale)" }
            ?? "a number (the scale is inferred from the file)"
        let check: TypedLayout.ValueCheck = { bytes in
            guard let v = DecimalNumber.parse(bytes) else { return expected }
            if let scale, scale.violation(of: v) != nil { return expected }
            return nil
        }
        var (builder, report) = try readColumns(path, options: options, roles: LabelReader.labelRoles) {
            columns in
            try columns.require([.item, .annotator, .label])
            return columns.layout(
                used: [.item, .annotator, .label], item: .item, label: .label, options: options
            ) {
                _ in
                var t = TypedLayout()
                t.labelCheck = check
                return t
            }
        }
        let columns = builder.finishColumns()
        let used = usedClasses(columns.value, classCount: builder.classes.count)
        let values = (0..<builder.classes.count).map { c in
            used[c] ? builder.classes.withKey(c) { DecimalNumber.parse($0) } ?? .nan : .nan
        }
        var resolved: RatingScale
        if let scale {
            resolved = scale
        } else {
            resolved = inferredScale(values.filter { !$0.isNaN })
            report.notes.append(
                "rating scale inferred from the file: \(resolved.expectation) (its smallest and largest "
                    + "values\(resolved.isStepped ? "; whole numbers give steps of 1" : "")); declare the scale "
                    + "when the file may not reach both ends")
        }
        let value = columns.value.map { values[Int($0)] }
        let set = RatingSet(
            itemIDs: columns.itemIDs, annotatorIDs: columns.annotatorIDs,
            annotatorVendor: columns.annotatorVendor,
            vendorIDs: columns.vendorIDs, scale: resolved, item: columns.item, annotator: columns.annotator,
            value: value, extras: columns.extras)
        return (set, report)
    }

    /// The scale a file's `values` imply: smallest to largest (one more than the smallest when they
    /// are all equal), in steps of 1 when they are whole numbers (and the steps fit a scale),
    /// continuous otherwise; 0..1 for a file without values.
    static func inferredScale(_ values: [Double]) -> RatingScale {
        guard let low = values.min(), let high = values.max() else {
            return try! RatingScale(minimum: 0, maximum: 1)
        }
        let top = high > low ? high : max(low + 1, low.nextUp)
        if values.allSatisfy({ $0 == $0.rounded() }),
            let stepped = try? RatingScale(minimum: low, maximum: top, step: 1)
        {
            return stepped
        }
        return try! RatingScale(minimum: low, maximum: top)
    }
}
