// Assay — quality control for human-labelled training data.

import Foundation

/// Finds the fields of one RFC 4180 record in a byte buffer: quoted fields, doubled quotes,
/// delimiters and line ends inside quotes, LF or CRLF line ends.
final class RecordScanner {
    let path: String
    let delimiter: UInt8
    /// Fields of the last record scanned.
    private(set) var count = 0
    /// Start of the last record and end of its text (line end excluded).
    private(set) var recordRange = 0..<0
    private var capacity = 16
    private var starts = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    private var ends = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    private var escaped = UnsafeMutablePointer<Bool>.allocate(capacity: 16)
    private var scratch: [[UInt8]] = Array(repeating: [], count: 16)

    /// What `scan` found.
    enum Outcome {
        /// A record; the next one starts at `next`; `newlines` line ends were consumed.
        case record(next: Int, newlines: Int)
        /// A blank line.
        case blank(next: Int, newlines: Int)
        /// The buffer ends inside a record (only when it is not the end of the input).
        case incomplete
        /// No bytes left.
        case end
    }

    init(path: String, delimiter: UInt8) {
        self.path = path
        self.delimiter = delimiter
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
    }

    /// The bytes of field `j` of the last record (quotes removed, doubled quotes undone), valid
    /// until the next scan.
    @inline(__always)
    func field(_ buffer: UnsafePointer<UInt8>, _ j: Int) -> UnsafeBufferPointer<UInt8> {
        if escaped[j] { return scratch[j].withUnsafeBufferPointer { $0 } }
        return UnsafeBufferPointer(start: buffer + starts[j], count: ends[j] - starts[j])
    }

    /// Whether field `j` was unescaped into scratch memory (not a slice of the buffer).
    @inline(__always)
    func isEscaped(_ j: Int) -> Bool { escaped[j] }

    /// Offset of field `j` in the buffer (meaningful when not escaped).
    @inline(__always)
    func fieldStart(_ j: Int) -> Int { starts[j] }

    /// The last record's text as it stands in the file.
    func raw(_ buffer: UnsafePointer<UInt8>) -> String {
        String(
            decoding: UnsafeBufferPointer(start: buffer + recordRange.lowerBound, count: recordRange.count),
            as: UTF8.self)
    }

    private func grow() {
        let c = capacity * 2
        let s = UnsafeMutablePointer<Int>.allocate(capacity: c)
        s.update(from: starts, count: capacity)
        starts.deallocate()
        starts = s
        let e = UnsafeMutablePointer<Int>.allocate(capacity: c)
        e.update(from: ends, count: capacity)
        ends.deallocate()
        ends = e
        let x = UnsafeMutablePointer<Bool>.allocate(capacity: c)
        x.update(from: escaped, count: capacity)
        escaped.deallocate()
        escaped = x
        scratch.append(contentsOf: Array(repeating: [], count: c - capacity))
        capacity = c
    }

