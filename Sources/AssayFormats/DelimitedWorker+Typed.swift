// Assay — quality control for human-labelled training data.

/// A worker's typed columns (see `TypedLayout`): its own tables of key values, kept across chunks
/// and merged into the builder's by `ChunkMerge`, the verdict on each distinct value and label, and
/// per chunk the kept rows' key ids and codes.
///
/// Values of tables without a check (a comparison's objects, a turn) are interned in batches: a kept
/// row's keys are hashed and their table slots prefetched, and the batch is interned (in row order,
/// so ids stay in first-seen order) every 16 rows and at the end of the chunk. With 100k objects a
/// table is megabytes and each lookup otherwise waits for memory, twice a row.
final class TypedWorkerState {
    let layout: TypedLayout
    /// Per table: the values seen by this worker, in first-seen order (owned; freed with this
    /// object; a pointer so that the hot path touches no reference count).
    let tables: UnsafeMutablePointer<RawKeyTable>
    /// The key columns (a copy of `layout.keys`, for the same reason).
    let keys: UnsafeMutablePointer<TypedLayout.Key>
    /// Per table: whether its values are checked (then interned at once, not in batches).
    private let checked: [Bool]
    /// Per table with a check, per value id: whether the value failed it, and what was expected for
    /// those that did.
    private var tableFailed: [[Bool]]
    private var tableProblems: [[Int32: String]]
    /// Per class id of the worker: what was expected when the label failed its check.
    private var labelProblems: [String?] = []
    /// This chunk's kept rows: `layout.keys.count` key ids each, in row order (batched ones are
    /// filled in by `flush`).
    var ids: [Int32] = []
    /// This chunk's kept rows' codes.
    var codes: [UInt8] = []
    /// The row being taken, kept by `commit` once every check passed: ids of checked keys, the
    /// others' hashes.
    private var pending: [Int32]
    private var pendingKeys: [PendingKey]
    private var pendingCode: UInt8 = 0
    /// Keys of kept rows waiting to be interned, and the bytes of those not in the chunk buffer.
    private var batch: [PendingKey] = []
    private var spill: [UInt8] = []

    /// A key waiting to be interned.
    struct PendingKey {
        var hash: UInt64 = 0
        var head: UInt64 = 0
        /// Offset in the chunk buffer, or `~offset` in `spill`.
        var location = 0
        var length = 0
        var table = 0
        /// Where its id goes in `ids`.
        var position = 0
    }

