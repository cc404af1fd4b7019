// Assay — quality control for human-labelled training data.

import Foundation

/// Parses and validates the records of part of a delimited or JSON Lines file: one per core. Keeps its own
/// vendor, annotator and class tables across chunks (merged into the builder's by `ChunkMerge`)
/// and, per chunk, one `ItemKey` and local annotator and class ids per valid label.
final class DelimitedWorker: @unchecked Sendable {
    /// What every worker of a file shares: columns and checks.
    struct Layout {
        let path: String
        let delimiter: UInt8
        let header: [String]
        let item: Int
        let annotator: Int
        let label: Int
        let vendor: Int?
        let createdAt: Int?
        let duration: Int?
        let cost: Int?
        let options: LabelReadOptions
        /// JSON Lines: the role of each column (`header` holds their names); nil for CSV and TSV.
        let jsonRoles: [ColumnRole]?
        /// What a typed reader adds (further key columns, label rules, a row check); nil for
        /// categorical labels.
        var typed: TypedLayout?

        init(
            path: String, delimiter: UInt8, header: [String], map: ColumnMap, options: LabelReadOptions,
            jsonRoles: [ColumnRole]? = nil
        ) {
            self.path = path
            self.jsonRoles = jsonRoles
            self.delimiter = delimiter
            self.header = header
            item = map.index[.item]!
            annotator = map.index[.annotator]!
            label = map.index[.label]!
            vendor = map.index[.vendor]
            createdAt = map.index[.createdAt]
            duration = map.index[.duration]
            cost = map.index[.cost]
            self.options = options
        }
    }

    let layout: Layout
    let scanner: RecordScanner
    private let itemColumn: Int
    private let annotatorColumn: Int
    private let labelColumn: Int
    private let vendorColumn: Int?
    /// Item, annotator and label columns with their roles, and the optional numeric columns
    /// (looked at on every JSON line; kept here so that no array is built per line).
    private let requiredColumns: [(Int, ColumnRole)]
    private let extraColumns: [Int]
    /// The columns kept as text: item, annotator, label and vendor.
    private let textColumns: [Int]
    private let fieldCount: Int
    /// The table of the vendor of the previous label (most files have one vendor).
    private var lastTable: WorkerTable
    private var lastVendor: Int32 = 0
    let hasExtras: Bool
    /// The typed reader's columns of this worker (nil for categorical labels).
    let typed: TypedWorkerState?
    /// Line of the first byte of this worker's part of the current chunk (set by the reader).
    var lineBase = 1

    // Tables kept across chunks.
    var vendors = ByteInterner(capacity: 16)
    var workerTables: [WorkerTable] = []
    /// Per worker-local annotator: its local vendor and its id in that vendor's table.
    var annotatorVendor: [Int32] = []
    var annotatorLocal: [Int32] = []
    var classes = ByteInterner(capacity: 16)
    private let classCache: UnsafeMutablePointer<ClassSlot> = {
        let p = UnsafeMutablePointer<ClassSlot>.allocate(capacity: 64)
        p.initialize(repeating: ClassSlot(head: 0, length: -1, id: 0), count: 64)
        return p
    }()
    /// The project's classes (ids below `allowedCount`), when the read is limited to them.
    private var allowed: ByteInterner?
    private var allowedCount = 0
    private let requiredVendor: [UInt8]?
    private let defaultVendor: Int32

    // Results of the current chunk.
    var keys: [ItemKey] = []
    var annotator: [Int32] = []
    var value: [Int32] = []
    var createdAt: [Double] = []
    var duration: [Double] = []
    var cost: [Double] = []
    var histogram = [Int](repeating: 0, count: ItemPartitions.count)
    var rows = 0
    var newlines = 0
    var consumed = 0
    /// Row errors, lines relative to `lineBase`.
    var errors: [FormatError] = []
    var rejected: [RejectedRow] = []
    var errorCount = 0
    private var spill = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
    private var spillCount = 0
    private var spillCapacity = 1024
    /// This worker's index, recorded in spilled keys.
    var index: Int32 = 0

