// Assay — quality control for human-labelled training data.

import Foundation

/// One item as the queue shows it: its id and the fields of its payload (or of the batch row);
/// for a pairwise item, also its two objects in the order shown.
struct QueueItem: Sendable, Equatable {
    /// Item id.
    var item: String
    /// (column, value) pairs to show, in the batch's column order (for a pairwise item, the
    /// context: the fields that are not one of its objects' texts).
    var fields: [(String, String)]
    /// The two objects of a pairwise item, as shown; nil for a categorical item.
    var pair: QueuePair? = nil

    static func == (a: QueueItem, b: QueueItem) -> Bool {
        a.item == b.item && a.fields.map(\.0) == b.fields.map(\.0) && a.fields.map(\.1) == b.fields.map(\.1)
            && a.pair == b.pair
    }
}

/// The two objects of a pairwise item in the order the queue shows them (drawn at random per item,
/// so that no object keeps one side), with their texts when the item's payload has them.
struct QueuePair: Sendable, Equatable {
    /// The object shown on the left.
    var left: String
    /// The object shown on the right.
    var right: String
    /// The left object's text (the payload's field named after the object), if stored.
    var leftText: String?
    /// The right object's text, if stored.
    var rightText: String?
}

/// A round of the labelling queue: the items served together to one annotator, honeypots among
/// them unmarked, labelled in the browser and delivered as one delivery of the vendor `in-house`.
struct QueueRound: Sendable {
    /// A random id the submitted form must name.
    var id: String
    /// The project.
    var project: Int64
    /// The annotator (the token's subject).
    var annotator: String
    /// The batch the items come from (an admin's batch, or the one recorded for this round).
    var batch: Int64
    /// Whether the items come from an admin's batch (else from the least confident items).
    var fromAdminBatch: Bool
    /// The items, in the order shown.
    var items: [QueueItem]
    /// When the round was served.
    var served: Date
}

/// Open rounds by session and project, in memory (a restart drops unsent rounds; the annotator
/// is served a new one). A round left for `lifetime` is dropped.
actor QueueRounds {
    private var rounds: [String: QueueRound] = [:]
    /// Time after which an unsent round is dropped.
    let lifetime: TimeInterval = 12 * 3600

    static func key(session: String, project: Int64) -> String { "\(session) \(project)" }

    /// The open round of a session in a project.
    func round(session: String, project: Int64, now: Date = Date()) -> QueueRound? {
        let k = Self.key(session: session, project: project)
        guard let r = rounds[k] else { return nil }
        guard now.timeIntervalSince(r.served) < lifetime else {
            rounds[k] = nil
            return nil
        }
        return r
    }

    /// Keeps a round as the session's open one in its project.
    func open(_ r: QueueRound, session: String) {
        if rounds.count > 10_000 {
            rounds = rounds.filter { Date().timeIntervalSince($0.value.served) < lifetime }
        }
        rounds[Self.key(session: session, project: r.project)] = r
    }

    /// Closes the session's round in a project when it is `id`; whether it was.
    func close(session: String, project: Int64, id: String) -> QueueRound? {
        let k = Self.key(session: session, project: project)
        guard let r = rounds[k], r.id == id else { return nil }
        rounds[k] = nil
        return r
    }
}
