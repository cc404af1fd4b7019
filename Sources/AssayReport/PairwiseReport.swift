// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation

/// The analysis of a pairwise-preference set as one value: the objects' leaderboard with score
/// intervals, the per-comparison consensus, every annotator and vendor (LLM judges among them)
/// with their agreement with the consensus, position bias, tie rate, order inconsistency and
/// reliability, agreement among votes, transitivity, and each vendor against the others' votes.
/// Filled from Core by `build`; every view renders it and computes nothing.
public struct PairwiseReport: Codable, Sendable {
    /// Always `pairwise`.
    public var type = "pairwise"
    /// The object model (`auto`, `bt`, `crowdbt`).
    public var method: String
    /// What the object model said (what `auto` chose and why, the prior, the tie model).
    public var methodNotes: [String]
    /// The per-comparison model (`pds`).
    public var consensusMethod: String
    /// What the per-comparison model said.
    public var consensusNotes: [String]
    /// Whether the display order of the votes is known (else position bias is unknown).
    public var positionsKnown: Bool
    /// Bootstrap replicates behind the agreement intervals (0: none).
    public var bootstrap: Int
    /// Seed of the bootstrap and of `auto`'s folds.
    public var seed: UInt64
    /// Counts.
    public var summary: Summary
    /// Objects, most preferred first.
    public var objects: [ObjectRow]
    /// How the score intervals were computed.
    public var intervalMethod: String
    /// Davidson's tie parameter of the object model (0 without ties).
    public var tieParameter: Double
    /// What the per-comparison consensus decided.
    public var consensus: ConsensusSummary
    /// Annotators, least reliable first.
    public var annotators: [JudgeRow]
    /// Vendors, each as one judge.
    public var vendors: [JudgeRow]
    /// Agreement among all votes; then within each vendor and between every two vendors.
    public var agreement: [AgreementReport.Row]
    /// Cycles among well-supported object pairs.
    public var transitivity: Transitivity
    /// With two or more vendors: each vendor's votes against the other vendors' votes (an LLM judge
    /// against the human consensus).
    public var judges: [JudgeComparison]

    enum CodingKeys: String, CodingKey {
        case type, method
        case methodNotes = "method_notes"
        case consensusMethod = "consensus_method"
        case consensusNotes = "consensus_notes"
        case positionsKnown = "positions_known"
        case bootstrap, seed, summary, objects
        case intervalMethod = "interval_method"
        case tieParameter = "tie_parameter"
        case consensus, annotators, vendors, agreement, transitivity, judges
    }

    /// Counts of the set.
    public struct Summary: Codable, Sendable, Equatable {
        /// Votes.
        public var comparisons: Int
        /// Shown pairs.
        public var items: Int
        /// Objects compared.
        public var objects: Int
        /// Annotators.
        public var annotators: Int
        /// Vendors.
        public var vendors: Int
        /// Tie votes.
        public var ties: Int
    }

    /// One object of the leaderboard.
    public struct ObjectRow: Codable, Sendable {
        /// Object id.
        public var object: String
        /// 1 = most preferred.
        public var rank: Int
        /// Centred log-strength (higher = preferred; differences are log-odds of winning).
        public var score: Figure
        /// Standard error of the score.
        public var standardError: Double
        /// Votes it took part in.
        public var comparisons: Int
        /// Votes it won.
        public var wins: Int
        /// Votes it lost.
        public var losses: Int
        /// Tie votes.
        public var ties: Int

        enum CodingKeys: String, CodingKey {
            case object, rank, score
            case standardError = "standard_error"
            case comparisons, wins, losses, ties
        }
    }

    /// What the per-comparison consensus decided.
    public struct ConsensusSummary: Codable, Sendable, Equatable {
        /// Items with votes.
        public var items: Int
        /// Items whose consensus is that the first object (in byte order of ids) is better.
        public var firstBetter: Int
        /// Items whose consensus is that the second is better.
        public var secondBetter: Int
        /// Items whose consensus is a tie.
        public var ties: Int
        /// Mean posterior of the consensus outcome.
        public var meanConfidence: Double
        /// Items with two or more votes.
        public var itemsWithTwoOrMoreVotes: Int
        /// Items whose consensus has a posterior below 0.8.
        public var uncertainItems: Int
        /// Estimated share of pairs whose true outcome is a tie.
        public var tiePrior: Double

