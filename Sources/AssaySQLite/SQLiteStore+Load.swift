// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Every label of the project as a label set.
    /// - Complexity: O(labels) with one dictionary lookup per id.
    public func labelSet(of p: ProjectRecord) throws -> LabelSet {
        try queue.read { db in
            var itemIDs: [String] = []
            var itemStore: [Int64] = []
            let items = try Row.fetchCursor(
                db, sql: "SELECT id, external_id FROM item WHERE project_id = ? ORDER BY id",
                arguments: [p.id])
            while let row = try items.next() {
                itemStore.append(row[0])
                itemIDs.append(row[1])
            }
            var vendorIDs: [String] = []
            var vendorIndex: [Int64: Int32] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, name FROM vendor WHERE project_id = ? ORDER BY id", arguments: [p.id])
            {
                vendorIndex[row[0]] = Int32(vendorIDs.count)
                vendorIDs.append(row[1])
            }
            if vendorIDs.isEmpty { vendorIDs = [""] }
            var annotatorIDs: [String] = []
            var annotatorVendor: [Int32] = []
            var annotatorStore: [Int64] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.external_id, a.vendor_id FROM annotator a JOIN vendor v ON v.id = a.vendor_id
                    WHERE v.project_id = ? ORDER BY a.id
                    """,
                arguments: [p.id])
            {
                annotatorStore.append(row[0])
                annotatorIDs.append(row[1])
                annotatorVendor.append(vendorIndex[row[2]]!)
            }
            let itemIndex = DenseIndex(itemStore)
            let annotatorIndex = DenseIndex(annotatorStore)
            var item: [Int32] = []
            var annotator: [Int32] = []
            var value: [Int32] = []
            var created: [Double] = []
            var duration: [Double] = []
            var cost: [Double] = []
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(rows), 0) FROM delivery WHERE project_id = ?",
                    arguments: [p.id]) ?? 0
            item.reserveCapacity(total)
            annotator.reserveCapacity(total)
            value.reserveCapacity(total)
            let statement = try db.makeStatement(
                sql: """
                    SELECT l.item_id, l.annotator_id, l.value, l.created_at, l.duration, l.cost
                    FROM label l JOIN delivery d ON d.id = l.delivery_id WHERE d.project_id = ?
                    """)
            try statement.setArguments([p.id])
            let s = statement.sqliteStatement
            /// Appends column `c` to `column`, which stays empty until a first non-null value.
            func extra(_ c: Int32, _ column: inout [Double], _ n: Int) {
                let isNull = sqlite3_column_type(s, c) == SQLITE_NULL
                if column.isEmpty {
                    if isNull { return }
                    column = [Double](repeating: .nan, count: n)
                    column.reserveCapacity(total)
                }
                column.append(isNull ? .nan : sqlite3_column_double(s, c))
            }
            while true {
                let rc = sqlite3_step(s)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: rc),
                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let n = item.count
                item.append(itemIndex[sqlite3_column_int64(s, 0)])
                annotator.append(annotatorIndex[sqlite3_column_int64(s, 1)])
                value.append(Int32(sqlite3_column_int64(s, 2)))
                extra(3, &created, n)
                extra(4, &duration, n)
                extra(5, &cost, n)
            }
            sqlite3_reset(s)
            func full(_ c: [Double]) -> [Double] {
                c.isEmpty ? [] : c + [Double](repeating: .nan, count: item.count - c.count)
            }
            return LabelSet(
                itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                vendorIDs: vendorIDs,
                classes: p.classes, item: item, annotator: annotator, value: value,
                extras: LabelExtras(
                    createdAt: full(created), durationSeconds: full(duration), cost: full(cost)))
        }
    }
}

/// Maps store ids (sorted ascending) to dense indices: an array when the ids are nearly contiguous
/// (as bulk imports make them), a dictionary otherwise.
struct DenseIndex {
    private let base: Int64
    private let table: [Int32]
    private let fallback: [Int64: Int32]

    init(_ sortedIDs: [Int64]) {
        let lo = sortedIDs.first ?? 0
        let span = (sortedIDs.last ?? 0) - lo + 1
        if !sortedIDs.isEmpty && span <= Int64(sortedIDs.count) * 4 {
            var t = [Int32](repeating: -1, count: Int(span))
            for (j, id) in sortedIDs.enumerated() { t[Int(id - lo)] = Int32(j) }
            base = lo
            table = t
            fallback = [:]
        } else {
            var d: [Int64: Int32] = [:]
            for (j, id) in sortedIDs.enumerated() { d[id] = Int32(j) }
            base = 0
            table = []
            fallback = d
        }
    }

    /// The dense index of store id `id`.
    subscript(_ id: Int64) -> Int32 { table.isEmpty ? fallback[id]! : table[Int(id - base)] }
}
