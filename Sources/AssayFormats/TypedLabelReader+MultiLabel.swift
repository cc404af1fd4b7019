// Assay — quality control for human-labelled training data.

public import AssayCore

extension TypedLabelReader {
    /// Reads a file of multi-label answers into a `MultiLabelSet`, in one of two shapes:
    ///
    /// - **a list per row**: the label field names the row's classes (`ClassList`: `a;b`, a JSON
    ///   array, empty for none); each row is one label. This is the shape when the label column is
    ///   named `labels` or `tags`, or when any label holds `;` or is an array.
    /// - **one row per class** otherwise: the rows of one (item, annotator) form one label set (an
    ///   empty label adds no class, so a lone empty row is the empty set); the set takes the first
    ///   row's optional columns. The read's notes say how many rows were merged.
    ///
    /// With `classes` (a project's), every class must be one of them and the set's classes are them,
    /// in their order; without, the classes are those the file names, in canonical order (numeric
    /// when all are numbers, else by text).
    /// - Throws: as `read(_:type:options:)`.
    /// - Complexity: O(bytes) for the read, O(labels × ⌈classes / 64⌉) for the set.
    public static func readMultiLabel(
        _ path: String, classes allowed: [String]? = nil, options: LabelReadOptions = .init()
    ) throws -> (MultiLabelSet, ReadReport) {
        let allowedSet = allowed.map(Set.init)
        let listing = allowed.map { $0.joined(separator: ", ") } ?? ""
        let check: TypedLayout.ValueCheck = { bytes in
            switch ClassList.parse(bytes) {
            case .failure(let problem): return problem.expected
            case .success(let names):
                guard let allowedSet, let outside = names.first(where: { !allowedSet.contains($0) }) else {
                    return nil
                }
                return "classes from the project's (\(listing)), separated by ';' or as a JSON array, "
                    + "empty for none; '\(outside)' is not one"
            }
        }
        var labelName = ""
        var (builder, report) = try readColumns(path, options: options, roles: LabelReader.labelRoles) {
            columns in
            try columns.require([.item, .annotator, .label])
            labelName = columns.name(.label)?.trimmingWhitespace().lowercased() ?? ""
            return columns.layout(
                used: [.item, .annotator, .label], item: .item, label: .label, options: options
            ) {
                _ in
                var t = TypedLayout()
                t.labelCheck = check
                t.labelAllowsEmpty = true
                t.labelAcceptsArrays = true
                return t
            }
        }
        var columns = builder.finishColumns()
        // Each used label text's classes, parsed once (every used one passed its check).
        let texts = builder.classes
        let used = usedClasses(columns.value, classCount: texts.count)
        var lists: [[String]] = []
        var listShape = labelName == "labels" || labelName == "tags"
        for c in 0..<texts.count {
            guard used[c] else {
                lists.append([])
                continue
            }
            texts.withKey(c) { bytes in
                if bytes.contains(UInt8(ascii: ";")) || bytes.first == UInt8(ascii: "[") { listShape = true }
                lists.append((try? ClassList.parse(bytes).get()) ?? [])
            }
        }
        let names =
            allowed
            ?? {
                let distinct = Array(Set(lists.joined()))
                return LabelSetBuilder.canonicalOrder(distinct).map { distinct[$0] }
            }()
        let classIndex = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let w = MultiLabelSet.wordsPerLabel(classCount: names.count)
        var wordsOf = [UInt64](repeating: 0, count: lists.count * w)
        for (c, list) in lists.enumerated() {
            for name in list {
                let k = classIndex[name]!
                wordsOf[c * w + k >> 6] |= 1 << UInt64(k & 63)
            }
        }
        var words: [UInt64]
        if listShape {
            words = [UInt64](repeating: 0, count: columns.value.count * w)
            for (r, c) in columns.value.enumerated() {
                for k in 0..<w { words[r * w + k] = wordsOf[Int(c) * w + k] }
            }
        } else {
            // One row per class: the rows of an (item, annotator) are one set.
            let rows = columns.value.count
            let (group, first) = TupleInterner.ids(columns.item, columns.annotator, nil, nil)
            words = [UInt64](repeating: 0, count: first.count * w)
            for r in 0..<rows {
                let g = Int(group[r])
                for k in 0..<w { words[g * w + k] |= wordsOf[Int(columns.value[r]) * w + k] }
            }
            if first.count < rows {
                report.notes.append(
                    "one row per class: \(rows) rows form \(first.count) label sets (the rows of an item and "
                        + "annotator are one set)")
            }
            let keep = first.map(Int.init)
            columns.item = keep.map { columns.item[$0] }
            columns.annotator = keep.map { columns.annotator[$0] }
            let e = columns.extras
            columns.extras = LabelExtras(
                createdAt: e.createdAt.isEmpty ? [] : keep.map { e.createdAt[$0] },
                durationSeconds: e.durationSeconds.isEmpty ? [] : keep.map { e.durationSeconds[$0] },
                cost: e.cost.isEmpty ? [] : keep.map { e.cost[$0] })
        }
        let set = MultiLabelSet(
            itemIDs: columns.itemIDs, annotatorIDs: columns.annotatorIDs,
            annotatorVendor: columns.annotatorVendor,
            vendorIDs: columns.vendorIDs, classes: names, item: columns.item, annotator: columns.annotator,
            words: words, extras: columns.extras)
        return (set, report)
    }
}
