// Assay — quality control for human-labelled training data.

/// What an object model concluded about a pairwise set: a score per object with its interval, and
/// per annotator the reliability where the model has one.
public struct PairwiseScores: Sendable {
    /// The method's short name (`bt`, `crowdbt`, `auto`).
    public var method: String
    /// Per object: the centred log-strength θ_i − mean(θ); higher is preferred. Two objects' scores
    /// differ by the log-odds that the first beats the second (Bradley–Terry's scale).
    public var score: [Double]
    /// Per object: standard error of the score (see `intervalMethod`).
    public var standardError: [Double]
    /// Per object: lower end of the 95% interval (score − 1.96 · standard error).
    public var low: [Double]
    /// Per object: upper end of the 95% interval.
    public var high: [Double]
    /// How the intervals were computed.
    public var intervalMethod: String
    /// Per object: comparisons it took part in (labels).
    public var comparisons: [Int]
    /// Davidson's tie parameter ν (0 when the set has no ties).
    public var tieParameter: Double
    /// Per annotator: the probability of reporting the true order (Crowd-BT's η); empty when the
    /// model has none.
    public var annotatorReliability: [Double]
    /// Log-likelihood of the comparisons at the fit (without the prior).
    public var logLikelihood: Double
    /// Iterations run.
    public var iterations: Int
    /// Whether the fit met its tolerance before its iteration cap.
    public var converged: Bool
    /// Plain-language remarks (prior, tie model, what was chosen and why).
    public var notes: [String]
}

/// A method that scores the objects of a pairwise set.
public protocol PairwiseRankingMethod: Sendable {
    /// Short name used on the command line.
    var name: String { get }
    /// Fits the method. Deterministic: the same set and configuration give the same result.
    func fit(_ set: PairwiseSet) -> PairwiseScores
}

/// The object models by name.
public enum PairwiseMethods {
    /// Names accepted by `named(_:)`.
    public static let names = ["auto", "bt", "crowdbt"]

    /// The method called `name`, nil when there is none.
    public static func named(_ name: String, seed: UInt64 = 0) -> (any PairwiseRankingMethod)? {
        switch name {
        case "auto": PairwiseAutoMethod(seed: seed)
        case "bt": BradleyTerry()
        case "crowdbt": CrowdBT()
        default: nil
        }
    }
}

extension PairwiseScores {
    /// Scores centred on their mean, with intervals from standard errors, per-object counts and the
    /// usual fields.
    static func make(
        method: String, theta: [Double], se: (se: [Double], exact: Bool), set: PairwiseSet, nu: Double,
        eta: [Double], logLikelihood: Double, iterations: Int, converged: Bool, notes: [String]
    ) -> PairwiseScores {
        let mean = theta.isEmpty ? 0 : theta.reduce(0, +) / Double(theta.count)
        let score = theta.map { $0 - mean }
        let z = 1.959963984540054
        var comparisons = [Int](repeating: 0, count: set.objectCount)
        for i in 0..<set.itemCount {
            let n = set.index.itemOffsets[i + 1] - set.index.itemOffsets[i]
            comparisons[Int(set.itemFirst[i])] += n
            comparisons[Int(set.itemSecond[i])] += n
        }
        return PairwiseScores(
            method: method, score: score, standardError: se.se,
            low: zip(score, se.se).map { $0 - z * $1 }, high: zip(score, se.se).map { $0 + z * $1 },
            intervalMethod: se.exact
                ? "observed Fisher information, inverted exactly (other scores uncertain too)"
                : "observed Fisher information, diagonal (each score with the others known)",
            comparisons: comparisons, tieParameter: nu, annotatorReliability: eta,
            logLikelihood: logLikelihood, iterations: iterations, converged: converged, notes: notes)
    }
}
