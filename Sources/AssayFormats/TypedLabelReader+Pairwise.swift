// Assay — quality control for human-labelled training data.

public import AssayCore

extension TypedLabelReader {
    /// Reads a file of pairwise comparisons (the shapes are `PairwiseShape`'s) into a `PairwiseSet`.
    ///
    /// Items: without an item column, the unordered object pairs. With one, the item column's value,
    /// followed by `/turn` when there is a turn column; when some item is shown with more than one
    /// pair of objects (MT-bench's `question_id` names a question, not a pair), every item becomes
    /// (item, turn, pair): `81/1/alpaca-13b|gpt-4`. Objects are numbered in first-seen order. Rows
    /// are refused (with file, line, field, value, what was expected) for an object compared with
    /// itself, a label that names neither object nor a side or a tie, a strength that is not a
    /// number on its scale, and whatever the categorical reader refuses.
    /// - Throws: as `read(_:type:options:)`.
    /// - Complexity: O(bytes) for the read, O(labels) for the set (plus a hash per label when items
    ///   are composed).
    public static func readPairwise(
        _ path: String, strengthScale: RatingScale? = nil, options: LabelReadOptions = .init()
    ) throws -> (PairwiseSet, ReadReport) {
        var shape: PairwiseShape?
        var strength: PairwiseStrength?
        var (builder, report) = try readColumns(path, options: options, roles: PairwiseShape.roles) {
            columns in
            let s = try PairwiseShape(columns)
            let st = PairwiseStrength(magnitude: s.form != .strengthOnly, declared: strengthScale)
            if s.hasStrength, let problem = st.declarationProblem {
                throw FormatError(file: path, line: 0, field: columns.name(.strength), expected: problem)
            }
            shape = s
            strength = st
            return columns.layout(
                used: s.used, item: s.hasItem ? .item : nil, label: s.label, options: options
            ) { column in
                pairwiseLayout(s, strength: st, column: column)
            }
        }
        guard let shape, let strength else { preconditionFailure("the layout was made") }
        var typed = TypedKeyColumns()
        swap(&typed, &builder.typed)
        let columns = builder.finishColumns()
        let n = columns.item.count
        let objects = typed.tables.first?.strings() ?? []
        let left = typed.keys.first ?? []
        let right = typed.keys.count > 1 ? typed.keys[1] : []
        var outcome = typed.codes.map { $0 & 3 }
        let flags =
            typed.codes.contains { $0 & PairwiseShape.flagged != 0 }
            ? typed.codes.map { $0 & PairwiseShape.flagged != 0 } : []
        var strengths: [Float] = []
        if let k = shape.strengthKey, n > 0 {
            let ids = typed.keys[k]
            let table = typed.tables[1]
            let used = usedClasses(ids, classCount: table.count)
            // Values parsed once per distinct text (every used one passed its check).
            let values = (0..<table.count).map { v in
                used[v] ? table.withKey(v) { DecimalNumber.parse($0) } ?? .nan : .nan
            }
            let scale = strength.scale(of: values.filter { !$0.isNaN })
            if scale.inferred {
                report.notes.append(
                    "strength scale inferred from the file: "
                        + PairwiseStrength.describe(
                            (scale.minimum, scale.maximum), magnitude: strength.magnitude)
                        + "; declare it when the file may not reach both ends")
            }
            let normalised = values.map {
                $0.isNaN
                    ? (Float.nan, nil)
                    : PairwiseStrength.normalise(
                        $0, on: (scale.minimum, scale.maximum), magnitude: strength.magnitude)
            }
            strengths = ids.map { normalised[Int($0)].0 }
            if shape.form == .strengthOnly {
                for r in 0..<n { outcome[r] = normalised[Int(ids[r])].1 ?? 0 }
            } else {
                // A tie's strength means nothing.
                for r in 0..<n where outcome[r] == PairwiseSet.Outcome.tie.rawValue { strengths[r] = .nan }
            }
        }
        if !shape.positionsKnown {
            report.notes.append(
                shape.form == .winnerLoser
                    ? "positions unknown: winner and loser columns do not say which object was shown on the left"
                    : "positions unknown: the columns \(shape.names.first) and \(shape.names.second) do not "
                        + "say which object was shown on the left (only columns named left and right do)")
        }
        let items =
            shape.hasItem
            ? pairwiseItems(
                columns, turn: shape.turnKey.map { (typed.keys[$0], typed.tables[2]) },
                left: left, right: right, objects: objects, notes: &report.notes)
            : nil
        do {
            let set = try PairwiseSet(
                objectIDs: objects, itemIDs: items?.ids ?? [], annotatorIDs: columns.annotatorIDs,
                annotatorVendor: columns.annotatorVendor, vendorIDs: columns.vendorIDs, item: items?.item,
                annotator: columns.annotator, left: left, right: right, outcome: outcome, strength: strengths,
                flaggedInconsistent: flags, positionsKnown: shape.positionsKnown, extras: columns.extras)
            return (set, report)
        } catch {
            // Every row was checked while reading; a failure here is a reader's bug, said plainly.
            throw FormatError(file: path, line: 0, expected: "comparisons a pairwise set can hold (\(error))")
        }
    }

