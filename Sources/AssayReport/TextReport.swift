// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// The analysis of a free-text set as one value: the consensus, every writer and vendor with their
/// word error rate against the consensus, near-duplicate (copy-paste) share and median length,
/// the near-duplicate pairs, and the mean pairwise word error rate. Filled from Core by `build`;
/// every view renders it and computes nothing.
public struct TextReport: Codable, Sendable {
    /// Always `text`.
    public var type = "text"
    /// `rover` or `central`.
    public var method: String
    /// Reliability rounds the consensus ran after its first unweighted one.
    public var iterations: Int
    /// Bootstrap replicates behind the agreement intervals (0: none).
    public var bootstrap: Int
    /// Seed of the bootstrap and the MinHash functions.
    public var seed: UInt64
    /// Counts.
    public var summary: Summary
    /// What the consensus looks like.
    public var consensus: ConsensusSummary
    /// Writers, highest word error rate first.
    public var annotators: [WriterRow]
    /// Vendors.
    public var vendors: [WriterRow]
    /// Near-duplicate answers.
    public var nearDuplicates: NearDuplicateSummary
    /// Mean pairwise word error rate over all answers, then within each vendor.
    public var agreement: [AgreementReport.Row]

    enum CodingKeys: String, CodingKey {
        case type, method, iterations, bootstrap, seed, summary, consensus, annotators, vendors
        case nearDuplicates = "near_duplicates"
        case agreement
    }

    /// Counts of the set.
    public struct Summary: Codable, Sendable, Equatable {
        /// Answers.
        public var answers: Int
        /// Items with answers.
        public var items: Int
        /// Writers with answers.
        public var annotators: Int
        /// Vendors with answers.
        public var vendors: Int
    }

    /// What the consensus looks like.
    public struct ConsensusSummary: Codable, Sendable, Equatable {
        /// Items with answers.
        public var items: Int
        /// Mean estimated word accuracy of the consensus.
        public var meanConfidence: Double
        /// Items whose consensus no single answer has (ROVER assembled it from several).
        public var assembledItems: Int
        /// Mean words of a consensus text.
        public var meanWords: Double

        enum CodingKeys: String, CodingKey {
            case items
            case meanConfidence = "mean_confidence"
            case assembledItems = "assembled_items"
            case meanWords = "mean_words"
        }
    }

    /// A writer's or a vendor's card.
    public struct WriterRow: Codable, Sendable {
        /// Vendor name.
        public var vendor: String
        /// Writer id; null on a vendor's card.
        public var annotator: String?
        /// Writers (1 on a writer's card).
        public var annotators: Int
        /// Answers.
        public var answers: Int
        /// Micro word error rate against the consensus: word edits / consensus words.
        public var wordErrorRate: Double
        /// Word edits against the consensus.
        public var errors: Int
        /// Consensus words of the items answered.
        public var consensusWords: Int
        /// Median words an answer.
        public var medianLength: Double
        /// Answers long enough to be compared for near-duplicates.
        public var comparedAnswers: Int
        /// Of those, answers held to be copied.
        public var copiedAnswers: Int
        /// copied / compared (0 without compared answers).
        public var nearDuplicateShare: Double
        /// The consensus's weight of the writer's answers; null on a vendor's card.
        public var reliability: Double?
        /// Each flag is a sentence saying why.
        public var flags: [String]

        enum CodingKeys: String, CodingKey {
            case vendor, annotator, annotators, answers
            case wordErrorRate = "word_error_rate"
            case errors
            case consensusWords = "consensus_words"
            case medianLength = "median_length"
            case comparedAnswers = "compared_answers"
            case copiedAnswers = "copied_answers"
            case nearDuplicateShare = "near_duplicate_share"
            case reliability, flags
        }

