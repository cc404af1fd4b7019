// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import Foundation

/// What the labelling queue draws from in a categorical or pairwise project, for one project state:
/// its labels (who labelled what; a pairwise item's two objects) and its items from the least to
/// the most confident consensus (the categorical consensus, or the pairwise per-comparison one).
struct QueueSource: Sendable {
    /// The project's labels.
    var labels: AssayStore.TypedLabels
    /// Item indices from the least to the most confident consensus (ties in item order).
    var order: [Int32]
    /// Pairwise projects: the index of each item id (to find a served item's objects); empty otherwise.
    var itemIndex: [String: Int32]

    /// The project types the queue serves.
    static let types: Set<String> = ["categorical", "pairwise"]

    /// Item indices sorted by `confidence`, lowest first (ties in item order).
    /// - Complexity: O(items log items).
    static func order(_ confidence: [Double]) -> [Int32] {
        (0..<Int32(confidence.count)).sorted { (confidence[Int($0)], $0) < (confidence[Int($1)], $1) }
    }

    /// `items` with their objects in an order drawn at random per item (so that no object keeps
    /// one side), their texts and context from the items' stored payloads: a payload field named
    /// after one of the item's objects is that object's text, the others are the context (in key
    /// order). Items the labels do not know (so without objects) are left out.
    /// - Complexity: O(items + payload fields).
    func pairs(_ items: [QueueItem], payloads: [String: String]) -> [QueueItem] {
        guard case .pairwise(let set) = labels else { return items }
        return items.compactMap { q in
            guard let i = itemIndex[q.item].map(Int.init) else { return nil }
            var a = set.objectIDs[Int(set.itemFirst[i])]
            var b = set.objectIDs[Int(set.itemSecond[i])]
            if Bool.random() { swap(&a, &b) }
            var fields = QueueDesk.payloadFields(payloads[q.item])
            let text = { (o: String) in fields.first { $0.0 == o }?.1 }
            let pair = QueuePair(left: a, right: b, leftText: text(a), rightText: text(b))
            fields.removeAll { $0.0 == a || $0.0 == b }
            return QueueItem(item: q.item, fields: fields, pair: pair)
        }
    }
}

extension AssayServer {
    /// The queue's source for `p`, cached until the project's next delivery. Throws `Problem` 409
    /// when the project has no labels yet, 404 for a type the queue does not serve.
    /// - Complexity: the consensus's (cached), then O(items log items) once per project state.
    func queueSource(_ p: ProjectRecord) async throws -> QueueSource {
        switch p.type {
        case .categorical:
            let (inf, _) = try await inference(p)
            return QueueSource(labels: .categorical(inf.set), order: try await reviewOrder(p), itemIndex: [:])
        case .pairwise:
            return try await cache.value(project: p.id, kind: "queue-source") {
                guard case .pairwise(let set, _, let consensus) = try await self.typedInference(p)!.0 else {
                    preconditionFailure("a pairwise project's inference is pairwise")
                }
                var index: [String: Int32] = [:]
                index.reserveCapacity(set.itemCount)
                for (i, id) in set.index.itemIDs.enumerated() { index[id] = Int32(i) }
                return QueueSource(
                    labels: .pairwise(set),
                    order: QueueSource.order((0..<set.itemCount).map { consensus.confidence(ofItem: $0) }),
                    itemIndex: index)
            }.0
        default:
            throw Problem.notFound("queue for project \(p.name)")
        }
    }
}