    /// The workers' typed columns for a pairwise file of `shape`.
    static func pairwiseLayout(
        _ shape: PairwiseShape, strength: PairwiseStrength, column: (ColumnRole) -> Int
    )
        -> TypedLayout
    {
        var t = TypedLayout()
        let first = column(shape.first)
        let second = column(shape.second)
        t.keys = [
            .init(column: first, table: 0, role: shape.first, allowsEmpty: false),
            .init(column: second, table: 0, role: shape.second, allowsEmpty: false),
        ]
        if shape.hasStrength {
            t.keys.append(
                .init(
                    column: column(.strength), table: 1, role: .strength,
                    allowsEmpty: shape.form != .strengthOnly))
        }
        if shape.hasTurn {
            t.keys.append(.init(column: column(.turn), table: 2, role: .turn, allowsEmpty: false))
        }
        t.tableChecks = [nil, strength.check, nil]
        let label = column(shape.label)
        let form = shape.form
        let firstName = shape.first.rawValue
        t.internsLabel = false
        t.rowCheck = { row in
            if row.same(first, second) {
                return .problem(column: second, expected: "an object other than the \(firstName) one")
            }
            guard form == .labelled else { return .code(0) }
            // The chosen object's id, else the label's keyword.
            if row.same(label, first) { return .code(PairwiseSet.Outcome.left.rawValue) }
            if row.same(label, second) { return .code(PairwiseSet.Outcome.right.rawValue) }
            guard let code = PairwiseShape.keyword(row.field(label)) else {
                return .problem(
                    column: label,
                    expected: PairwiseShape.labelExpectation(left: row.field(first), right: row.field(second))
                )
            }
            return .code(code)
        }
        return t
    }

    /// Items of a pairwise file with an item column: its values (with `/turn`), or (item, turn, pair)
    /// when some item is shown with two pairs of objects.
    /// - Complexity: O(labels) when items are kept, plus a hash per label when they are composed.
    static func pairwiseItems(
        _ columns: LabelSetBuilder.FinishedColumns, turn: ([Int32], ByteInterner)?, left: [Int32],
        right: [Int32], objects: [String], notes: inout [String]
    ) -> (item: [Int32], ids: [String]) {
        var item = columns.item
        var ids = columns.itemIDs
        if let (turns, table) = turn {
            let (composed, first) = TupleInterner.ids(item, turns, nil, nil)
            let turnNames = table.strings()
            ids = first.map { r in "\(ids[Int(item[Int(r)])])/\(turnNames[Int(turns[Int(r)])])" }
            item = composed
        }
        // Does every item keep one pair of objects?
        var lo = [Int32](repeating: -1, count: ids.count)
        var hi = [Int32](repeating: -1, count: ids.count)
        var onePair = true
        for r in 0..<item.count {
            let i = Int(item[r])
            let (a, b) = (min(left[r], right[r]), max(left[r], right[r]))
            if lo[i] < 0 {
                lo[i] = a
                hi[i] = b
            } else if lo[i] != a || hi[i] != b {
                onePair = false
                break
            }
        }
        if onePair {
            if turn != nil { notes.append("items are (item, turn): the turn column is part of the item") }
            return (item, ids)
        }
        let low = zip(left, right).map { min($0, $1) }
        let high = zip(left, right).map { max($0, $1) }
        let (composed, first) = TupleInterner.ids(item, low, high, nil)
        // The pair in byte order of the object ids, so that the same shown pair gets the same id in
        // every file, whatever order its objects were first seen in.
        let pairIDs = first.map { r in
            let (a, b) = (objects[Int(low[Int(r)])], objects[Int(high[Int(r)])])
            let (x, y) = Array(b.utf8).lexicographicallyPrecedes(Array(a.utf8)) ? (b, a) : (a, b)
            return "\(ids[Int(item[Int(r)])])/\(x)|\(y)"
        }
        notes.append(
            "items are (item\(turn == nil ? "" : ", turn"), pair of objects): an item is shown with several pairs "
                + "of objects (as MT-bench's question_id), so each (item, pair) is one item")
        return (composed, pairIDs)
    }
}