    init(_ layout: Layout) {
        self.layout = layout
        scanner =
            layout.jsonRoles.map { RecordScanner(path: layout.path, jsonRoles: $0) }
            ?? RecordScanner(path: layout.path, delimiter: layout.delimiter)
        itemColumn = layout.item
        annotatorColumn = layout.annotator
        labelColumn = layout.label
        vendorColumn = layout.vendor
        typed = layout.typed.map(TypedWorkerState.init)
        requiredColumns =
            (layout.typed?.itemless == true ? [] : [(layout.item, .item)])
            + [(layout.annotator, .annotator), (layout.label, layout.typed?.labelRole ?? .label)]
        extraColumns = [layout.createdAt, layout.duration, layout.cost].compactMap { $0 }
        textColumns =
            [layout.item, layout.annotator, layout.label, layout.vendor].compactMap { $0 }
            + (layout.typed?.keys.map(\.column) ?? [])
        fieldCount = layout.header.count
        lastTable = WorkerTable()
        hasExtras = layout.createdAt != nil || layout.duration != nil || layout.cost != nil
        requiredVendor = layout.options.requiredVendor.map { Array($0.utf8) }
        if let list = layout.options.allowedClasses {
            var table = ByteInterner(capacity: max(list.count, 16))
            for var c in list { _ = c.withUTF8 { table.intern($0) } }
            allowed = table
            allowedCount = table.count
        }
        var name = layout.options.defaultVendor
        var vendorTable = ByteInterner(capacity: 16)
        defaultVendor = name.withUTF8 { vendorTable.intern($0).id }
        vendors = vendorTable
        workerTables.append(lastTable)
    }

    deinit {
        spill.deallocate()
        classCache.deallocate()
    }

    /// A spilled key's bytes.
    func spillPointer(_ offset: Int) -> UnsafePointer<UInt8> { UnsafePointer(spill + offset) }

    /// Parses the records of `buffer[range]`; `final` says the range ends the input or a record.
    /// Stops before a record that does not end within the range.
    /// - Complexity: O(bytes of the range).
    func parse(_ buffer: UnsafePointer<UInt8>, _ range: Range<Int>, final: Bool) throws {
        keys.removeAll(keepingCapacity: true)
        annotator.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        createdAt.removeAll(keepingCapacity: true)
        duration.removeAll(keepingCapacity: true)
        cost.removeAll(keepingCapacity: true)
        for p in 0..<histogram.count { histogram[p] = 0 }
        errors.removeAll()
        rejected.removeAll()
        errorCount = 0
        rows = 0
        spillCount = 0
        typed?.reset()
        var pos = range.lowerBound
        let end = range.upperBound
        var line = 0
        scanner.checkText(buffer, from: pos, to: end)
        scan: while true {
            switch try scanner.scan(buffer, from: pos, to: end, eof: final, line: lineBase + line) {
            case .end, .incomplete:
                break scan
            case .blank(let next, let n):
                pos = next
                line += n
            case .record(let next, let n):
                rows += 1
                take(buffer, line: line)
                pos = next
                line += n
            case .invalid(let next, let n, let expected):
                rows += 1
                refuse(buffer, line: line, column: nil, expected: expected)
                pos = next
                line += n
            }
        }
        flushAnnotators(buffer)
        typed?.flush(buffer)
        consumed = pos - range.lowerBound
        newlines = line
    }

    private func fail(_ e: FormatError, _ buffer: UnsafePointer<UInt8>) {
        errorCount += 1
        if errors.count < layout.options.maxErrors { errors.append(e) }
        if layout.options.skipInvalid {
            rejected.append(RejectedRow(line: e.line, raw: scanner.raw(buffer), error: e))
        }
    }

    private func string(_ buffer: UnsafePointer<UInt8>, _ j: Int) -> String {
        String(decoding: scanner.field(buffer, j), as: UTF8.self)
    }

    /// Field `j` as text; nil when a JSON line has no such member or holds null there.
    private func optionalString(_ buffer: UnsafePointer<UInt8>, _ j: Int) -> String? {
        scanner.isAbsent(j) || scanner.isJSON && scanner.jsonState[j] == JSONState.null.rawValue
            ? nil : string(buffer, j)
    }

    /// The error for the first kept field of the record just scanned whose bytes are not text.
    private func textError(_ buffer: UnsafePointer<UInt8>, line: Int) -> FormatError? {
        for j in textColumns where !scanner.isAbsent(j) {
            if let e = scanner.textError(
                buffer, j, file: layout.path, line: line, field: scanner.fieldName(j) ?? layout.header[j])
            {
                return e
            }
        }
        return nil
    }

    /// Records why the record just scanned is not a label.
    func refuse(_ buffer: UnsafePointer<UInt8>, line: Int, column: Int?, expected: String) {
        let path = layout.path
        if let column {
            fail(
                FormatError(
                    file: path, line: line, field: scanner.fieldName(column) ?? layout.header[column],
                    value: UTF8Validation.display(scanner.field(buffer, column)), expected: expected), buffer)
        } else {
            fail(FormatError(file: path, line: line, value: scanner.raw(buffer), expected: expected), buffer)
        }
    }