        /// Every key is written, absent values as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(annotator, forKey: .annotator)
            try c.encode(annotators, forKey: .annotators)
            try c.encode(answers, forKey: .answers)
            try c.encode(wordErrorRate, forKey: .wordErrorRate)
            try c.encode(errors, forKey: .errors)
            try c.encode(consensusWords, forKey: .consensusWords)
            try c.encode(medianLength, forKey: .medianLength)
            try c.encode(comparedAnswers, forKey: .comparedAnswers)
            try c.encode(copiedAnswers, forKey: .copiedAnswers)
            try c.encode(nearDuplicateShare, forKey: .nearDuplicateShare)
            try c.encode(reliability, forKey: .reliability)
            try c.encode(flags, forKey: .flags)
        }
    }

    /// Near-duplicate answers found by MinHash and confirmed by shingle Jaccard.
    public struct NearDuplicateSummary: Codable, Sendable {
        /// Pairs at or above the similarity threshold.
        public var pairs: Int
        /// Pairs with exactly the same words.
        public var exact: Int
        /// Pairs across vendors.
        public var crossVendor: Int
        /// Pairs flagged as copy-paste (the consensus does not explain them).
        public var copyPaste: Int
        /// Up to 50 pairs, copy-paste first.
        public var examples: [Pair]

        enum CodingKeys: String, CodingKey {
            case pairs, exact
            case crossVendor = "cross_vendor"
            case copyPaste = "copy_paste"
            case examples
        }
    }

    /// One near-duplicate pair.
    public struct Pair: Codable, Sendable, Equatable {
        /// Item of the earlier answer.
        public var firstItem: String
        /// Its writer.
        public var firstAnnotator: String
        /// Its vendor.
        public var firstVendor: String
        /// Item of the later answer.
        public var secondItem: String
        /// Its writer.
        public var secondAnnotator: String
        /// Its vendor.
        public var secondVendor: String
        /// Jaccard index of the two answers' word shingles.
        public var similarity: Double
        /// Same words exactly.
        public var exact: Bool
        /// Flagged as copy-paste.
        public var copyPaste: Bool

        enum CodingKeys: String, CodingKey {
            case firstItem = "first_item"
            case firstAnnotator = "first_annotator"
            case firstVendor = "first_vendor"
            case secondItem = "second_item"
            case secondAnnotator = "second_annotator"
            case secondVendor = "second_vendor"
            case similarity, exact
            case copyPaste = "copy_paste"
        }
    }
}

extension TextReport {
    /// Runs `method` on `set`, finds near-duplicates against its consensus and fills the report.
    /// - Complexity: the answer distances and the method's, near-duplicate search, and agreement.
    public static func build(_ set: TextSet, method: TextConsensus.Method, bootstrap: Int, seed: UInt64)
        -> TextReport
    {
        let distances = AnswerDistances(set)
        return build(
            set, consensus: method.run(set, distances: distances), distances: distances, bootstrap: bootstrap,
            seed: seed)
    }

