// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
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

    /// Items the annotator has labelled already as `in-house`.
    /// - Complexity: O(annotators + the annotator's labels).
    static func labelled(by annotator: String, in labels: AssayStore.TypedLabels?) -> Set<String> {
        guard let labels, let v = labels.vendorIDs.firstIndex(of: vendor) else { return [] }
        let (ids, vendors, item, itemIDs) = (
            labels.annotatorIDs, labels.annotatorVendor, labels.item, labels.itemIDs
        )
        var out = Set<String>()
        for a in ids.indices where vendors[a] == Int32(v) && ids[a] == annotator {
            let mine = labels.labelSet?.labels(ofAnnotator: a) ?? labels.index!.labels(ofAnnotator: a)
            for l in mine { out.insert(itemIDs[Int(item[Int(l)])]) }
        }
        return out
    }

    /// The answers an item of `p` can get: its classes (categorical), or left, right, tie
    /// (pairwise: `PairwiseSet.Outcome` codes, as the labels a delivery gives).
    static func answers(_ p: ProjectRecord) -> [String] {
        if case .pairwise = p.type { return ["left", "right", "tie"] }
        return p.classes
    }

    /// The fields of a stored payload (a JSON object), in key order, values as text (nulls left out).
    static func payloadFields(_ json: String?) -> [(String, String)] {
        guard let json, let o = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        else { return [] }
        return o.filter { !($0.value is NSNull) }.map { ($0.key, "\($0.value)") }.sorted { $0.0 < $1.0 }
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
            let fields = payloadFields(payloads[i])
            guard !fields.isEmpty else { continue }
            objects[i] = Dictionary(fields, uniquingKeysWith: { a, _ in a })
            keys.formUnion(fields.map(\.0))
        }
        let columns = ["item"] + keys.sorted()
        return (columns, items.map { i in [i] + keys.sorted().map { objects[i]?[$0] } })
    }

    /// The delivery file of a round's answers, as a vendor would send it (CSV): for a categorical
    /// project `item,annotator,label,duration_s`, for a pairwise one
    /// `item,annotator,left,right,label,duration_s` with the objects as shown and the label the
    /// chosen object's id or `tie`. `answers` are (position, answer index, seconds).
    static func file(_ p: ProjectRecord, _ r: QueueRound, _ answers: [(Int, Int, Double)]) -> String {
        let q = TextFileWriter.quote
        let pairwise = p.type == .pairwise
        var text =
            pairwise ? "item,annotator,left,right,label,duration_s\n" : "item,annotator,label,duration_s\n"
        for (j, c, seconds) in answers {
            let item = r.items[j]
            var fields = [q(item.item), q(r.annotator)]
            if pairwise, let pair = item.pair {
                fields += [q(pair.left), q(pair.right), q([pair.left, pair.right, "tie"][c])]
            } else {
                fields.append(q(p.classes[c]))
            }
            text += (fields + ["\(seconds)"]).joined(separator: ",") + "\n"
        }
        return text
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
        let source = try? await queueSource(p)
        let done = QueueDesk.labelled(by: annotator, in: source?.labels)
        var chosen: (batch: Int64, admin: Bool, items: [QueueItem])?
        // An admin's batch first.
        for b in try await store.batches(of: p, vendor: QueueDesk.vendor)
        where !b.name.hasPrefix(QueueDesk.roundPrefix) {
            guard let (_, rows) = try await store.batch(id: b.id, in: p) else { continue }
            let content = try JSONDecoder().decode(BatchContent.self, from: Data(rows.utf8))
            let left = QueueDesk.items(content).filter { !done.contains($0.item) }
            guard !left.isEmpty else { continue }
            chosen = (b.id, true, Array(left.prefix(size)))
            break
        }
        // Otherwise the least confident items, with honeypots.
        if chosen == nil {
            guard source != nil else { return nil }
            let rate = QueueDesk.goldRate(try await counts(of: p))
            guard
                let made = try await queueBatch(
                    p, items: max(1, size - Int((Double(size) * rate).rounded())), excluding: done,
                    name: "\(QueueDesk.roundPrefix) for \(annotator)")
            else { return nil }
            chosen = (made.id, false, QueueDesk.items(made.content))
        }
        guard let (batch, admin, shown) = chosen else { return nil }
        var items = shown
        if case .pairwise = p.type {
            // A pair is shown with its objects, which only the labels know.
            guard let source else { return nil }
            items = source.pairs(items, payloads: try await store.payloads(of: items.map(\.item), in: p))
            guard !items.isEmpty else { return nil }
        }
        let r = QueueRound(
            id: SessionStore.secret(), project: p.id, annotator: annotator, batch: batch,
            fromAdminBatch: admin,
            items: items, served: Date())
        await pages.rounds.open(r, session: session.id)
        return r
    }

    /// Records a batch for `in-house` of the `n` least confident items that are not gold and not in
    /// `excluding`, with honeypots at the project's gold rate; nil when no item is left.
    func queueBatch(_ p: ProjectRecord, items n: Int, excluding: Set<String>, name: String) async throws
        -> (id: Int64, content: BatchContent, warnings: [String])?
    {
        let source = try await queueSource(p)
        let itemIDs = source.labels.itemIDs
        let goldItems = Set(try await store.goldAnswers(of: p).map(\.item))
        var chosen: [String] = []
        for i in source.order where chosen.count < n {
            let id = itemIDs[Int(i)]
            if !goldItems.contains(id) && !excluding.contains(id) { chosen.append(id) }
        }
        guard !chosen.isEmpty else { return nil }
        let rate = QueueDesk.goldRate(try await counts(of: p))
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

    /// Takes in a submitted round: `answers` are (position in the round, answer index, milliseconds),
    /// the answer a class index (categorical) or left 0, right 1, tie 2 (pairwise). Writes one
    /// delivery of `in-house` with the labels and their seconds, read from its delivery file by
    /// `DeliveryIntake` as an HTTP delivery is; nil when nothing was labelled. Throws 409 when the
    /// round is not the session's open one (sent twice, or expired), 400 for an answer the round
    /// or the project does not have (the round then stays open).
    func deliverRound(
        _ p: ProjectRecord, page: PageRequest, roundID: String, answers: [(Int, Int, Double)]
    ) async throws -> (delivery: Int64, labels: Int)? {
        guard let r = await pages.rounds.close(session: page.session!.id, project: p.id, id: roundID) else {
            throw Problem(.conflict, "this round was sent already or has expired; the queue has a new one")
        }
        let choices = QueueDesk.answers(p).count
        var seen = Set<Int>()
        for (j, c, ms) in answers {
            guard r.items.indices.contains(j), (0..<choices).contains(c), ms >= 0, ms.isFinite,
                seen.insert(j).inserted
            else {
                await pages.rounds.open(r, session: page.session!.id)
                throw Problem(.badRequest, "the answers name an item or an answer the round does not have")
            }
        }
        guard !answers.isEmpty else { return nil }
        let elapsed = Date().timeIntervalSince(r.served)
        let text = QueueDesk.file(p, r, answers.map { ($0.0, $0.1, min($0.2 / 1000, elapsed + 1)) })
        let sha = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let name = "queue-\(r.annotator)-\(stamp)-\(r.id.prefix(6))"
        let path = (limits.spoolDirectory as NSString).appendingPathComponent(
            "assay-queue-\(UUID().uuidString)")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let intake = try DeliveryIntake.read(
            path, display: name, project: p, vendor: QueueDesk.vendor, format: .csv, skipInvalid: false)
        let part = intake.parts(fileSHA256: sha)[0]
        let outcome = try await store.importDelivery(
            DeliveryImport(
                vendor: QueueDesk.vendor, source: name, sha256: part.sha256, costPerLabel: nil,
                labels: part.labels),
            into: p)
        guard case .imported(let delivery, let n) = outcome else {
            throw Problem(.conflict, "these labels were delivered before")
        }
        metrics.labelsIngested.increment(by: Int64(n))
        metrics.deliveriesAccepted.increment()
        await invalidate(project: p)
        _ = try await store.recordReceipt(
            NewReceipt(
                vendor: QueueDesk.vendor, name: name, sha256: sha, status: "accepted", labels: n,
                items: part.labels.itemIDs.count, deliveryID: delivery), in: p)
        return (delivery, n)
    }
}
