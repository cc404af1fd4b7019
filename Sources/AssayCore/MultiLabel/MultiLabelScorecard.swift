// Assay — quality control for human-labelled training data.

/// Each annotator's precision and recall per class against a consensus: of the annotator's labels,
/// those marking class c (`marked`), those whose item's consensus holds c (`relevant`), and both
/// (`agreed`). Precision = agreed / marked, recall = agreed / relevant, each with a Wilson
/// interval; nil when its denominator is 0.
public struct MultiLabelScorecard: Sendable {
    /// Counts of one annotator on one class.
    public struct Cell: Sendable, Equatable {
        /// Labels marking the class.
        public var marked: Int
        /// Labels on items whose consensus holds the class.
        public var relevant: Int
        /// Labels marking the class on items whose consensus holds it.
        public var agreed: Int

        /// agreed / marked.
        public var precision: Double? { marked > 0 ? Double(agreed) / Double(marked) : nil }
        /// agreed / relevant.
        public var recall: Double? { relevant > 0 ? Double(agreed) / Double(relevant) : nil }
        /// 95% Wilson interval of the precision.
        public var precisionInterval: (low: Double, high: Double)? {
            WilsonInterval.interval(successes: agreed, trials: marked)
        }
        /// 95% Wilson interval of the recall.
        public var recallInterval: (low: Double, high: Double)? {
            WilsonInterval.interval(successes: agreed, trials: relevant)
        }
    }

    /// Number of classes.
    public var classCount: Int
    /// `cells[a * C + c]`: annotator a on class c.
    public var cells: [Cell]
    /// Labels given by each annotator.
    public var labels: [Int]

    /// The cell of annotator `a` and class `c`.
    public func cell(annotator a: Int, class c: Int) -> Cell { cells[a * classCount + c] }

    /// Scores every annotator of `set` against `consensus`.
    /// - Complexity: O(labels × classes).
    public static func score(_ set: MultiLabelSet, against consensus: MultiLabelConsensus)
        -> MultiLabelScorecard
    {
        let c = set.classCount
        var cells = [Cell](repeating: Cell(marked: 0, relevant: 0, agreed: 0), count: set.annotatorCount * c)
        var labels = [Int](repeating: 0, count: set.annotatorCount)
        for l in 0..<set.count {
            let a = Int(set.index.annotator[l])
            let i = Int(set.index.item[l])
            labels[a] += 1
            for k in 0..<c {
                let mine = set.contains(label: l, class: k)
                let truth = consensus.contains(item: i, class: k)
                if mine { cells[a * c + k].marked += 1 }
                if truth { cells[a * c + k].relevant += 1 }
                if mine && truth { cells[a * c + k].agreed += 1 }
            }
        }
        return MultiLabelScorecard(classCount: c, cells: cells, labels: labels)
    }
}
