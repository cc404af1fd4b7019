// Assay — quality control for human-labelled training data.

import AssayCore
import Dispatch
import Foundation

/// Reads a CSV, TSV or JSON Lines label file into a `LabelSetBuilder` on both cores.
///
/// The file is read in chunks of whole records. A chunk without quote characters is split at a line
/// end near its middle and each half is parsed and validated by its own `DelimitedWorker`; a chunk
/// holding quotes is parsed by one worker (a quoted field may hold line ends, so a split point
/// could fall inside one). Workers intern annotators, vendors and classes in their own tables, which
/// are merged in file order after each chunk, so every id is still numbered in first-seen order.
/// Items go through `ItemPartitions`: each label's item key is hashed while parsing, the chunk's
/// keys are scattered by table, and each core interns the keys of half of the tables.
///
/// JSON Lines files have no header; their members are matched by name on every line, and since a
/// JSON string cannot hold a raw line end, every chunk may be split.
struct DelimitedLabelReader {
    let path: String
    let delimiter: UInt8
    /// Bytes read per chunk.
    var chunkSize = 1 << 23
    /// Whether the file is JSON Lines (then `delimiter` is unused).
    var json = false
    /// A typed reader's columns: the workers' layout from the header (nil for JSON Lines) and the
    /// header's ignored columns; nil reads categorical labels.
    var typedLayout: TypedLayout.Maker?

    /// Reads the file, appending valid labels to `builder` and reporting the rest to `sink`.
    /// - Complexity: O(bytes) with one expected-constant lookup per id.
    func read(into builder: inout LabelSetBuilder, sink: inout LabelReader.RowSink) throws {
        let file = try FileBuffer(path: path, capacity: chunkSize, limits: sink.options.limits)
        var line = 1  // line of the byte at `file.start`
        try file.refill(line: line)
        file.skipByteOrderMark()
        let layout: DelimitedWorker.Layout
        if let typedLayout {
            (layout, sink.ignored) = try typedLayout(
                json ? nil : try readHeader(file, line: &line), sink.options)
        } else if json {
            let roles = LabelReader.labelRoles
            var map = ColumnMap()
            for (j, role) in roles.enumerated() { map.index[role] = j }
            layout = DelimitedWorker.Layout(
                path: path, delimiter: delimiter, header: roles.map(\.rawValue), map: map,
                options: sink.options,
                jsonRoles: roles)
        } else {
            let header = try readHeader(file, line: &line)
            let map = try ColumnMap.resolve(
                header: header, roles: LabelReader.labelRoles, required: [.item, .annotator, .label],
                file: path)
            sink.ignored = map.ignored
            layout = DelimitedWorker.Layout(
                path: path, delimiter: delimiter, header: header, map: map, options: sink.options)
        }
        try readRecords(file, layout: layout, line: line, into: &builder, sink: &sink)
    }

    /// Reads the header line of a delimited file, leaving `file.start` after it.
    private func readHeader(_ file: FileBuffer, line: inout Int) throws -> [String] {
        let scanner = RecordScanner(path: path, delimiter: delimiter)
        while true {
            switch try scanner.scan(file.buffer, from: file.start, to: file.end, eof: file.eof, line: line) {
            case .incomplete:
                try file.refill(line: line)
                continue
            case .blank(let next, let newlines):
                file.start = next
                line += newlines
                continue
            case .end:
                throw FormatError(
                    file: path, line: 0, expected: "a header line naming the columns (the file is empty)")
            case .invalid(_, _, let expected):
                throw FormatError(file: path, line: line, expected: expected)
            case .record(let next, let newlines):
                let header = try scanner.columnNames(file.buffer, file: path, line: line)
                file.start = next
                line += newlines
                return header
            }
        }
    }