    /// Scans the record starting at `from` in `buffer[..<end]`; `eof` says whether `end` is the end
    /// of the input (then an unfinished last line is a record). `line` is the line at `from`, for
    /// errors.
    /// - Throws: `FormatError` for an unterminated quote at the end of the input or text after a
    ///   closing quote.
    @inline(__always)
    func scan(_ buffer: UnsafePointer<UInt8>, from first: Int, to end: Int, eof: Bool, line: Int) throws
        -> Outcome
    {
        if first == end { return eof ? .end : .incomplete }
        let quote = UInt8(ascii: "\"")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let d = delimiter
        var pos = first
        var n = 0
        var newlines = 0
        while true {
            if n == capacity { grow() }
            if pos < end && buffer[pos] == quote {
                var p = pos + 1
                var hasDouble = false
                var closed = false
                while p < end {
                    let c = buffer[p]
                    if c == quote {
                        if p + 1 < end && buffer[p + 1] == quote {
                            hasDouble = true
                            p += 2
                            continue
                        }
                        if p + 1 == end && !eof { return .incomplete }
                        closed = true
                        break
                    }
                    if c == lf { newlines += 1 }
                    p += 1
                }
                if !closed {
                    if eof {
                        throw FormatError(
                            file: path, line: line, expected: "a closing quote before the end of the file")
                    }
                    return .incomplete
                }
                starts[n] = pos + 1
                ends[n] = p
                escaped[n] = hasDouble
                if hasDouble {
                    var out: [UInt8] = []
                    out.reserveCapacity(p - pos)
                    var q = pos + 1
                    while q < p {
                        out.append(buffer[q])
                        q += buffer[q] == quote ? 2 : 1
                    }
                    scratch[n] = out
                }
                pos = p + 1
                n += 1
                if pos == end {
                    if !eof { return .incomplete }
                    return finish(buffer, n, first: first, next: pos, newlines: newlines)
                }
                let c = buffer[pos]
                if c == d {
                    pos += 1
                    continue
                }
                if c == lf { return finish(buffer, n, first: first, next: pos + 1, newlines: newlines + 1) }
                if c == cr && pos + 1 < end && buffer[pos + 1] == lf {
                    return finish(buffer, n, first: first, next: pos + 2, newlines: newlines + 1)
                }
                if c == cr && pos + 1 == end && !eof { return .incomplete }
                throw FormatError(
                    file: path, line: line + newlines, field: "column \(n)",
                    value: String(decoding: [c], as: UTF8.self),
                    expected: "a delimiter or the end of the line after a closing quote")
            }
            var p = pos
            while p < end {
                let c = buffer[p]
                if c == d || c == lf { break }
                p += 1
            }
            if p == end && !eof { return .incomplete }
            starts[n] = pos
            var e = p
            if e > pos && buffer[e - 1] == cr && (p == end || buffer[p] == lf) { e -= 1 }
            ends[n] = e
            escaped[n] = false
            n += 1
            if p == end { return finish(buffer, n, first: first, next: p, newlines: newlines) }
            if buffer[p] == d {
                pos = p + 1
                continue
            }
            return finish(buffer, n, first: first, next: p + 1, newlines: newlines + 1)
        }
    }

    @inline(__always)
    private func finish(_ buffer: UnsafePointer<UInt8>, _ n: Int, first: Int, next: Int, newlines: Int)
        -> Outcome
    {
        var recordEnd = next
        while recordEnd > first && (buffer[recordEnd - 1] == 10 || buffer[recordEnd - 1] == 13) {
            recordEnd -= 1
        }
        recordRange = first..<recordEnd
        count = n
        if n == 1 && starts[0] == ends[0] && !escaped[0] && recordEnd == first {
            return .blank(next: next, newlines: newlines)
        }
        return .record(next: next, newlines: newlines)
    }
}

