// Assay — quality control for human-labelled training data.

/// The declared scale of a rating project: a range `minimum ... maximum`, either in integer steps
/// from the minimum (a 1..5 Likert scale, −3..1 severities, a 0..100 slider in steps of 1) or
/// continuous, and read at the ordinal or the interval level.
///
/// A reader checks every value with `violation(of:)` and reports `expectation` next to the
/// offending field. Continuous scales may be open at either end (an MQM penalty has no lower bound).
public struct RatingScale: Sendable, Equatable {
    /// How the numbers on the scale may be read.
    public enum Level: String, Sendable, CaseIterable {
        /// Only the order of the values means something (a Likert scale of agreement).
        case ordinal
        /// Differences mean something too (a slider, a penalty, a score).
        case interval
    }

    /// Why a value is not on the scale.
    public enum Violation: Sendable, Equatable {
        /// NaN or infinite.
        case notFinite
        /// Below `minimum`.
        case belowMinimum
        /// Above `maximum`.
        case aboveMaximum
        /// Between two steps of a stepped scale.
        case offStep
    }

    /// An inconsistent declaration (empty range, non-positive step, a range that is not a whole
    /// number of steps, a stepped scale with an open end).
    public struct DeclarationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, in words a user can act on.
        public var description: String
    }

    /// Lowest value allowed (may be −∞ on a continuous scale).
    public let minimum: Double
    /// Highest value allowed (may be +∞ on a continuous scale).
    public let maximum: Double
    /// Distance between two steps, or nil for a continuous scale.
    public let step: Double?
    /// Level of measurement.
    public let level: Level

    /// Values within `tolerance × step` of a step count as on it (decimal inputs such as −81.4 on a
    /// scale in steps of 0.1 are not exact binary fractions).
    public static let tolerance = 1e-6

    /// A scale, checked: `minimum < maximum`, a positive finite step that divides the range, finite
    /// ends when stepped.
    public init(minimum: Double, maximum: Double, step: Double? = nil, level: Level = .interval)
        throws(DeclarationError)
    {
        guard !minimum.isNaN, !maximum.isNaN, minimum < maximum else {
            throw DeclarationError(
                description: "scale \(minimum)..\(maximum): the minimum must be below the maximum")
        }
        if let step {
            guard step.isFinite, step > 0 else {
                throw DeclarationError(description: "scale step \(step): expected a positive number")
            }
            guard minimum.isFinite, maximum.isFinite else {
                throw DeclarationError(
                    description: "a scale in steps needs finite ends, got \(minimum)..\(maximum)")
            }
            let steps = (maximum - minimum) / step
            guard abs(steps - steps.rounded()) <= Self.tolerance * max(1, steps) else {
                throw DeclarationError(
                    description: "scale \(minimum)..\(maximum) is not a whole number of steps of \(step)")
            }
            guard steps.rounded() < 1e7 else {
                throw DeclarationError(
                    description: "scale \(minimum)..\(maximum) in steps of \(step) has over 10^7 steps")
            }
        }
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
        self.level = level
    }

    /// Whether the scale is in steps.
    public var isStepped: Bool { step != nil }

    /// Number of steps (values) on a stepped scale; nil for a continuous one.
    public var stepCount: Int? {
        guard let step else { return nil }
        return Int(((maximum - minimum) / step).rounded()) + 1
    }

    /// The value of step `k` (0 = minimum) on a stepped scale.
    public func value(ofStep k: Int) -> Double {
        minimum + Double(k) * (step ?? 0)
    }

    /// The step a value stands on (0 = minimum), or nil when it is off the scale or between steps.
    public func stepIndex(of value: Double) -> Int? {
        guard let step, violation(of: value) == nil else { return nil }
        return Int(((value - minimum) / step).rounded())
    }

    /// The nearest step to `value`, clamped to the scale (for simulated or inferred values).
    public func nearestStep(to value: Double) -> Int? {
        guard let step, let count = stepCount, value.isFinite else { return nil }
        return min(max(Int(((value - minimum) / step).rounded()), 0), count - 1)
    }

    /// Why `value` is not on the scale, or nil when it is.
    public func violation(of value: Double) -> Violation? {
        guard value.isFinite else { return .notFinite }
        let slack = (step ?? 0) * Self.tolerance
        if value < minimum - slack { return .belowMinimum }
        if value > maximum + slack { return .aboveMaximum }
        if let step {
            let k = (value - minimum) / step
            if abs(k - k.rounded()) > Self.tolerance * max(1, abs(k)) { return .offStep }
        }
        return nil
    }

    /// `value` clamped to the scale's range.
    public func clamp(_ value: Double) -> Double { min(max(value, minimum), maximum) }

    /// What a value must be, for error messages: "a number from 1 to 5 in steps of 1".
    public var expectation: String {
        func number(_ x: Double) -> String {
            if x == .infinity { return "∞" }
            if x == -.infinity { return "−∞" }
            return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        }
        let range =
            minimum == -.infinity && maximum == .infinity
            ? "any number"
            : minimum == -.infinity
                ? "a number up to \(number(maximum))"
                : maximum == .infinity
                    ? "a number from \(number(minimum))"
                    : "a number from \(number(minimum)) to \(number(maximum))"
        guard let step else { return range }
        return "\(range) in steps of \(number(step))"
    }
}