    /// The item of every row of a file without an item column (one byte, never freed).
    nonisolated(unsafe) static let noItem: UnsafeBufferPointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 + FileBuffer.padding)
        p.initialize(repeating: 0, count: 1 + FileBuffer.padding)
        p.pointee = UInt8(ascii: "-")
        return UnsafeBufferPointer(start: p, count: 1)
    }()

    init(_ layout: TypedLayout) {
        self.layout = layout
        tables = .allocate(capacity: max(layout.tableCount, 1))
        for t in 0..<layout.tableCount { (tables + t).initialize(to: RawKeyTable(capacity: 256)) }
        keys = .allocate(capacity: max(layout.keys.count, 1))
        keys.initialize(from: layout.keys, count: layout.keys.count)
        checked = layout.tableChecks.map { $0 != nil }
        tableFailed = Array(repeating: [], count: layout.tableCount)
        tableProblems = Array(repeating: [:], count: layout.tableCount)
        pending = [Int32](repeating: 0, count: layout.keys.count)
        pendingKeys = [PendingKey](repeating: PendingKey(), count: layout.keys.count)
    }

    deinit {
        for t in 0..<layout.tableCount { tables[t].free() }
        tables.deallocate()
        keys.deallocate()
    }

    /// Forgets the previous chunk's rows (the tables stay).
    func reset() {
        ids.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
    }

    /// What the label of worker class `id` (whose bytes are `label`) fails, or nil. Checked once per
    /// class: a class is checked as soon as it is interned.
    @inline(__always)
    func labelProblem(_ id: Int32, _ label: UnsafeBufferPointer<UInt8>) -> String? {
        guard let check = layout.labelCheck else { return nil }
        let c = Int(id)
        if c == labelProblems.count { labelProblems.append(check(label)) }
        return labelProblems[c]
    }

    /// The class key of a label that is not interned (`TypedLayout.internsLabel` false): empty.
    nonisolated(unsafe) static let noLabel = UnsafeBufferPointer(start: noItem.baseAddress, count: 0)

    /// Takes `value` as key column `k` of the row being taken: a checked table's value is interned
    /// now and what it fails returned; another's is hashed for the batch (`inBuffer`: its bytes lie in
    /// the chunk buffer `buffer`, padded, until the chunk is done).
    @inline(__always)
    func take(
        _ value: UnsafeBufferPointer<UInt8>, key k: Int, table t: Int, inBuffer: Bool,
        _ buffer: UnsafePointer<UInt8>
    ) -> String? {
        guard checked[t] else {
            var p = PendingKey()
            if inBuffer, let base = value.baseAddress {
                (p.head, p.hash) = ByteInterner.headAndHash(padded: base, count: value.count)
                p.location = buffer.distance(to: base)
            } else {
                p.head = ByteInterner.head(value)
                p.hash = ByteInterner.hash(value)
                p.location = ~spill.count
                spill.append(contentsOf: value)
            }
            p.length = value.count
            p.table = t
            pendingKeys[k] = p
            pending[k] = -1
            return nil
        }
        let (id, isNew) = tables[t].intern(value, value: 0)
        if isNew {
            let problem = layout.tableChecks[t]!(value)
            tableFailed[t].append(problem != nil)
            if let problem { tableProblems[t][id] = problem }
        }
        pending[k] = id
        return tableFailed[t][Int(id)] ? tableProblems[t][id] : nil
    }

    /// Keeps the row whose keys and code were just set; its batched keys join the batch.
    @inline(__always)
    func commit(_ buffer: UnsafePointer<UInt8>) {
        let base = ids.count
        ids.append(contentsOf: pending)
        codes.append(pendingCode)
        for k in 0..<pending.count where pending[k] < 0 {
            var p = pendingKeys[k]
            p.position = base + k
            tables[p.table].prefetch(p.hash)
            batch.append(p)
        }
        if batch.count >= 32 { flush(buffer) }
    }

    /// Interns the batched keys (in order) and fills in their ids.
    func flush(_ buffer: UnsafePointer<UInt8>) {
        if batch.isEmpty { return }
        spill.withUnsafeBufferPointer { spilled in
            ids.withUnsafeMutableBufferPointer { ids in
                for p in batch {
                    let key =
                        p.location >= 0
                        ? buffer + p.location : spilled.baseAddress.map { $0 + ~p.location } ?? buffer
                    ids[p.position] =
                        tables[p.table].intern(
                            head: p.head, length: p.length, hash: p.hash, key: key, value: 0
                        ).id
                }
            }
        }
        batch.removeAll(keepingCapacity: true)
        spill.removeAll(keepingCapacity: true)
    }

    /// Whether the JSON line just scanned holds an array or object in the label column `j` that the
    /// layout takes as a label.
    func acceptsNestedLabel(_ scanner: RecordScanner, column j: Int) -> Bool {
        layout.labelAcceptsArrays && scanner.isJSON && scanner.jsonState[j] == JSONState.nested.rawValue
    }

    fileprivate func set(code: UInt8) { pendingCode = code }
}

