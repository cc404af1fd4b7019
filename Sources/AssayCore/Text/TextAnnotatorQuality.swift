// Assay — quality control for human-labelled training data.

/// What a text consensus says about each annotator and vendor: word error rate against the
/// consensus, median answer length and near-duplicate (copy-paste) share; the text scorecards'
/// figures.
public struct TextAnnotatorQuality: Sendable {
    /// Per annotator, answers given.
    public var answers: [Int]
    /// Per annotator, total word edits between their answers and the consensus.
    public var errors: [Int]
    /// Per annotator, total consensus words over the items they answered.
    public var consensusWords: [Int]
    /// Per annotator, median words per answer (the mean of the middle two for an even count; 0
    /// without answers).
    public var medianLength: [Double]
    /// Per annotator, the share of their compared answers flagged as copy-paste (0 when no
    /// near-duplicate report was given).
    public var nearDuplicateShare: [Double]
    /// Per vendor, total word edits against the consensus.
    public var vendorErrors: [Int]
    /// Per vendor, total consensus words.
    public var vendorConsensusWords: [Int]

    /// Per annotator, micro WER against the consensus: errors / consensus words (errors alone when
    /// the consensus of all their items is empty).
    public var wordErrorRate: [Double] {
        zip(errors, consensusWords).map { Double($0) / Double(max($1, 1)) }
    }
    /// Per vendor, micro WER against the consensus.
    public var vendorWordErrorRate: [Double] {
        zip(vendorErrors, vendorConsensusWords).map { Double($0) / Double(max($1, 1)) }
    }

    /// Measures every annotator of `set` against `consensus`.
    /// - Complexity: O(labels log labels) (the medians sort each annotator's lengths).
    public static func measure(
        _ set: TextSet, consensus: TextConsensus, nearDuplicates: NearDuplicates? = nil
    )
        -> TextAnnotatorQuality
    {
        let lengths = (0..<set.itemCount).map { consensus.words.length($0) }
        let (errors, words) = TextReliability.totals(set, edits: consensus.editsToConsensus, lengths: lengths)
        var vendorErrors = [Int](repeating: 0, count: set.index.vendorIDs.count)
        var vendorWords = [Int](repeating: 0, count: set.index.vendorIDs.count)
        var answers = [Int](repeating: 0, count: set.annotatorCount)
        var median = [Double](repeating: 0, count: set.annotatorCount)
        var own: [Int] = []
        for a in 0..<set.annotatorCount {
            let v = Int(set.index.annotatorVendor[a])
            vendorErrors[v] += errors[a]
            vendorWords[v] += words[a]
            own = set.index.labels(ofAnnotator: a).map { set.words.length(Int($0)) }
            answers[a] = own.count
            guard !own.isEmpty else { continue }
            own.sort()
            let m = own.count / 2
            median[a] = own.count % 2 == 1 ? Double(own[m]) : Double(own[m - 1] + own[m]) / 2
        }
        return TextAnnotatorQuality(
            answers: answers, errors: errors, consensusWords: words, medianLength: median,
            nearDuplicateShare: nearDuplicates?.annotatorShare
                ?? [Double](repeating: 0, count: set.annotatorCount),
            vendorErrors: vendorErrors, vendorConsensusWords: vendorWords)
    }
}