/// Parses and validates the records of part of a delimited file: one per core. Keeps its own
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

        init(path: String, delimiter: UInt8, header: [String], map: ColumnMap, options: LabelReadOptions) {
            self.path = path
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
    private let fieldCount: Int
    /// The table of the vendor of the previous label (most files have one vendor).
    private var lastTable: WorkerTable
    private var lastVendor: Int32 = 0
    let hasExtras: Bool
    /// Line of the first byte of this worker's part of the current chunk (set by the reader).
    var lineBase = 1

    // Tables kept across chunks.
    var vendors = ByteInterner(capacity: 16)
    var workerTables: [WorkerTable] = []
    /// Per worker-local annotator: its local vendor and its id in that vendor's table.
    var annotatorVendor: [Int32] = []
    var annotatorLocal: [Int32] = []
    var classes = ByteInterner(capacity: 16)
    private var classCache: [(head: UInt64, length: Int, id: Int32)] = []
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
        scanner = RecordScanner(path: layout.path, delimiter: layout.delimiter)
        itemColumn = layout.item
        annotatorColumn = layout.annotator
        labelColumn = layout.label
        vendorColumn = layout.vendor
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

    deinit { spill.deallocate() }

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
        var pos = range.lowerBound
        let end = range.upperBound
        var line = 0
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
            }
        }
        flushAnnotators(buffer)
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

    /// Records why the record just scanned is not a label.
    private func refuse(_ buffer: UnsafePointer<UInt8>, line: Int, column: Int?, expected: String) {
        let path = layout.path
        if let column {
            fail(
                FormatError(
                    file: path, line: line, field: layout.header[column], value: string(buffer, column),
                    expected: expected), buffer)
        } else {
            fail(FormatError(file: path, line: line, value: scanner.raw(buffer), expected: expected), buffer)
        }
    }

    /// Validates the record just scanned and keeps it as a label, or records why not.
    @inline(__always)
    private func take(_ buffer: UnsafePointer<UInt8>, line: Int) {
        guard scanner.count == fieldCount else {
            refuse(
                buffer, line: line, column: nil,
                expected: "\(fieldCount) fields as in the header, found \(scanner.count)")
            return
        }
        let item = scanner.field(buffer, itemColumn)
        let worker = scanner.field(buffer, annotatorColumn)
        let label = scanner.field(buffer, labelColumn)
        if item.isEmpty || worker.isEmpty || label.isEmpty {
            let (column, role) =
                item.isEmpty
                ? (itemColumn, "an item id")
                : worker.isEmpty
                    ? (annotatorColumn, "an annotator id")
                    : (labelColumn, "a label (missing labels are not a class)")
            refuse(buffer, line: line, column: column, expected: "a non-empty \(role)")
            return
        }
        guard let cls = classIndex(label) else {
            refuse(
                buffer, line: line, column: labelColumn,
                expected:
                    "one of the project's classes: \(layout.options.allowedClasses!.joined(separator: ", "))")
            return
        }
        var vendor = defaultVendor
        if let cv = vendorColumn {
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
        if hasExtras && !takeExtras(buffer, line: line) { return }
        if vendor != lastVendor {
            flushAnnotators(buffer)
            lastVendor = vendor
            lastTable = workerTables[Int(vendor)]
        }
        // Annotators are interned in batches whose table slots are prefetched together.
        let workerHash = ByteInterner.hash(worker)
        lastTable.keys.prefetch(workerHash)
        pending.append(
            PendingAnnotator(
                hash: workerHash, head: ByteInterner.head(worker),
                location: scanner.isEscaped(annotatorColumn)
                    ? ~spillKey(worker) : scanner.fieldStart(annotatorColumn),
                length: Int32(worker.count), vendor: vendor))
        if pending.count == 16 { flushAnnotators(buffer) }
        value.append(cls)
        let hash = ByteInterner.hash(item)
        histogram[ItemPartitions.table(hash)] += 1
        var location: Int
        if scanner.isEscaped(itemColumn) {
            location = ~spillKey(item)
        } else {
            location = scanner.fieldStart(itemColumn)
        }
        precondition(item.count < 1 << 30 && location < Int(Int32.max), "an item id over 1 GB")
        keys.append(
            ItemKey(
                hash: hash, head: ByteInterner.head(item), location: Int32(location),
                lengthAndSpill: Int32(item.count) << 1 | index, row: 0))
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

    /// Parses created_at, duration and cost of the record just scanned; false after refusing it.
    private func takeExtras(_ buffer: UnsafePointer<UInt8>, line: Int) -> Bool {
        let l = layout
        switch LabelReader.parseExtras(
            path: l.path, line: line, created: l.createdAt.map { string(buffer, $0) },
            duration: l.duration.map { string(buffer, $0) }, cost: l.cost.map { string(buffer, $0) })
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
    /// `label` is not one of them (then it is not added).
    @inline(__always)
    private func classIndex(_ label: UnsafeBufferPointer<UInt8>) -> Int32? {
        let short = label.count <= 8
        let head = short ? ByteInterner.head(label) : 0
        if short {
            for entry in classCache where entry.head == head && entry.length == label.count {
                return entry.id
            }
        }
        if allowed != nil, allowed!.intern(label).id >= allowedCount { return nil }
        let id = classes.intern(label).id
        if short && classCache.count < 32 { classCache.append((head, label.count, id)) }
        return id
    }
}
