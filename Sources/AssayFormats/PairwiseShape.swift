// Assay — quality control for human-labelled training data.

import AssayCore

/// How a pairwise file states its comparisons, told from its columns (a CSV header or the first
/// JSON object's keys):
///
/// - **winner and loser** (`worker,winner,loser`, readability's shape): the first object won. Such
///   files do not say which object was shown on the left: positions are unknown.
/// - **left and right with a label** (`item,worker,left,right,label`; MT-bench's
///   `question_id,turn,model_a,model_b,judge,winner`): the label names the chosen object by its id,
///   or says `left`/`right`, `A`/`B`, `model_a`/`model_b`, `first`/`second`, or `tie` (also `draw`,
///   `equal`, `same`, and `tie (…)`, where `tie (inconsistent)` flags a judge whose verdicts in both
///   display orders disagreed), in any letter case. An object id wins over a keyword that reads
///   otherwise. Positions are known only when the columns are named `left`/`right` (or
///   `left_id`/`right_id`); `model_a`/`model_b` and the other pair names do not say which object was
///   shown on the left.
/// - **left and right with a strength only**: the strength is a signed preference on a scale whose
///   low end favours the left object, whose high end the right one and whose middle is a tie
///   (−2..2, a 1–7 Likert scale, 0..1).
///
/// A strength column beside a label (or a winner) is a magnitude ≥ 0: 0..1, or 1..3 for "slightly,
/// clearly, much better", normalised by the scale's maximum.
struct PairwiseShape: Equatable {
    /// The three ways of stating a comparison.
    enum Form: Equatable {
        /// A winner and a loser column.
        case winnerLoser
        /// Left, right and a label naming the better one (or a tie).
        case labelled
        /// Left, right and a signed strength.
        case strengthOnly
    }

    var form: Form
    /// The role of the first object's column (`winner` or `left`).
    var first: ColumnRole
    /// The role of the second object's column (`loser` or `right`).
    var second: ColumnRole
    /// The role of the label column: the winner's, the label's, or the strength's.
    var label: ColumnRole
    /// Whether the file has an item column (without one, items are the unordered object pairs).
    var hasItem: Bool
    /// Whether it has a turn column (with an item column: part of the item).
    var hasTurn: Bool
    /// Whether it has a strength column.
    var hasStrength: Bool
    /// Whether the display order is known (columns named left and right).
    var positionsKnown: Bool
    /// The names of the two objects' columns in the file (for messages).
    var names: (first: String, second: String) { (firstName, secondName) }
    private var firstName = ""
    private var secondName = ""

    /// Header names that say which object was shown on the left.
    static let positionalNames: Set<String> = ["left", "left_id", "right", "right_id"]

    /// Roles a pairwise file may use.
    static let roles: [ColumnRole] = [
        .item, .annotator, .left, .right, .winner, .loser, .label, .strength, .turn, .vendor, .createdAt,
        .duration, .cost,
    ]

    /// The shape of a file with `columns`.
    /// - Throws: `FormatError` naming the columns when they fit no shape.
    init(_ columns: FileColumns) throws {
        let c = columns
        hasStrength = c.has(.strength)
        hasItem = c.has(.item)
        hasTurn = hasItem && c.has(.turn)
        if c.has(.loser), let winner: ColumnRole = c.has(.winner) ? .winner : (c.has(.label) ? .label : nil) {
            form = .winnerLoser
            first = winner
            second = .loser
            label = winner
            positionsKnown = false
        } else if c.has(.left) && c.has(.right) || c.isJSON && c.names.isEmpty {
            first = .left
            second = .right
            if let named: ColumnRole = c.has(.label) ? .label : (c.has(.winner) ? .winner : nil) {
                form = .labelled
                label = named
            } else if hasStrength {
                form = .strengthOnly
                label = .strength
            } else if c.names.isEmpty {
                form = .labelled
                label = .label
            } else {
                throw c.missing(
                    "a label column (one of: \((ColumnRole.label.aliases + ColumnRole.winner.aliases).joined(separator: ", "))) "
                        + "or a strength column (one of: \(ColumnRole.strength.aliases.joined(separator: ", "))) "
                        + "beside the left and right columns")
            }
            let names = [c.name(.left), c.name(.right)].compactMap { $0?.trimmingWhitespace().lowercased() }
            positionsKnown = names.count == 2 && names.allSatisfy(Self.positionalNames.contains)
        } else {
            throw c.missing(
                "pairwise columns: winner and loser, or left and right (\(ColumnRole.left.aliases.joined(separator: ", ")) / "
                    + "\(ColumnRole.right.aliases.joined(separator: ", "))) with a label or a strength column"
            )
        }
        try c.require([.annotator])
        firstName = c.name(first) ?? first.rawValue
        secondName = c.name(second) ?? second.rawValue
    }

