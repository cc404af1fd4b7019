// Assay — quality control for human-labelled training data.

/// Predicted labels that no annotator gave their item, and how many of them are right.
public struct UnseenLabels: Sendable, Equatable {
    /// Items (with labels) whose predicted label none of their annotators gave.
    public var count: Int
    /// Of those, items with a known answer that was scored.
    public var scored: Int
    /// Of the scored ones, items predicted correctly.
    public var correct: Int

    /// Counts the items of `set` whose label in `labels` none of their labels gives; scores them
    /// against `truth` when given, skipping items whose answer is in `exclude`.
    /// - Complexity: O(labels).
    public static func score(
        _ labels: [Int32], set: LabelSet, truth: GoldAnswers? = nil, excluding exclude: GoldAnswers? = nil
    ) -> UnseenLabels {
        var result = UnseenLabels(count: 0, scored: 0, correct: 0)
        for i in 0..<min(labels.count, set.itemCount) {
            let r = set.labels(ofItem: i)
            guard !r.isEmpty, !r.contains(where: { set.value[$0] == labels[i] }) else { continue }
            result.count += 1
            guard let truth, truth.isScored(i) else { continue }
            if let exclude, exclude.answer[i] >= 0 { continue }
            result.scored += 1
            if truth.answer[i] == labels[i] { result.correct += 1 }
        }
        return result
    }
}