    /// Reads every record after the header, chunk by chunk.
    private func readRecords(
        _ file: FileBuffer, layout: DelimitedWorker.Layout, line firstLine: Int,
        into builder: inout LabelSetBuilder,
        sink: inout LabelReader.RowSink
    ) throws {
        var line = firstLine
        var workers = [DelimitedWorker(layout), DelimitedWorker(layout)]
        workers[1].index = 1
        var merged = [ChunkMerge(), ChunkMerge()]
        var reserved = false
        var ordered: [ItemKey] = []

        while true {
            if !file.eof && file.end - file.start < file.capacity / 2 { try file.refill(line: line) }
            let buffer = file.buffer
            let start = file.start
            let end = file.end
            let eof = file.eof
            if start == end && eof { break }
            // Where this chunk's last whole record ends, and whether it may be split.
            let hasQuote = !json && memchr(buffer + start, Int32(UInt8(ascii: "\"")), end - start) != nil
            var chunkEnd = end
            if !eof && !hasQuote {
                var p = end
                while p > start && buffer[p - 1] != 10 { p -= 1 }
                if p == start {  // one record longer than the buffer
                    try file.refill(line: line)
                    continue
                }
                chunkEnd = p
            }
            var halves = [start..<chunkEnd]
            if chunkEnd - start >= min(1 << 20, chunkSize / 4) {
                let middle = start + (chunkEnd - start) / 2
                let split =
                    hasQuote
                    ? Self.evenQuoteLineEnd(buffer, from: start, middle: middle, to: chunkEnd)
                    : memchr(buffer + middle, 10, chunkEnd - middle).map {
                        buffer.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + 1
                    }
                if let split, split < chunkEnd { halves = [start..<split, split..<chunkEnd] }
            }
            let shared = SharedConstPointer(base: UnsafePointer(buffer))
            workers[0].lineBase = line
            // The second half's first line is known once the first half is parsed: until then the
            // lines of the errors it throws count from 0 (made absolute below).
            workers[1].lineBase = 0
            let isLast = eof
            var box = UncheckedBox(workers)
            // Without quotes every line end ends a record. With quotes the first half must end where
            // the split is, or the split fell inside a quoted field after all (a quote in an
            // unquoted field throws the parity off): then the chunk is parsed again on one core.
            let finals =
                hasQuote && halves.count == 2
                ? [false, isLast] : Array(repeating: isLast || !hasQuote, count: halves.count)
            var failures = concurrentMap(halves.count) { h, _ -> (any Error)? in
                do {
                    try box.value[h].parse(shared.base, halves[h], final: finals[h])
                    return nil
                } catch { return error }
            }
            if hasQuote && halves.count == 2 && failures[0] == nil && workers[0].consumed != halves[0].count {
                // Worker 1 may have interned ids from a wrong record boundary: it is replaced, and
                // its merge table with it (the builder already holds every id it absorbed).
                workers[1] = DelimitedWorker(layout)
                workers[1].index = 1
                merged[1] = ChunkMerge()
                halves = [start..<chunkEnd]
                box = UncheckedBox(workers)
                failures = [nil]
                do {
                    try workers[0].parse(shared.base, halves[0], final: isLast)
                } catch { failures[0] = error }
            }
            if let failure = failures[0] { throw failure }
            if failures.count == 2, let failure = failures[1] {
                guard var e = failure as? FormatError else { throw failure }
                e.line += line + workers[0].newlines
                throw e
            }
            let used = workers[0].consumed + (halves.count == 2 ? workers[1].consumed : 0)
            if used == 0 {
                if eof {
                    throw FormatError(
                        file: path, line: line, expected: "a closing quote before the end of the file")
                }
                try file.refill(line: line)
                continue
            }
            // Lines: the second half starts after the first half's lines.
            workers[0].lineBase = line
            workers[1].lineBase = line + workers[0].newlines
            line += workers[0].newlines + (halves.count == 2 ? workers[1].newlines : 0)
            file.start += used
            let active = Array(workers.prefix(halves.count))
            for (w, worker) in active.enumerated() {
                merged[w].absorb(worker, into: &builder, sink: &sink)
            }
            if !reserved && file.expectedSize > file.bytesRead {
                reserved = true
                let perLabel = Double(used) / Double(max(builder.count, 1))
                builder.reserve(
                    Int(Double(file.expectedSize - file.bytesRead) / max(perLabel, 1) * 1.02) + 1024)
            }
            Self.append(active, merged: merged, shared.base, to: &builder, scratch: &ordered)
            if layout.typed != nil { Self.appendTyped(active, merged: merged, to: &builder) }
            if let progress = sink.options.progress {
                progress(file.progress.done, file.progress.total)
            }
        }
    }