    /// The roles read, without repeats.
    var used: [ColumnRole] {
        var roles: [ColumnRole] = [.annotator, label, first, second]
        if hasItem { roles.insert(.item, at: 0) }
        if hasStrength { roles.append(.strength) }
        if hasTurn { roles.append(.turn) }
        var seen: Set<ColumnRole> = []
        return roles.filter { seen.insert($0).inserted }
    }

    /// Positions of the typed key columns: the two objects (table 0), then the strength (table 1)
    /// and the turn (table 2) when present.
    var strengthKey: Int? { hasStrength ? 2 : nil }
    var turnKey: Int? { hasTurn ? (hasStrength ? 3 : 2) : nil }

    /// Outcome codes kept per row: `PairwiseSet.Outcome` in the low bits, `flagged` for a tie
    /// marked inconsistent.
    static let flagged: UInt8 = 0x80

    /// The outcome a label keyword stands for (`left`, `B`, `tie (inconsistent)`…), with `flagged`
    /// for an inconsistent tie; nil when `label` is no keyword. Letters match in any case; spaces and
    /// tabs around the word are ignored. (A label equal to one of the row's objects is that object,
    /// whatever keyword it spells: the row check looks at that first.)
    /// - Complexity: O(label length), without allocating (it runs on every tie of a 10M-row file).
    static func keyword(_ label: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var lo = 0
        var hi = label.count
        while lo < hi && (label[lo] == 32 || label[lo] == 9) { lo += 1 }
        while hi > lo && (label[hi - 1] == 32 || label[hi - 1] == 9) { hi -= 1 }
        let word = UnsafeBufferPointer(rebasing: label[lo..<hi])
        for (k, code) in keywords where matches(word, k) { return code }
        // "tie (…)": a tie with a reason; "inconsistent" among the reason's words flags it.
        guard word.count > 5, matches(UnsafeBufferPointer(rebasing: word[0..<5]), Array("tie (".utf8)),
            word[word.count - 1] == UInt8(ascii: ")")
        else { return nil }
        let flag = Array("inconsistent".utf8)
        let reason = UnsafeBufferPointer(rebasing: word[5..<(word.count - 1)])
        let inconsistent =
            reason.count >= flag.count
            && (0...(reason.count - flag.count)).contains {
                matches(UnsafeBufferPointer(rebasing: reason[$0..<($0 + flag.count)]), flag)
            }
        return inconsistent ? PairwiseSet.Outcome.tie.rawValue | flagged : PairwiseSet.Outcome.tie.rawValue
    }

    /// The keywords a label may be, lower-case, with their outcomes.
    private static let keywords: [([UInt8], UInt8)] = [
        ("left", 0), ("a", 0), ("model_a", 0), ("response_a", 0), ("first", 0), ("right", 1), ("b", 1),
        ("model_b", 1), ("response_b", 1), ("second", 1), ("tie", 2), ("draw", 2), ("equal", 2), ("same", 2),
    ].map { (Array($0.0.utf8), UInt8($0.1)) }

    /// Whether `word` is the lower-case ASCII `keyword` in any letter case.
    @inline(__always)
    private static func matches(_ word: UnsafeBufferPointer<UInt8>, _ keyword: [UInt8]) -> Bool {
        guard word.count == keyword.count else { return false }
        for i in 0..<word.count {
            let c = word[i]
            let lower = c >= 65 && c <= 90 ? c | 0x20 : c
            if lower != keyword[i] { return false }
        }
        return true
    }

    /// What a label must be, for messages.
    static func labelExpectation(left: UnsafeBufferPointer<UInt8>, right: UnsafeBufferPointer<UInt8>)
        -> String
    {
        "the chosen object ('\(String(decoding: left, as: UTF8.self))' or '\(String(decoding: right, as: UTF8.self))'), "
            + "left, right, A, B, model_a, model_b or tie"
    }
}
