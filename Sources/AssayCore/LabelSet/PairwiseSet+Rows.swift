// Assay — quality control for human-labelled training data.

extension PairwiseSet {
    /// One comparison given as strings: for tests, examples and small inputs.
    public struct Row: Sendable {
        /// Item id; nil when items are the unordered object pairs.
        public var item: String?
        /// Annotator id (unique within its vendor).
        public var annotator: String
        /// Vendor name ("" when none).
        public var vendor: String
        /// Object shown on the left.
        public var left: String
        /// Object shown on the right.
        public var right: String
        /// The outcome relative to what was shown.
        public var outcome: Outcome
        /// Strength of the preference in [0, 1], NaN when absent.
        public var strength: Float
        /// The source marked the verdict as inconsistent across display orders.
        public var flaggedInconsistent: Bool
        /// The display order of this comparison is unknown (left and right are only an order).
        public var positionUnknown: Bool

        /// A comparison.
        public init(
            item: String? = nil, annotator: String, vendor: String = "", left: String, right: String,
            outcome: Outcome, strength: Float = .nan, flaggedInconsistent: Bool = false,
            positionUnknown: Bool = false
        ) {
            self.item = item
            self.annotator = annotator
            self.vendor = vendor
            self.left = left
            self.right = right
            self.outcome = outcome
            self.strength = strength
            self.flaggedInconsistent = flaggedInconsistent
            self.positionUnknown = positionUnknown
        }

        /// A comparison from a winner and a loser (the winner given first, as "left").
        public static func winner(_ winner: String, loser: String, annotator: String, item: String? = nil)
            -> Row
        {
            Row(item: item, annotator: annotator, left: winner, right: loser, outcome: .left)
        }
    }

    /// A set from string rows. Objects, items, vendors and annotators are numbered in the byte order
    /// of their ids (annotators by vendor, then id), so the set does not depend on the row order and
    /// the canonical orientation of an item is the byte order of its two object ids. Items are the
    /// unordered object pairs when every row's item is nil; a mix of nil and non-nil items is a
    /// precondition failure. The strength and flag columns are kept when any row sets them; rows marked
    /// `positionUnknown` are so in a set whose positions are otherwise known.
    /// - Throws: `PairwiseSetError` as the column initializer does.
    /// - Complexity: O(n log n) for the interning.
    public init(rows: [Row], positionsKnown: Bool) throws(PairwiseSetError) {
        func intern(_ keys: [String]) -> (ids: [String], index: [String: Int32]) {
            let ids = Array(Set(keys)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return (ids, Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) }))
        }
        let objects = intern(rows.flatMap { [$0.left, $0.right] })
        let vendors = intern(rows.map(\.vendor))
        // Annotators are scoped by vendor: the key joins both with a byte no id contains.
        let annotators = intern(rows.map { $0.vendor + "\u{0}" + $0.annotator })
        let hasItems = rows.contains { $0.item != nil }
        precondition(!hasItems || rows.allSatisfy { $0.item != nil }, "every row or none has an item")
        let items = intern(rows.compactMap(\.item))
        let hasStrength = rows.contains { !$0.strength.isNaN }
        let hasFlags = rows.contains(where: \.flaggedInconsistent)
        try self.init(
            objectIDs: objects.ids, itemIDs: items.ids,
            annotatorIDs: annotators.ids.map {
                String($0.split(separator: "\u{0}", omittingEmptySubsequences: false)[1])
            },
            annotatorVendor: annotators.ids.map {
                vendors.index[String($0.split(separator: "\u{0}", omittingEmptySubsequences: false)[0])]!
            },
            vendorIDs: vendors.ids,
            item: hasItems ? rows.map { items.index[$0.item!]! } : nil,
            annotator: rows.map { annotators.index[$0.vendor + "\u{0}" + $0.annotator]! },
            left: rows.map { objects.index[$0.left]! }, right: rows.map { objects.index[$0.right]! },
            outcome: rows.map(\.outcome.rawValue), strength: hasStrength ? rows.map(\.strength) : [],
            flaggedInconsistent: hasFlags ? rows.map(\.flaggedInconsistent) : [],
            positionsKnown: positionsKnown, positionUnknown: rows.map(\.positionUnknown))
    }
}
