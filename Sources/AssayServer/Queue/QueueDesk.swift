// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import Crypto
import Foundation

/// How the queue chooses, records and takes in rounds: an admin's batch for the vendor `in-house`
/// first (oldest first, items the annotator has not labelled), otherwise the project's least
/// confident items the annotator has not labelled, with gold honeypots mixed in by `BatchMaker` at
/// the project's gold rate (gold items over items) and the round recorded as a batch (so gold
/// exposure counts it). Labels are delivered as one delivery of `in-house`, annotator = the
/// token's subject, with the seconds each item took.
enum QueueDesk {
    /// The vendor the queue's work is delivered as.
    static let vendor = "in-house"
    /// Names of the batches the queue records for its own rounds (admin batches have other names).
    static let roundPrefix = "queue round"
    /// Items a round holds (honeypots included).
    static let defaultSize = 20

    /// Share of gold among the items sent: the project's gold items over its items, at most 0.5.
    static func goldRate(_ counts: ProjectCounts) -> Double {
        counts.items > 0 ? min(0.5, Double(counts.gold) / Double(counts.items)) : 0
    }

    /// Items the annotator has labelled already.
    static func labelled(by annotator: String, in set: LabelSet?) -> Set<String> {
        guard let set, let v = set.vendorIDs.firstIndex(of: vendor) else { return [] }
        var out = Set<String>()
        for a in 0..<set.annotatorCount
        where set.annotatorVendor[a] == Int32(v) && set.annotatorIDs[a] == annotator {
            for l in set.labels(ofAnnotator: a) { out.insert(set.itemIDs[Int(set.item[Int(l)])]) }
        }
        return out
    }

    /// Batch rows as queue items (the item column's value as id, the other non-empty columns shown).
    static func items(_ content: BatchContent) -> [QueueItem] {
        let itemColumn =
            content.columns.firstIndex {
                ["task", "item", "question", "task_id", "item_id", "question_id"].contains($0.lowercased())
            } ?? 0
        return content.rows.compactMap { row in
            guard let id = row[itemColumn] else { return nil }
            let fields = content.columns.indices.compactMap { j -> (String, String)? in
                guard j != itemColumn, let v = row[j], !v.isEmpty else { return nil }
                return (content.columns[j], v)
            }
            return QueueItem(item: id, fields: fields)
        }
    }

    /// Payloads as batch rows: the item column, then every payload key (sorted) as a column.
    static func rows(_ items: [String], payloads: [String: String]) -> (columns: [String], rows: [[String?]])
    {
        var objects: [String: [String: String]] = [:]
        var keys = Set<String>()
        for i in items {
            guard let json = payloads[i],
                let o = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            else { continue }
            var fields: [String: String] = [:]
            for (k, v) in o where !(v is NSNull) { fields[k] = "\(v)" }
            objects[i] = fields
            keys.formUnion(fields.keys)
        }
        let columns = ["item"] + keys.sorted()
        return (columns, items.map { i in [i] + keys.sorted().map { objects[i]?[$0] } })
    }
}

extension AssayServer {
    /// The session's open round in `p`, or a new one; nil when there is nothing left to label.
    func queueRound(_ p: ProjectRecord, page: PageRequest, size: Int = QueueDesk.defaultSize) async throws
        -> QueueRound?
    {
        let session = page.session!
        if let r = await pages.rounds.round(session: session.id, project: p.id) { return r }
        let annotator = page.signedIn.token.subject ?? ""
        let inf = try? await inference(p).0
        let done = QueueDesk.labelled(by: annotator, in: inf?.set)
        // An admin's batch first.
        for b in try await store.batches(of: p, vendor: QueueDesk.vendor)
        where !b.name.hasPrefix(QueueDesk.roundPrefix) {
            guard let (_, rows) = try await store.batch(id: b.id, in: p) else { continue }
            let content = try JSONDecoder().decode(BatchContent.self, from: Data(rows.utf8))
            let left = QueueDesk.items(content).filter { !done.contains($0.item) }
            guard !left.isEmpty else { continue }
            let r = QueueRound(
                id: SessionStore.secret(), project: p.id, annotator: annotator, batch: b.id,
                fromAdminBatch: true,
                items: Array(left.prefix(size)), served: Date())
            await pages.rounds.open(r, session: session.id)
            return r
        }
        // Otherwise the least confident items, with honeypots.
        guard inf != nil else { return nil }
        let rate = QueueDesk.goldRate(try await store.counts(of: p))
        guard
            let made = try await queueBatch(
                p, items: max(1, size - Int((Double(size) * rate).rounded())), excluding: done,
                name: "\(QueueDesk.roundPrefix) for \(annotator)")
        else { return nil }
        let r = QueueRound(
            id: SessionStore.secret(), project: p.id, annotator: annotator, batch: made.id,
            fromAdminBatch: false,
            items: QueueDesk.items(made.content), served: Date())
        await pages.rounds.open(r, session: session.id)
        return r
    }