        enum CodingKeys: String, CodingKey {
            case items
            case firstBetter = "first_better"
            case secondBetter = "second_better"
            case ties
            case meanConfidence = "mean_confidence"
            case itemsWithTwoOrMoreVotes = "items_with_two_or_more_votes"
            case uncertainItems = "uncertain_items"
            case tiePrior = "tie_prior"
        }
    }

    /// An annotator's or a vendor's card.
    public struct JudgeRow: Codable, Sendable {
        /// Vendor name.
        public var vendor: String
        /// Annotator id; null on a vendor's card.
        public var annotator: String?
        /// Annotators (1 on an annotator's card).
        public var annotators: Int
        /// Votes.
        public var labels: Int
        /// Distinct items voted on.
        public var items: Int
        /// Tie votes.
        public var ties: Int
        /// Share of votes that are ties (Wilson interval).
        public var tieRate: Figure?
        /// Votes on items with two or more votes (the ones a consensus checks).
        public var consensusChecked: Int
        /// Share of those equal to the consensus outcome (Wilson interval).
        public var agreementWithConsensus: Figure?
        /// Share of decisive votes for the left object (Wilson interval; null when positions are
        /// unknown).
        public var leftShare: Figure?
        /// P(left | indifferent, not a tie) from the per-comparison model (0.5 = none; Wilson
        /// interval on the expected counts; null when positions are unknown).
        public var positionBias: Figure?
        /// Probability that a vote follows the true outcome (Wilson interval on the expected counts).
        public var reliability: Figure
        /// Pairs of own votes on the same item in opposite display orders.
        public var orderPairs: Int
        /// Share of those pairs whose verdicts differ (Wilson interval).
        public var orderInconsistency: Figure?
        /// Votes the source marked as inconsistent across display orders (MT-bench's
        /// `tie (inconsistent)`).
        public var flaggedInconsistent: Int
        /// Their share of the votes, with its Wilson interval: the judge's order inconsistency as the
        /// source measured it (GPT-4 judged in both orders with verdicts that differ).
        public var flaggedShare: Figure
        /// Crowd-BT's η when the object model has one (mean over a vendor's votes).
        public var crowdReliability: Double?
        /// Mean cost a vote, where costs are known.
        public var costPerLabel: Double?
        /// Median seconds a vote, where durations are known.
        public var medianSeconds: Double?
        /// Each flag is a sentence saying why.
        public var flags: [String]
        /// Its votes on gold pairs checked against the gold answers; null when it voted on none
        /// (or the project has no gold).
        public var gold: GoldCheck? = nil

        enum CodingKeys: String, CodingKey {
            case vendor, annotator, annotators, labels, items, ties, gold
            case tieRate = "tie_rate"
            case consensusChecked = "consensus_checked"
            case agreementWithConsensus = "agreement_with_consensus"
            case leftShare = "left_share"
            case positionBias = "position_bias"
            case reliability
            case orderPairs = "order_pairs"
            case orderInconsistency = "order_inconsistency"
            case flaggedInconsistent = "flagged_inconsistent"
            case flaggedShare = "flagged_share"
            case crowdReliability = "crowd_reliability"
            case costPerLabel = "cost_per_label"
            case medianSeconds = "median_seconds"
            case flags
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(annotator, forKey: .annotator)
            try c.encode(annotators, forKey: .annotators)
            try c.encode(labels, forKey: .labels)
            try c.encode(items, forKey: .items)
            try c.encode(ties, forKey: .ties)
            try c.encode(tieRate, forKey: .tieRate)
            try c.encode(consensusChecked, forKey: .consensusChecked)
            try c.encode(agreementWithConsensus, forKey: .agreementWithConsensus)
            try c.encode(leftShare, forKey: .leftShare)
            try c.encode(positionBias, forKey: .positionBias)
            try c.encode(reliability, forKey: .reliability)
            try c.encode(orderPairs, forKey: .orderPairs)
            try c.encode(orderInconsistency, forKey: .orderInconsistency)
            try c.encode(flaggedInconsistent, forKey: .flaggedInconsistent)
            try c.encode(flaggedShare, forKey: .flaggedShare)
            try c.encode(crowdReliability, forKey: .crowdReliability)
            try c.encode(costPerLabel, forKey: .costPerLabel)
            try c.encode(medianSeconds, forKey: .medianSeconds)
            try c.encode(flags, forKey: .flags)
            try c.encode(gold, forKey: .gold)
        }
    }

