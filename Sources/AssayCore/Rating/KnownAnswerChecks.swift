// Assay — quality control for human-labelled training data.

/// Per-rater results of checks with a known answer that are not labels of the project: attention
/// checks, "hands on the wheel" tests (an error deliberately injected into a translation that the
/// rater should find), instructed-response items. Each check is passed (found) or failed
/// (missed); a rater's pass rate with its Wilson interval is a quality figure of its own, beside
/// the severity and noise that the rating model infers.
///
/// A reader fills it from interned columns: the rater index of each check (in the rating set's
/// annotator table) and whether it was passed.
public struct KnownAnswerChecks: Sendable, Equatable {
    /// Checks passed by each rater.
    public var passed: [Int]
    /// Checks failed by each rater.
    public var failed: [Int]

    /// Counts from one row per check.
    /// - Complexity: O(checks + annotators).
    /// - Precondition: every rater index is in `0..<annotators`.
    public init(annotators: Int, rater: [Int32], passed outcome: [Bool]) {
        precondition(rater.count == outcome.count, "check columns differ in length")
        var passed = [Int](repeating: 0, count: annotators)
        var failed = [Int](repeating: 0, count: annotators)
        for (a, ok) in zip(rater, outcome) {
            precondition(a >= 0 && Int(a) < annotators, "rater \(a) outside 0..<\(annotators)")
            if ok { passed[Int(a)] += 1 } else { failed[Int(a)] += 1 }
        }
        self.passed = passed
        self.failed = failed
    }

    /// Checks taken by rater `a`.
    public func checks(of a: Int) -> Int { passed[a] + failed[a] }

    /// Rater `a`'s pass rate, nil when it took no check.
    public func passRate(of a: Int) -> Double? {
        checks(of: a) > 0 ? Double(passed[a]) / Double(checks(of: a)) : nil
    }

    /// 95% Wilson interval of rater `a`'s pass rate.
    public func passInterval(of a: Int) -> (low: Double, high: Double)? {
        WilsonInterval.interval(successes: passed[a], trials: checks(of: a))
    }

    /// Spearman's ρ between the raters' pass rates and `figure` (for example their severities),
    /// over the raters that took at least `minimumChecks` checks; nil when undefined.
    /// - Complexity: O(annotators log annotators).
    public func rankCorrelation(with figure: [Double], minimumChecks: Int = 1) -> Double? {
        let raters = passed.indices.filter { checks(of: $0) >= max(minimumChecks, 1) }
        return RatingMetrics.spearman(raters.map { passRate(of: $0)! }, raters.map { figure[$0] })
    }
}