    /// Records a batch for `in-house` of the `n` least confident items that are not gold and not in
    /// `excluding`, with honeypots at the project's gold rate; nil when no item is left.
    func queueBatch(_ p: ProjectRecord, items n: Int, excluding: Set<String>, name: String) async throws
        -> (id: Int64, content: BatchContent, warnings: [String])?
    {
        let inf = try await inference(p).0
        let goldItems = Set(try await store.goldAnswers(of: p).map(\.item))
        var chosen: [String] = []
        for i in try await reviewOrder(p) where chosen.count < n {
            let id = inf.set.itemIDs[Int(i)]
            if !goldItems.contains(id) && !excluding.contains(id) { chosen.append(id) }
        }
        guard !chosen.isEmpty else { return nil }
        let rate = QueueDesk.goldRate(try await store.counts(of: p))
        let (columns, rows) = QueueDesk.rows(chosen, payloads: try await store.payloads(of: chosen, in: p))
        let made = BatchMaker.make(
            columns: columns, rows: rows, itemColumn: 0, vendor: QueueDesk.vendor, goldRate: rate,
            seed: UInt64.random(in: 0...UInt64.max),
            exposure: try await store.goldExposure(of: p, vendor: QueueDesk.vendor))
        let id = try await store.recordBatch(
            name: name, vendor: QueueDesk.vendor, items: made.content.rows.count, gold: made.gold,
            rows: String(decoding: try JSONEncoder.api.encode(made.content), as: UTF8.self), in: p)
        return (id, made.content, made.warnings)
    }

    /// Takes in a submitted round: `answers` are (position in the round, class index, milliseconds).
    /// Writes one delivery of `in-house` with the labels and their seconds; nil when nothing was
    /// labelled. Throws 409 when the round is not the session's open one (sent twice, or expired).
    func deliverRound(
        _ p: ProjectRecord, page: PageRequest, roundID: String, answers: [(Int, Int, Double)]
    ) async throws -> (delivery: Int64, labels: Int)? {
        guard let r = await pages.rounds.close(session: page.session!.id, project: p.id, id: roundID) else {
            throw Problem(.conflict, "this round was sent already or has expired; the queue has a new one")
        }
        var seen = Set<Int>()
        for (j, c, ms) in answers {
            guard r.items.indices.contains(j), p.classes.indices.contains(c), ms >= 0, ms.isFinite,
                seen.insert(j).inserted
            else {
                await pages.rounds.open(r, session: page.session!.id)
                throw Problem(.badRequest, "the answers name an item or class the round does not have")
            }
        }
        guard !answers.isEmpty else { return nil }
        let elapsed = Date().timeIntervalSince(r.served)
        let ids = answers.map { r.items[$0.0].item }
        let set = LabelSet(
            itemIDs: ids, annotatorIDs: [r.annotator], annotatorVendor: [0], vendorIDs: [QueueDesk.vendor],
            classes: p.classes, item: (0..<Int32(ids.count)).map { $0 },
            annotator: [Int32](repeating: 0, count: ids.count), value: answers.map { Int32($0.1) },
            extras: LabelExtras(durationSeconds: answers.map { min($0.2 / 1000, elapsed + 1) }))
        var text = "queue round \(r.id)\n"
        for (j, c, ms) in answers { text += "\(r.items[j].item),\(r.annotator),\(p.classes[c]),\(ms)\n" }
        let sha = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let name = "queue-\(r.annotator)-\(stamp)-\(r.id.prefix(6))"
        let outcome = try await store.importDelivery(
            DeliveryImport(
                vendor: QueueDesk.vendor, source: name, sha256: sha, costPerLabel: nil, labels: set), into: p)
        guard case .imported(let delivery, let n) = outcome else {
            throw Problem(.conflict, "these labels were delivered before")
        }
        metrics.labelsIngested.increment(by: Int64(n))
        metrics.deliveriesAccepted.increment()
        await invalidate(project: p)
        _ = try await store.recordReceipt(
            NewReceipt(
                vendor: QueueDesk.vendor, name: name, sha256: sha, status: "accepted", labels: n,
                items: ids.count,
                deliveryID: delivery), in: p)
        return (delivery, n)
    }
}
