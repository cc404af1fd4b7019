// Assay — quality control for human-labelled training data.

import AssayCore
import Dispatch

/// Item ids interned in 256 tables chosen by hash, so that a run of lookups into one table stays in
/// the core's cache: with millions of distinct items one shared table is tens of megabytes and
/// every lookup misses. Reading hands each core half of the tables.
///
/// While labels are added, an item is known by a *pre-id* (`local << 8 | table`); `finish` turns
/// pre-ids into ids in first-seen order (the order of the label that first named the item).
final class ItemPartitions: @unchecked Sendable {
    /// Number of tables (a power of two; the pre-id keeps 8 bits for the table).
    static let count = 256

    /// The tables (owned; freed with this object).
    let tables: UnsafeMutablePointer<RawKeyTable>

    init() {
        tables = .allocate(capacity: Self.count)
        for p in 0..<Self.count { (tables + p).initialize(to: RawKeyTable(capacity: 32)) }
    }

    deinit {
        for p in 0..<Self.count { tables[p].free() }
        tables.deallocate()
    }

    /// The table of a key with hash `h`.
    @inline(__always)
    static func table(_ h: UInt64) -> Int { Int(truncatingIfNeeded: (h >> 32) & 0xFF) }

    /// The pre-id of `key`, first named by label `row`, adding it when new.
    /// - Complexity: O(key length) expected.
    func intern(_ key: UnsafeBufferPointer<UInt8>, row: Int) -> Int32 {
        let h = ByteInterner.hash(key)
        let p = Self.table(h)
        let r = tables[p].intern(
            head: ByteInterner.head(key), length: key.count, hash: h,
            key: key.baseAddress ?? UnsafePointer(bitPattern: 1)!, value: Int32(row))
        return Self.preID(local: r.id, table: p)
    }

    /// `local << 8 | table`.
    @inline(__always)
    static func preID(local: Int32, table: Int) -> Int32 {
        precondition(local < 1 << 23, "more than 2^31 distinct items")
        return local << 8 | Int32(table)
    }

    /// Replaces the pre-ids in `items` (one per label, label rows in order) by ids numbered in
    /// first-seen order and returns the items' names in id order.
    /// - Complexity: O(labels + items), in two threads where the work is large.
    func finish(_ items: inout [Int32]) -> [String] {
        let n = items.count
        var base = [Int](repeating: 0, count: Self.count + 1)
        for p in 0..<Self.count { base[p + 1] = base[p] + tables[p].count }
        let tables = SharedPointer(base: self.tables)
        let distinct = base[Self.count]
        // Mark the rows that first named an item; walking them in row order numbers the items.
        var firsts = [UInt64](repeating: 0, count: (n + 63) / 64)
        for p in 0..<Self.count {
            let rows = tables.base[p].values
            for k in 0..<tables.base[p].count {
                let r = Int(rows[k])
                firsts[r >> 6] |= 1 << UInt64(r & 63)
            }
        }
        var idOf = [Int32](repeating: 0, count: distinct)
        var preOf = [Int32](repeating: 0, count: distinct)
        items.withUnsafeBufferPointer { pre in
            var next: Int32 = 0
            for w in 0..<firsts.count {
                var word = firsts[w]
                while word != 0 {
                    let row = w << 6 | word.trailingZeroBitCount
                    word &= word &- 1
                    let id = pre[row]
                    idOf[base[Int(id & 0xFF)] + Int(id >> 8)] = next
                    preOf[Int(next)] = id
                    next += 1
                }
            }
        }
        firsts = []
        let halves = n >= 1 << 16 ? 2 : 1
        items.withUnsafeMutableBufferPointer { column in
            let shared = SharedPointer(base: column.baseAddress!)
            idOf.withUnsafeBufferPointer { ids in
                let table = SharedConstPointer(base: ids.baseAddress!)
                base.withUnsafeBufferPointer { b in
                    let offsets = SharedConstPointer(base: b.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: halves) { h in
                        for row in (n * h / halves)..<(n * (h + 1) / halves) {
                            let id = shared.base[row]
                            shared.base[row] = table.base[offsets.base[Int(id & 0xFF)] + Int(id >> 8)]
                        }
                    }
                }
            }
        }
        // Names in id order, written in place by two cores.
        return [String](unsafeUninitializedCapacity: distinct) { names, initialized in
            let out = SharedPointer(base: names.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!)
            let order = UncheckedBox(preOf)
            DispatchQueue.concurrentPerform(iterations: distinct >= 1 << 14 ? 2 : 1) { h in
                let halves = distinct >= 1 << 14 ? 2 : 1
                order.value.withUnsafeBufferPointer { preOf in
                    for g in (distinct * h / halves)..<(distinct * (h + 1) / halves) {
                        let id = preOf[g]
                        (out.base + g).initialize(to: tables.base[Int(id & 0xFF)].string(Int(id >> 8)))
                    }
                }
            }
            initialized = distinct
        }
    }
}

/// Runs `body(index, count)` for `count` indices concurrently and returns the results in order.
func concurrentMap<T>(_ count: Int, _ body: (Int, Int) -> T) -> [T] {
    if count == 1 { return [body(0, 1)] }
    let results = [T?](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count { (buffer.baseAddress! + i).initialize(to: nil) }
        let shared = UncheckedBox(buffer.baseAddress!)
        withoutActuallyEscaping(body) { body in
            let run = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                shared.value[i] = run.value(i, count)
            }
        }
        initialized = count
    }
    return results.map { $0! }
}