    /// Validates the record just scanned and keeps it as a label, or records why not.
    @inline(__always)
    private func take(_ buffer: UnsafePointer<UInt8>, line: Int) {
        if scanner.isJSON, let (column, expected) = jsonProblem() {
            refuse(buffer, line: line, column: column, expected: expected)
            return
        }
        guard scanner.count == fieldCount else {
            refuse(
                buffer, line: line, column: nil,
                expected: "\(fieldCount) fields as in the header, found \(scanner.count)")
            return
        }
        if scanner.mayHoldBadText(buffer), let e = textError(buffer, line: line) {
            fail(e, buffer)
            return
        }
        // Files without an item column (typed readers only) give every row the same item.
        let itemless = typed?.layout.itemless == true
        let item = itemless ? TypedWorkerState.noItem : scanner.field(buffer, itemColumn)
        let itemEscaped = itemless || scanner.isEscaped(itemColumn)
        let worker = scanner.field(buffer, annotatorColumn)
        let label = scanner.field(buffer, labelColumn)
        if item.isEmpty || worker.isEmpty || label.isEmpty && typed?.layout.labelAllowsEmpty != true {
            let (column, role) =
                item.isEmpty
                ? (itemColumn, "item id")
                : worker.isEmpty
                    ? (annotatorColumn, "annotator id")
                    : (labelColumn, "label (missing labels are not a class)")
            refuse(buffer, line: line, column: column, expected: "a non-empty \(role)")
            return
        }
        let internsLabel = typed?.layout.internsLabel != false
        guard
            let cls = internsLabel
                ? classIndex(label, escaped: scanner.isEscaped(labelColumn))
                : classIndex(TypedWorkerState.noLabel, escaped: true)
        else {
            refuse(
                buffer, line: line, column: labelColumn,
                expected:
                    "one of the project's classes: \(layout.options.allowedClasses!.joined(separator: ", "))")
            return
        }
        if let typed, let expected = typed.labelProblem(cls, label) {
            refuse(buffer, line: line, column: labelColumn, expected: expected)
            return
        }
        var vendor = defaultVendor
        if let cv = vendorColumn, !scanner.isAbsent(cv) {
            let v = scanner.field(buffer, cv)
            if let required = requiredVendor, !v.elementsEqual(required) {
                refuse(
                    buffer, line: line, column: cv,
                    expected: "the delivery's vendor '\(layout.options.requiredVendor!)'")
                return
            }
            if v.isEmpty {
                refuse(buffer, line: line, column: cv, expected: "a vendor name")
                return
            }
            let r = vendors.intern(v)
            if r.isNew { workerTables.append(WorkerTable()) }
            vendor = r.id
        }
        if let typed, !takeTyped(typed, buffer, line: line) { return }
        if hasExtras && !takeExtras(buffer, line: line) { return }
        typed?.commit(buffer)
        if vendor != lastVendor {
            flushAnnotators(buffer)
            lastVendor = vendor
            lastTable = workerTables[Int(vendor)]
        }
        // Annotators are interned in batches whose table slots are prefetched together.
        let (workerHead, workerHash) = Self.headAndHash(worker, escaped: scanner.isEscaped(annotatorColumn))
        lastTable.keys.prefetch(workerHash)
        pending.append(
            PendingAnnotator(
                hash: workerHash, head: workerHead,
                location: scanner.isEscaped(annotatorColumn)
                    ? ~spillKey(worker) : scanner.fieldStart(annotatorColumn),
                length: Int32(worker.count), vendor: vendor))
        if pending.count == 16 { flushAnnotators(buffer) }
        value.append(cls)
        let (head, hash) = Self.headAndHash(item, escaped: itemEscaped)
        histogram[ItemPartitions.table(hash)] += 1
        var location: Int
        if itemEscaped {
            location = ~spillKey(item)
        } else {
            location = scanner.fieldStart(itemColumn)
        }
        precondition(item.count < 1 << 30 && location < Int(Int32.max), "an item id over 1 GB")
        keys.append(
            ItemKey(
                hash: hash, head: head, location: Int32(location),
                lengthAndSpill: Int32(item.count) << 1 | index, row: 0))
    }

    /// Head and hash of a non-empty field: one word load when the field lies in the (padded) file
    /// buffer, the byte loop when it was unescaped into scratch memory.
    @inline(__always)
    private static func headAndHash(_ field: UnsafeBufferPointer<UInt8>, escaped: Bool) -> (UInt64, UInt64) {
        if escaped { return (ByteInterner.head(field), ByteInterner.hash(field)) }
        return ByteInterner.headAndHash(padded: field.baseAddress!, count: field.count)
    }

