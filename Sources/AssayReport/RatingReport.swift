// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// The analysis of a rating set as one value: the consensus, every rater's severity with its
/// interval, noise and correlation with the consensus (and known-answer checks when given), the
/// vendors side by side, and α at the interval and ordinal levels. Filled from Core by `build`;
/// every view renders it and computes nothing.
public struct RatingReport: Codable, Sendable {
    /// Always `rating`.
    public var type = "rating"
    /// The method (`additive`, `ods`, `mean`, `median`, `auto`).
    public var method: String
    /// What the method said (what `auto` chose and why, the anchor).
    public var methodNotes: [String]
    /// The declared scale.
    public var scale: Scale
    /// Bootstrap replicates behind the vendor and agreement intervals (0: none).
    public var bootstrap: Int
    /// Seed of the bootstrap and of `auto`'s folds.
    public var seed: UInt64
    /// Counts.
    public var summary: Summary
    /// What the consensus looks like.
    public var consensus: ConsensusSummary
    /// Raters, harshest (lowest severity) first.
    public var raters: [RaterRow]
    /// Vendors.
    public var vendors: [VendorRow]
    /// α at the interval and ordinal levels over all ratings, then within each vendor.
    public var agreement: [AgreementReport.Row]
    /// Known-answer checks (attention checks), when given.
    public var checks: Checks?

    enum CodingKeys: String, CodingKey {
        case type, method
        case methodNotes = "method_notes"
        case scale, bootstrap, seed, summary, consensus, raters, vendors, agreement, checks
    }