    /// The line end at or after `middle` (as the offset after it) with an even number of quote
    /// characters between `from` and it: outside any quoted field when `from` starts a record and
    /// every quote is RFC 4180 quoting. Nil when there is none before `to`.
    /// - Complexity: O(to − from).
    static func evenQuoteLineEnd(_ buffer: UnsafePointer<UInt8>, from: Int, middle: Int, to end: Int) -> Int?
    {
        let quote = UInt8(ascii: "\"")
        var odd = false
        var p = from
        while let q = memchr(buffer + p, Int32(quote), middle - p) {
            odd.toggle()
            p = buffer.distance(to: q.assumingMemoryBound(to: UInt8.self)) + 1
        }
        p = middle
        while p < end {
            let c = buffer[p]
            if c == quote { odd.toggle() } else if c == 10 && !odd { return p + 1 }
            p += 1
        }
        return nil
    }

    /// Appends the chunk's rows of `workers` (in order) to `builder`: ids mapped to global ones,
    /// item keys interned table by table, half of the tables on each core.
    /// - Complexity: O(rows) expected.
    private static func append(
        _ workers: [DelimitedWorker], merged: [ChunkMerge], _ buffer: UnsafePointer<UInt8>,
        to builder: inout LabelSetBuilder, scratch ordered: inout [ItemKey]
    ) {
        let first = builder.count
        var rowBase: [Int] = []
        var total = 0
        for w in workers {
            rowBase.append(first + total)
            total += w.keys.count
        }
        if total == 0 { return }
        // Row positions of each table's keys, for each worker, in one partition-ordered array.
        let tables = ItemPartitions.count
        var tableStart = [Int](repeating: 0, count: tables + 1)
        for p in 0..<tables { tableStart[p + 1] = tableStart[p] + workers.reduce(0) { $0 + $1.histogram[p] } }
        var cursors: [[Int]] = []
        var running = tableStart
        for w in workers {
            cursors.append(running)
            for p in 0..<tables { running[p] += w.histogram[p] }
        }
        let count = first + total
        builder.item.append(contentsOf: repeatElement(0, count: total))
        builder.annotator.append(contentsOf: repeatElement(0, count: total))
        builder.value.append(contentsOf: repeatElement(0, count: total))
        if ordered.count < total {
            ordered = [ItemKey](unsafeUninitializedCapacity: total) { _, n in n = total }
        }
        let parts = workers.count
        builder.annotator.withUnsafeMutableBufferPointer { annotator in
            builder.value.withUnsafeMutableBufferPointer { value in
                ordered.withUnsafeMutableBufferPointer { ordered in
                    let a = SharedPointer(base: annotator.baseAddress!)
                    let v = SharedPointer(base: value.baseAddress!)
                    let o = SharedPointer(base: ordered.baseAddress!)
                    let box = UncheckedBox((workers, merged, rowBase, cursors))
                    DispatchQueue.concurrentPerform(iterations: parts) { w in
                        let (workers, merged, rowBase, cursors) = box.value
                        let worker = workers[w]
                        let m = merged[w]
                        let base = rowBase[w]
                        var cursor = cursors[w]
                        worker.keys.withUnsafeBufferPointer { keys in
                            worker.annotator.withUnsafeBufferPointer { annotators in
                                worker.value.withUnsafeBufferPointer { values in
                                    m.annotator.withUnsafeBufferPointer { toAnnotator in
                                        m.classes.withUnsafeBufferPointer { toClass in
                                            cursor.withUnsafeMutableBufferPointer { cursor in
                                                for r in 0..<keys.count {
                                                    a.base[base + r] = toAnnotator[Int(annotators[r])]
                                                    v.base[base + r] = toClass[Int(values[r])]
                                                    var key = keys[r]
                                                    key.row = Int32(base + r)
                                                    let p = ItemPartitions.table(key.hash)
                                                    o.base[cursor[p]] = key
                                                    cursor[p] += 1
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        precondition(builder.item.count == count)
        // Intern item keys, half of the tables on each core.
        let halves = total >= 1 << 14 ? 2 : 1
        let tablesPointer = SharedPointer(base: builder.items.tables)
        builder.item.withUnsafeMutableBufferPointer { items in
            let out = SharedPointer(base: items.baseAddress!)
            let box = UncheckedBox((ordered, tableStart, workers, buffer))
            DispatchQueue.concurrentPerform(iterations: halves) { h in
                let (ordered, tableStart, workers, buffer) = box.value
                ordered.withUnsafeBufferPointer { keys in
                    for p in (tables * h / halves)..<(tables * (h + 1) / halves) {
                        let table = tablesPointer.base + p
                        let stop = tableStart[p + 1]
                        for k in tableStart[p]..<stop {
                            if k + 12 < stop { table.pointee.prefetch(keys[k + 12].hash) }
                            let key = keys[k]
                            let bytes =
                                key.location >= 0
                                ? buffer + Int(key.location)
                                : workers[Int(key.lengthAndSpill & 1)].spillPointer(Int(~key.location))
                            let r = table.pointee.intern(
                                head: key.head, length: Int(key.lengthAndSpill >> 1), hash: key.hash,
                                key: bytes,
                                value: key.row)
                            out.base[Int(key.row)] = ItemPartitions.preID(local: r.id, table: p)
                        }
                    }
                }
            }
        }
        if workers.contains(where: \.hasExtras) {
            builder.appendExtras(\.createdAt, workers.flatMap(\.createdAt))
            builder.appendExtras(\.duration, workers.flatMap(\.duration))
            builder.appendExtras(\.cost, workers.flatMap(\.cost))
        }
    }
}

/// One label's item key as the parser saw it: enough to intern it without the record.
struct ItemKey {
    var hash: UInt64 = 0
    /// First 8 bytes, zero-padded.
    var head: UInt64 = 0
    /// Offset in the chunk buffer, or `~offset` in worker `spill`'s spill arena (unquoted keys).
    var location: Int32 = 0
    /// Key length (< 2^30) << 1 | index of the worker whose spill arena holds the key.
    var lengthAndSpill: Int32 = 0
    /// Label row (set when the chunk is appended).
    var row: Int32 = 0
}

/// A worker's ids mapped to the builder's, grown after every chunk.
struct ChunkMerge {
    /// JSON member names of the worker's already reported as ignored.
    var ignoredKeys = 0
    var vendors: [Int32] = []
    var annotator: [Int32] = []
    var classes: [Int32] = []
    /// Per typed key table: the worker's ids mapped to the builder's.
    var typedTables: [[Int32]] = []

    /// Maps the worker's new vendors, annotators and classes (in its first-seen order) to global
    /// ids, and hands its errors to `sink` with their lines made absolute.
    mutating func absorb(
        _ worker: DelimitedWorker, into builder: inout LabelSetBuilder, sink: inout LabelReader.RowSink
    ) {
        for v in vendors.count..<worker.vendors.count {
            worker.vendors.withKey(v) { vendors.append(builder.vendorIndex($0)) }
        }
        for a in annotator.count..<worker.annotatorVendor.count {
            let lv = Int(worker.annotatorVendor[a])
            let key = worker.workerTables[lv].keys.key(Int(worker.annotatorLocal[a]))
            annotator.append(builder.annotatorIndex(key, vendor: vendors[lv]))
        }
        for c in classes.count..<worker.classes.count {
            worker.classes.withKey(c) { classes.append(builder.classIndex($0)) }
        }
        if let typed = worker.typed { absorb(typed, into: &builder) }
        for name in worker.scanner.ignoredKeys[ignoredKeys...] where !sink.ignored.contains(name) {
            sink.ignored.append(name)
        }
        ignoredKeys = worker.scanner.ignoredKeys.count
        sink.rows += worker.rows
        sink.kept += worker.keys.count
        sink.total += worker.errorCount
        for var e in worker.errors where sink.errors.count < sink.options.maxErrors {
            e.line += worker.lineBase
            sink.errors.append(e)
        }
        for var r in worker.rejected {
            r.line += worker.lineBase
            r.error.line += worker.lineBase
            sink.rejected.append(r)
        }
    }
}