    /// A judge's votes on gold pairs (honeypots): a vote is correct when its outcome is the gold
    /// answer's (the preferred object, or a tie).
    public struct GoldCheck: Codable, Sendable, Equatable {
        /// Votes on gold pairs.
        public var labels: Int
        /// Of those, votes equal to the gold answer.
        public var correct: Int
        /// correct / labels, with its Wilson interval.
        public var accuracy: Figure
    }

    /// Cycles among well-supported object pairs (a binomial test of each pair's decisive votes).
    public struct Transitivity: Codable, Sendable {
        /// Significance level of a supported edge.
        public var alpha: Double
        /// Object pairs with decisive votes.
        public var comparedPairs: Int
        /// Pairs whose majority is significant.
        public var supportedEdges: Int
        /// Triangles of supported edges.
        public var triangles: Int
        /// Of those, cycles (a beats b beats c beats a).
        public var cycles: Int
        /// cycles / triangles, null without triangles.
        public var cycleShare: Double?
        /// Up to ten cycles, each as its three edges `winner > loser (wins–losses)`.
        public var examples: [[String]]

        enum CodingKeys: String, CodingKey {
            case alpha
            case comparedPairs = "compared_pairs"
            case supportedEdges = "supported_edges"
            case triangles, cycles
            case cycleShare = "cycle_share"
            case examples
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(alpha, forKey: .alpha)
            try c.encode(comparedPairs, forKey: .comparedPairs)
            try c.encode(supportedEdges, forKey: .supportedEdges)
            try c.encode(triangles, forKey: .triangles)
            try c.encode(cycles, forKey: .cycles)
            try c.encode(cycleShare, forKey: .cycleShare)
            try c.encode(examples, forKey: .examples)
        }
    }

    /// One vendor's votes against the other vendors' votes on the same items.
    public struct JudgeComparison: Codable, Sendable {
        /// The vendor (for example an LLM judge).
        public var vendor: String
        /// The vendors it is compared with.
        public var others: [String]
        /// Share of agreeing (vendor vote, other vote) pairs, ties counted as an answer (bootstrap
        /// interval over items).
        public var withTies: Figure?
        /// The same among pairs where neither vote is a tie.
        public var withoutTies: Figure?
        /// Vote pairs behind `withTies`.
        public var pairsWithTies: Int
        /// Vote pairs behind `withoutTies`.
        public var pairsWithoutTies: Int
        /// Share of the vendor's votes equal to the others' majority (items without a single
        /// majority skipped).
        public var versusMajority: Figure?
        /// Each annotator of the other vendors: agreement of their votes with this vendor's.
        public var annotators: [AnnotatorAgreement]

        enum CodingKeys: String, CodingKey {
            case vendor, others
            case withTies = "with_ties"
            case withoutTies = "without_ties"
            case pairsWithTies = "pairs_with_ties"
            case pairsWithoutTies = "pairs_without_ties"
            case versusMajority = "versus_majority"
            case annotators
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(others, forKey: .others)
            try c.encode(withTies, forKey: .withTies)
            try c.encode(withoutTies, forKey: .withoutTies)
            try c.encode(pairsWithTies, forKey: .pairsWithTies)
            try c.encode(pairsWithoutTies, forKey: .pairsWithoutTies)
            try c.encode(versusMajority, forKey: .versusMajority)
            try c.encode(annotators, forKey: .annotators)
        }
    }

    /// One annotator's agreement with a vendor's votes.
    public struct AnnotatorAgreement: Codable, Sendable {
        /// The annotator's vendor.
        public var vendor: String
        /// The annotator.
        public var annotator: String
        /// Share of agreeing vote pairs, ties counted.
        public var withTies: Double?
        /// The same without ties.
        public var withoutTies: Double?
        /// Vote pairs behind `withTies`.
        public var pairs: Int

        enum CodingKeys: String, CodingKey {
            case vendor, annotator
            case withTies = "with_ties"
            case withoutTies = "without_ties"
            case pairs
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(annotator, forKey: .annotator)
            try c.encode(withTies, forKey: .withTies)
            try c.encode(withoutTies, forKey: .withoutTies)
            try c.encode(pairs, forKey: .pairs)
        }
    }
}