    /// An annotator id waiting to be interned.
    struct PendingAnnotator {
        var hash: UInt64
        var head: UInt64
        var location: Int
        var length: Int32
        var vendor: Int32
    }

    private var pending: [PendingAnnotator] = []

    /// Interns the pending annotator ids, in order.
    private func flushAnnotators(_ buffer: UnsafePointer<UInt8>) {
        for p in pending {
            if p.vendor != lastVendor {
                lastVendor = p.vendor
                lastTable = workerTables[Int(p.vendor)]
            }
            let next = Int32(annotatorVendor.count)
            let key = p.location >= 0 ? buffer + p.location : UnsafePointer(spill + ~p.location)
            let local = lastTable.keys.intern(
                head: p.head, length: Int(p.length), hash: p.hash, key: key, value: next)
            if local.isNew {
                annotatorVendor.append(p.vendor)
                annotatorLocal.append(local.id)
                annotator.append(next)
            } else {
                annotator.append(lastTable.keys.values[Int(local.id)])
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// What makes the JSON line just scanned not a label, as (column or nil for the whole line,
    /// what was expected); nil when its item, annotator, label and vendor members are usable.
    private func jsonProblem() -> (Int?, String)? {
        for (j, role) in requiredColumns
        where !(j == labelColumn && typed?.acceptsNestedLabel(scanner, column: labelColumn) == true) {
            if scanner.isAbsent(j) {
                return (
                    nil,
                    "\(role.article) \"\(role.rawValue)\" key (one of: \(role.aliases.joined(separator: ", "))); "
                        + "the keys are: \(scanner.lineKeyNames.joined(separator: ", "))"
                )
            }
            if !scanner.holdsValue(j) {
                return (
                    j,
                    role == .label
                        ? "a non-empty label (a string or number)" : "a non-empty \(role.rawValue) id"
                )
            }
        }
        if let v = vendorColumn, !scanner.isAbsent(v), !scanner.holdsValue(v) { return (v, "a vendor name") }
        return nil
    }

    /// Parses created_at, duration and cost of the record just scanned; false after refusing it.
    private func takeExtras(_ buffer: UnsafePointer<UInt8>, line: Int) -> Bool {
        let l = layout
        if scanner.isJSON, extraColumns.allSatisfy(scanner.isAbsent) {
            createdAt.append(.nan)
            duration.append(.nan)
            cost.append(.nan)
            return true
        }
        switch LabelReader.parseExtras(
            path: l.path, line: line, created: l.createdAt.flatMap { optionalString(buffer, $0) },
            duration: l.duration.flatMap { optionalString(buffer, $0) },
            cost: l.cost.flatMap { optionalString(buffer, $0) })
        {
        case .failure(let e):
            fail(e, buffer)
            return false
        case .success(let (t, d, c)):
            createdAt.append(t)
            duration.append(d)
            cost.append(c)
            return true
        }
    }

    /// Copies an unescaped key into the spill arena (it is not a slice of the chunk buffer) and
    /// returns its offset there.
    private func spillKey(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        if spillCount + key.count > spillCapacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: (spillCount + key.count) * 2)
            bigger.update(from: spill, count: spillCount)
            spill.deallocate()
            spill = bigger
            spillCapacity = (spillCount + key.count) * 2
        }
        if key.count > 0 { (spill + spillCount).update(from: key.baseAddress!, count: key.count) }
        let offset = spillCount
        spillCount += key.count
        return offset
    }

    /// The worker-local id of class `label`; nil when the read is limited to a project's classes and
    /// `label` is not one of them (then it is not added). Labels of up to 8 bytes are looked up
    /// first in a 64-slot direct-mapped cache keyed by their bytes.
    @inline(__always)
    private func classIndex(_ label: UnsafeBufferPointer<UInt8>, escaped: Bool) -> Int32? {
        let short = label.count <= 8
        var slot = 0
        var head: UInt64 = 0
        if short {
            head =
                escaped
                ? ByteInterner.head(label)
                : ByteInterner.headAndHash(padded: label.baseAddress!, count: label.count).head
            slot = Int(truncatingIfNeeded: ((head ^ UInt64(label.count)) &* 0x9E37_79B9_7F4A_7C15) >> 58)
            let entry = classCache[slot]
            if entry.length == label.count && entry.head == head { return entry.id }
        }
        if allowed != nil, allowed!.intern(label).id >= allowedCount { return nil }
        let id = classes.intern(label).id
        if short { classCache[slot] = ClassSlot(head: head, length: label.count, id: id) }
        return id
    }

    /// A cached short class label.
    struct ClassSlot {
        var head: UInt64
        var length: Int
        var id: Int32
    }
}