    /// The report of a consensus already made on `set` (`distances`, when given, are `set`'s).
    /// - Complexity: near-duplicate search, O(labels log labels) for the cards, and agreement.
    public static func build(
        _ set: TextSet, consensus c: TextConsensus, distances: AnswerDistances? = nil, bootstrap: Int,
        seed: UInt64
    ) -> TextReport {
        let idx = set.index
        var options = NearDuplicates.Options()
        options.seed = seed
        let duplicates = NearDuplicates.find(set, consensus: c, options: options)
        let q = TextAnnotatorQuality.measure(set, consensus: c, nearDuplicates: duplicates)
        let writers = (0..<set.annotatorCount).filter { q.answers[$0] > 0 }
        let medianWER = median(writers.map { q.wordErrorRate[$0] }) ?? 0
        let allLengths = (0..<set.count).map { Double(set.words.length($0)) }
        let medianLength = median(allLengths) ?? 0
        var annotators = writers.map { a -> WriterRow in
            var row = WriterRow(
                vendor: idx.vendorName(ofAnnotator: a), annotator: idx.annotatorIDs[a], annotators: 1,
                answers: q.answers[a], wordErrorRate: q.wordErrorRate[a], errors: q.errors[a],
                consensusWords: q.consensusWords[a], medianLength: q.medianLength[a],
                comparedAnswers: duplicates.comparedAnswers[a], copiedAnswers: duplicates.flaggedAnswers[a],
                nearDuplicateShare: duplicates.annotatorShare[a], reliability: c.reliability[a], flags: [])
            row.flags = flags(row, medianWER: medianWER, medianLength: medianLength)
            return row
        }
        annotators.sort {
            ($0.wordErrorRate, $1.vendor, $1.annotator ?? "") > (
                $1.wordErrorRate, $0.vendor, $0.annotator ?? ""
            )
        }
        var vendorLengths = [[Double]](repeating: [], count: idx.vendorIDs.count)
        for l in 0..<set.count {
            vendorLengths[Int(idx.annotatorVendor[Int(idx.annotator[l])])].append(allLengths[l])
        }
        let vendors = VendorSubsets.vendors(idx).map { v -> WriterRow in
            var row = WriterRow(
                vendor: idx.vendorName(v), annotator: nil,
                annotators: writers.filter { Int(idx.annotatorVendor[$0]) == v }.count,
                answers: vendorLengths[v].count, wordErrorRate: q.vendorWordErrorRate[v],
                errors: q.vendorErrors[v],
                consensusWords: q.vendorConsensusWords[v], medianLength: median(vendorLengths[v]) ?? 0,
                comparedAnswers: duplicates.vendorComparedAnswers[v],
                copiedAnswers: duplicates.vendorFlaggedAnswers[v],
                nearDuplicateShare: duplicates.vendorShare[v],
                reliability: nil, flags: [])
            row.flags = flags(row, medianWER: medianWER, medianLength: medianLength)
            return row
        }
        let items = (0..<set.itemCount).filter { !idx.labels(ofItem: $0).isEmpty }
        let examples = (duplicates.pairs.filter(\.copyPaste) + duplicates.pairs.filter { !$0.copyPaste })
            .prefix(50).map { p in
                Pair(
                    firstItem: idx.itemIDs[Int(p.firstItem)],
                    firstAnnotator: idx.annotatorIDs[Int(p.firstAnnotator)],
                    firstVendor: idx.vendorName(ofAnnotator: Int(p.firstAnnotator)),
                    secondItem: idx.itemIDs[Int(p.secondItem)],
                    secondAnnotator: idx.annotatorIDs[Int(p.secondAnnotator)],
                    secondVendor: idx.vendorName(ofAnnotator: Int(p.secondAnnotator)),
                    similarity: p.similarity,
                    exact: p.exact, copyPaste: p.copyPaste)
            }
        var agreement = AgreementReport.text(
            set, distances: distances, byVendor: false, bootstrap: bootstrap, seed: seed)
        if vendors.count > 1 {
            agreement.rows += AgreementReport.text(set, byVendor: true, bootstrap: bootstrap, seed: seed).rows
        }
        return TextReport(
            method: c.method.rawValue, iterations: c.iterations, bootstrap: bootstrap, seed: seed,
            summary: Summary(
                answers: set.count, items: items.count, annotators: writers.count, vendors: vendors.count),
            consensus: ConsensusSummary(
                items: items.count,
                meanConfidence: items.isEmpty
                    ? 0 : items.reduce(0) { $0 + c.confidence[$1] } / Double(items.count),
                assembledItems: items.filter { c.source[$0] < 0 }.count,
                meanWords: items.isEmpty
                    ? 0 : Double(items.reduce(0) { $0 + c.words.length($1) }) / Double(items.count)),
            annotators: annotators, vendors: vendors,
            nearDuplicates: NearDuplicateSummary(
                pairs: duplicates.pairs.count, exact: duplicates.pairs.filter(\.exact).count,
                crossVendor: duplicates.pairs.filter(\.crossVendor).count,
                copyPaste: duplicates.pairs.filter(\.copyPaste).count, examples: Array(examples)),
            agreement: agreement.rows)
    }

    /// The sentences flagging a writer or vendor: an error rate over twice the writers' median,
    /// copy-paste, answers much shorter than the others'.
    static func flags(_ r: WriterRow, medianWER: Double, medianLength: Double) -> [String] {
        var out: [String] = []
        if r.answers >= 10, medianWER > 0, r.wordErrorRate > 2 * medianWER {
            out.append(
                String(
                    format: "error rate %.2f against the consensus, over twice the writers' median (%.2f)",
                    r.wordErrorRate, medianWER))
        }
        if r.comparedAnswers >= 5, r.nearDuplicateShare >= 0.2 {
            out.append(
                "copy-paste: \(r.copiedAnswers) of \(r.comparedAnswers) compared answers near-duplicate another "
                    + "answer and the consensus does not explain it")
        }
        if r.answers >= 10, medianLength > 0, r.medianLength < 0.5 * medianLength {
            out.append(
                String(
                    format: "short answers: median %.0f words against %.0f over all answers", r.medianLength,
                    medianLength))
        }
        return out
    }
}
