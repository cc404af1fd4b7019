// Assay — quality control for human-labelled training data.

/// The columns Assay understands, matched by header name (case-insensitive) with the usual aliases.
public enum ColumnRole: String, CaseIterable, Sendable {
    /// The labelled item.
    case item
    /// Who labelled it.
    case annotator
    /// The answer given.
    case label
    /// The supplier of the annotator.
    case vendor
    /// When the label was made.
    case createdAt = "created_at"
    /// Seconds spent.
    case duration = "duration_s"
    /// Cost of the label.
    case cost
    /// A known answer (truth or gold files).
    case answer
    /// Pairwise: the object shown on the left (or first, when the file says no more).
    case left
    /// Pairwise: the object shown on the right (or second).
    case right
    /// Pairwise: the preferred object (with a loser column), or the label naming it (with left and
    /// right columns, as MT-bench's `winner`: `model_a`, `model_b`, `tie`).
    case winner
    /// Pairwise: the object not preferred.
    case loser
    /// Pairwise: how strong the preference is (a magnitude beside a label, or a signed preference
    /// such as −2..2 or a 1–7 Likert scale whose middle is a tie, without one).
    case strength
    /// Pairwise: the turn of a multi-turn conversation, part of the item (MT-bench's `turn`).
    case turn

    /// Header names accepted for this role.
    public var aliases: [String] {
        switch self {
        case .item: ["task", "item", "question", "task_id", "item_id", "question_id"]
        case .annotator:
            ["worker", "annotator", "performer", "worker_id", "annotator_id", "rater", "labeler", "judge"]
        case .label: ["label", "answer", "value", "response", "labels", "tags"]
        case .vendor: ["vendor", "vendor_id", "supplier"]
        case .createdAt: ["created_at", "timestamp", "submitted_at", "time"]
        case .duration: ["duration_s", "duration", "seconds", "time_spent_s"]
        case .cost: ["cost", "price", "cost_per_label"]
        case .answer: ["truth", "gold", "true_label", "answer", "label", "value"]
        case .left: ["left", "left_id", "model_a", "response_a", "object_a", "option_a", "first"]
        case .right: ["right", "right_id", "model_b", "response_b", "object_b", "option_b", "second"]
        case .winner: ["winner", "preferred", "chosen", "choice"]
        case .loser: ["loser", "rejected"]
        case .strength: ["strength", "margin", "intensity", "preference_strength", "likert"]
        case .turn: ["turn", "round"]
        }
    }

    /// The article the role's name takes in a message ("an item column", "a label column").
    var article: String { rawValue.first.map { "aeiou".contains($0) } == true ? "an" : "a" }

    /// The role a header name plays among `roles`, if any.
    static func match(_ name: String, among roles: [ColumnRole]) -> ColumnRole? {
        let n = name.trimmingWhitespace().lowercased()
        return roles.first { $0.aliases.contains(n) }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// Where each role stands in a header, resolved once per file.
struct ColumnMap {
    var index: [ColumnRole: Int] = [:]
    var ignored: [String] = []

    /// Matches `header` against `roles`; `required` must all be present.
    static func resolve(header: [String], roles: [ColumnRole], required: [ColumnRole], file: String) throws
        -> ColumnMap
    {
        var map = ColumnMap()
        for (j, name) in header.enumerated() {
            guard let role = ColumnRole.match(name, among: roles) else {
                map.ignored.append(name)
                continue
            }
            if let other = map.index[role] {
                throw FormatError(
                    file: file, line: 1, field: name,
                    expected: "one \(role.rawValue) column, but '\(header[other])' and '\(name)' both name it"
                )
            }
            map.index[role] = j
        }
        for role in required where map.index[role] == nil {
            throw FormatError(
                file: file, line: 1,
                expected:
                    "\(role.article) \(role.rawValue) column (one of: \(role.aliases.joined(separator: ", "))); "
                    + "the columns are: \(header.joined(separator: ", "))")
        }
        return map
    }
}
