// Assay — quality control for human-labelled training data.

/// Accuracy of predicted labels against known answers.
public struct Accuracy: Sendable, Equatable {
    /// Items with a known answer that were scored.
    public var scored: Int
    /// Of those, items predicted correctly.
    public var correct: Int

    /// `correct / scored`, 0 when nothing was scored.
    public var value: Double { scored == 0 ? 0 : Double(correct) / Double(scored) }

    /// Scores `labels` against `truth`, skipping items whose answer is in `exclude` (for example the
    /// gold handed to the method). Every item with a known answer is scored: an answer naming a
    /// class no label uses (`GoldAnswers.classNoLabelUses`) is a wrong prediction, never dropped.
    /// - Complexity: O(items).
    public static func score(_ labels: [Int32], truth: GoldAnswers, excluding exclude: GoldAnswers? = nil)
        -> Accuracy
    {
        var scored = 0
        var correct = 0
        for i in 0..<labels.count where truth.isScored(i) {
            if let exclude, exclude.answer[i] >= 0 { continue }
            scored += 1
            if labels[i] == truth.answer[i] { correct += 1 }
        }
        return Accuracy(scored: scored, correct: correct)
    }

    /// A seeded random share of the known answers, as gold; the rest stay for scoring.
    /// - Complexity: O(items).
    public static func sampleGold(from truth: GoldAnswers, share: Double, seed: UInt64) -> GoldAnswers {
        var known = truth.answer.indices.filter { truth.answer[$0] >= 0 }
        var rng = SeededGenerator(seed: seed)
        known.shuffle(using: &rng)
        let n = Int((Double(known.count) * share).rounded())
        var table = [Int32](repeating: -1, count: truth.answer.count)
        for i in known.prefix(n) { table[i] = truth.answer[i] }
        return GoldAnswers(answer: table)
    }
}

extension GoldAnswers {
    /// Whether item `i` has an answer to score against: a class index, or a class no label uses.
    @inline(__always)
    func isScored(_ i: Int) -> Bool { answer[i] >= 0 || answer[i] == Self.classNoLabelUses }
}