    /// Every key is written, absent checks as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(method, forKey: .method)
        try c.encode(methodNotes, forKey: .methodNotes)
        try c.encode(scale, forKey: .scale)
        try c.encode(bootstrap, forKey: .bootstrap)
        try c.encode(seed, forKey: .seed)
        try c.encode(summary, forKey: .summary)
        try c.encode(consensus, forKey: .consensus)
        try c.encode(raters, forKey: .raters)
        try c.encode(vendors, forKey: .vendors)
        try c.encode(agreement, forKey: .agreement)
        try c.encode(checks, forKey: .checks)
    }

    /// The declared scale: `minimum`/`maximum` null when open, `step` null when continuous.
    public struct Scale: Codable, Sendable, Equatable {
        /// Lowest value (null: open).
        public var minimum: Double?
        /// Highest value (null: open).
        public var maximum: Double?
        /// Step (null: continuous).
        public var step: Double?
        /// `ordinal` or `interval`.
        public var level: String

        /// The report's view of a Core scale.
        public init(_ s: RatingScale) {
            minimum = s.minimum.isFinite ? s.minimum : nil
            maximum = s.maximum.isFinite ? s.maximum : nil
            step = s.step
            level = s.level.rawValue
        }

        /// Every key is written, absent ends and step as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(minimum, forKey: .minimum)
            try c.encode(maximum, forKey: .maximum)
            try c.encode(step, forKey: .step)
            try c.encode(level, forKey: .level)
        }
    }

    /// Counts of the set.
    public struct Summary: Codable, Sendable, Equatable {
        /// Ratings.
        public var ratings: Int
        /// Items with ratings.
        public var items: Int
        /// Raters with ratings.
        public var raters: Int
        /// Vendors with ratings.
        public var vendors: Int
        /// Standard deviation of all ratings (the unit the flags measure severity in).
        public var ratingSD: Double

        enum CodingKeys: String, CodingKey {
            case ratings, items, raters, vendors
            case ratingSD = "rating_sd"
        }
    }

    /// What the consensus looks like.
    public struct ConsensusSummary: Codable, Sendable, Equatable {
        /// Items with ratings.
        public var items: Int
        /// Mean of the consensus values.
        public var meanValue: Double
        /// Mean width of the items' 95% intervals.
        public var meanIntervalWidth: Double
        /// Median ratings an item.
        public var medianRatingsPerItem: Double
        /// Iterations the method ran.
        public var iterations: Int
        /// Whether an iterative method converged.
        public var converged: Bool

        enum CodingKeys: String, CodingKey {
            case items
            case meanValue = "mean_value"
            case meanIntervalWidth = "mean_interval_width"
            case medianRatingsPerItem = "median_ratings_per_item"
            case iterations, converged
        }
    }

    /// A rater's card.
    public struct RaterRow: Codable, Sendable {
        /// 1 = harshest.
        public var rank: Int
        /// Vendor name.
        public var vendor: String
        /// Rater id.
        public var annotator: String
        /// Ratings given.
        public var ratings: Int
        /// Distinct items rated.
        public var items: Int
        /// Offset from the consensus in scale units (negative: rates lower), with the model's 95%
        /// interval.
        public var severity: Figure
        /// Standard deviation of the ratings around item value + severity.
        public var noise: Double
        /// Pearson's r of the ratings with the items' consensus values.
        public var correlationWithConsensus: Double?
        /// Known-answer checks taken (0 without checks).
        public var checks: Int
        /// Checks passed.
        public var checksPassed: Int
        /// Pass rate with its Wilson interval; null without checks.
        public var passRate: Figure?
        /// Median seconds a rating.
        public var medianSeconds: Double?
        /// Mean cost a rating.
        public var costPerLabel: Double?
        /// Each flag is a sentence saying why.
        public var flags: [String]

        enum CodingKeys: String, CodingKey {
            case rank, vendor, annotator, ratings, items, severity, noise
            case correlationWithConsensus = "correlation_with_consensus"
            case checks
            case checksPassed = "checks_passed"
            case passRate = "pass_rate"
            case medianSeconds = "median_seconds"
            case costPerLabel = "cost_per_label"
            case flags
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rank, forKey: .rank)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(annotator, forKey: .annotator)
            try c.encode(ratings, forKey: .ratings)
            try c.encode(items, forKey: .items)
            try c.encode(severity, forKey: .severity)
            try c.encode(noise, forKey: .noise)
            try c.encode(correlationWithConsensus, forKey: .correlationWithConsensus)
            try c.encode(checks, forKey: .checks)
            try c.encode(checksPassed, forKey: .checksPassed)
            try c.encode(passRate, forKey: .passRate)
            try c.encode(medianSeconds, forKey: .medianSeconds)
            try c.encode(costPerLabel, forKey: .costPerLabel)
            try c.encode(flags, forKey: .flags)
        }
    }

    /// A vendor's card.
    public struct VendorRow: Codable, Sendable {
        /// Vendor name.
        public var vendor: String
        /// Raters with ratings.
        public var raters: Int
        /// Ratings.
        public var ratings: Int
        /// Distinct items rated.
        public var items: Int
        /// Mean offset of its ratings from the consensus, with a bootstrap interval over its items
        /// (or the reason there is none).
        public var severity: Figure
        /// Standard deviation of its offsets around that severity.
        public var noise: Double
        /// Pearson's r of its ratings with the consensus values.
        public var correlationWithConsensus: Double?
        /// Known-answer checks taken by its raters.
        public var checks: Int
        /// Checks passed.
        public var checksPassed: Int
        /// Pass rate with its Wilson interval; null without checks.
        public var passRate: Figure?
        /// Median seconds a rating.
        public var medianSeconds: Double?
        /// Mean cost a rating.
        public var costPerLabel: Double?

        enum CodingKeys: String, CodingKey {
            case vendor, raters, ratings, items, severity, noise
            case correlationWithConsensus = "correlation_with_consensus"
            case checks
            case checksPassed = "checks_passed"
            case passRate = "pass_rate"
            case medianSeconds = "median_seconds"
            case costPerLabel = "cost_per_label"
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(raters, forKey: .raters)
            try c.encode(ratings, forKey: .ratings)
            try c.encode(items, forKey: .items)
            try c.encode(severity, forKey: .severity)
            try c.encode(noise, forKey: .noise)
            try c.encode(correlationWithConsensus, forKey: .correlationWithConsensus)
            try c.encode(checks, forKey: .checks)
            try c.encode(checksPassed, forKey: .checksPassed)
            try c.encode(passRate, forKey: .passRate)
            try c.encode(medianSeconds, forKey: .medianSeconds)
            try c.encode(costPerLabel, forKey: .costPerLabel)
        }
    }

    /// Known-answer checks over all raters.
    public struct Checks: Codable, Sendable {
        /// Checks taken.
        public var checks: Int
        /// Checks passed.
        public var passed: Int
        /// Raters who took at least one.
        public var ratersChecked: Int
        /// Spearman's ρ between the raters' pass rates and their severities (null when undefined).
        public var rankCorrelationWithSeverity: Double?

        enum CodingKeys: String, CodingKey {
            case checks, passed
            case ratersChecked = "raters_checked"
            case rankCorrelationWithSeverity = "rank_correlation_with_severity"
        }

        /// Every key is written, an undefined correlation as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(checks, forKey: .checks)
            try c.encode(passed, forKey: .passed)
            try c.encode(ratersChecked, forKey: .ratersChecked)
            try c.encode(rankCorrelationWithSeverity, forKey: .rankCorrelationWithSeverity)
        }
    }
}
