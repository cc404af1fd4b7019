// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import Foundation

/// An outgoing batch for one vendor: the real items with gold honeypots mixed in at random
/// positions, written in the same columns from the gold's stored payloads, so that nothing marks
/// them. The one road by which `assay batch make` and the server make batches.
public struct BatchMaker: Sendable {
    /// The batch as it will be written and stored.
    public var content: BatchContent
    /// The gold items mixed in.
    public var gold: [String]
    /// Warnings for the buyer (gold running low, payload columns missing).
    public var warnings: [String]

    /// Composes a batch of `rows` (in `columns`, item ids in column `itemColumn`) for `vendor`, with
    /// gold making up `goldRate` of the result: least-exposed gold first (ties in a seeded random
    /// order), never an item already in the batch.
    /// - Complexity: O(rows + gold items × columns).
    public static func make(
        columns: [String], rows: [[String?]], itemColumn: Int, vendor: String, goldRate: Double, seed: UInt64,
        exposure: [GoldExposure]
    ) -> BatchMaker {
        let outgoing = Set(rows.compactMap { $0[itemColumn] })
        let wanted = Int((Double(rows.count) * goldRate / (1 - goldRate)).rounded())
        var rng = SeededGenerator(seed: seed)
        let pool = exposure.filter { !outgoing.contains($0.item) }.map { ($0, rng.next()) }
            .sorted { ($0.0.shown, $0.1) < ($1.0.shown, $1.1) }.map(\.0)
        var warnings: [String] = []
        if pool.count < wanted {
            warnings.append(
                "\(wanted) gold items wanted but the project has \(pool.count) usable; using all of them")
        }
        let chosen = Array(pool.prefix(wanted))
        let unseenLeft = pool.dropFirst(chosen.count).filter { $0.shown == 0 }.count
        if unseenLeft < wanted {
            warnings.append(
                "gold runs low for \(vendor): \(unseenLeft) gold items it has never seen remain; "
                    + "the next batch will repeat honeypots (assay gold add)")
        }
        var missing = Set<String>()
        var goldRows: [[String?]] = []
        for g in chosen {
            let payload =
                (g.payload.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
                    as? [String: Any]) ?? [:]
            goldRows.append(
                columns.enumerated().map { j, column in
                    if j == itemColumn { return g.item }
                    if let v = payload[column] { return "\(v)" }
                    missing.insert(column)
                    return rows.first?[j] == nil ? nil : ""
                })
        }
        if !missing.isEmpty {
            warnings.append(
                "stored gold payloads lack the columns \(missing.sorted().joined(separator: ", ")); those "
                    + "honeypots show empty values there and may be recognisable")
        }
        var all = rows
        for row in goldRows { all.insert(row, at: Int(rng.next() % UInt64(all.count + 1))) }
        return BatchMaker(
            content: BatchContent(columns: columns, rows: all), gold: chosen.map(\.item), warnings: warnings)
    }
}