extension DelimitedWorker {
    /// Checks and interns the typed key columns of the record just scanned and runs the row check;
    /// false after refusing the row. Nothing is kept until `TypedWorkerState.commit()`.
    func takeTyped(_ typed: TypedWorkerState, _ buffer: UnsafePointer<UInt8>, line: Int) -> Bool {
        let row = TypedRow(scanner: scanner, buffer: buffer)
        for k in 0..<typed.layout.keys.count {
            let key = typed.keys[k]
            let j = key.column
            if scanner.isAbsent(j) && !key.allowsEmpty {
                let role = key.role
                refuse(
                    buffer, line: line, column: nil,
                    expected:
                        "\(role.article) \"\(role.rawValue)\" key (one of: \(role.aliases.joined(separator: ", "))); "
                        + "the keys are: \(scanner.lineKeyNames.joined(separator: ", "))")
                return false
            }
            let missing = row.isMissing(j)
            if !missing && !scanner.holdsValue(j) {
                refuse(buffer, line: line, column: j, expected: "a string or a number")
                return false
            }
            let value = missing ? TypedWorkerState.noLabel : row.field(j)
            if value.isEmpty && !key.allowsEmpty {
                refuse(buffer, line: line, column: j, expected: "a non-empty \(key.role.rawValue)")
                return false
            }
            let inBuffer = !missing && !scanner.isEscaped(j)
            if let problem = typed.take(value, key: k, table: key.table, inBuffer: inBuffer, buffer) {
                refuse(buffer, line: line, column: j, expected: problem)
                return false
            }
        }
        guard let check = typed.layout.rowCheck else {
            typed.set(code: 0)
            return true
        }
        switch check(row) {
        case .code(let code):
            typed.set(code: code)
            return true
        case .problem(let column, let expected):
            refuse(buffer, line: line, column: column, expected: expected)
            return false
        }
    }
}

/// A typed reader's columns for the whole file: the key tables (values in first-seen order) and, per
/// key column and label, the value's id; per label its code.
struct TypedKeyColumns {
    /// Per table: every value, in first-seen order over the file.
    var tables: [ByteInterner] = []
    /// Per key column (in `TypedLayout.keys` order): each label's value id in the column's table.
    var keys: [[Int32]] = []
    /// Each label's code (`TypedLayout.RowVerdict.code`).
    var codes: [UInt8] = []
}

extension ChunkMerge {
    /// Maps a worker's new key values to the builder's tables (in the worker's first-seen order).
    mutating func absorb(_ typed: TypedWorkerState, into builder: inout LabelSetBuilder) {
        if builder.typed.tables.isEmpty {
            builder.typed.tables = (0..<typed.layout.tableCount).map { _ in ByteInterner(capacity: 1024) }
            builder.typed.keys = Array(repeating: [], count: typed.layout.keys.count)
        }
        if typedTables.isEmpty { typedTables = Array(repeating: [], count: typed.layout.tableCount) }
        for t in 0..<typed.layout.tableCount {
            let table = typed.tables[t]
            for v in typedTables[t].count..<table.count {
                typedTables[t].append(builder.typed.tables[t].intern(table.key(v)).id)
            }
        }
    }
}

extension DelimitedLabelReader {
    /// Appends the chunk's key ids and codes of `workers` (in order) to the builder, mapped to its
    /// tables, after `append` added the same rows' labels.
    /// - Complexity: O(rows × key columns).
    static func appendTyped(
        _ workers: [DelimitedWorker], merged: [ChunkMerge], to builder: inout LabelSetBuilder
    ) {
        for (w, worker) in workers.enumerated() {
            guard let typed = worker.typed else { continue }
            precondition(typed.codes.count == worker.keys.count, "typed rows differ from the labels kept")
            let keys = typed.layout.keys
            let width = keys.count
            let rows = typed.codes.count
            for (k, key) in keys.enumerated() {
                let map = merged[w].typedTables[key.table]
                let start = builder.typed.keys[k].count
                builder.typed.keys[k].append(contentsOf: repeatElement(0, count: rows))
                typed.ids.withUnsafeBufferPointer { ids in
                    map.withUnsafeBufferPointer { map in
                        builder.typed.keys[k].withUnsafeMutableBufferPointer { out in
                            for r in 0..<rows { out[start + r] = map[Int(ids[r * width + k])] }
                        }
                    }
                }
            }
            builder.typed.codes.append(contentsOf: typed.codes)
        }
    }
}
