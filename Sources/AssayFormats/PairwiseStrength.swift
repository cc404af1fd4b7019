// Assay — quality control for human-labelled training data.

import AssayCore

/// A pairwise file's strength column, normalised as `PairwiseSet` expects: a strength in [0, 1],
/// where 1 is the strongest preference the scale allows.
///
/// - Beside a label (a **magnitude**): a number ≥ 0 on `0 … maximum` (for example 0..1, or 1..3 for
///   "slightly, clearly, much better"); strength = value / maximum.
/// - Alone (a **preference**): a number on `minimum … maximum` whose low end favours the left
///   object, whose high end the right one and whose middle is a tie (−2..2, a 1–7 Likert scale);
///   strength = |value − middle| / (half the range), and the side follows the sign.
///
/// Without a declared scale, the scale is inferred from the values the file holds: a magnitude on
/// 0..1 when every value is within it, else on 0..(largest value); a preference on −k..k (k the
/// largest absolute value) when any value is negative, else on 1..(largest) when every value is at
/// least 1 (a Likert scale), else on 0..(largest). A file whose values do not reach both ends of
/// its real scale is then read on a narrower one: declare the scale.
struct PairwiseStrength {
    /// Whether the strength stands beside a label (a magnitude) or alone (a preference).
    let magnitude: Bool
    /// The declared scale, if any.
    let declared: RatingScale?

    /// What a value must be, for messages.
    var expectation: String {
        if let declared {
            return magnitude
                ? "\(declared.expectation) (how strong the preference is; the label gives its side)"
                : "\(declared.expectation) (a preference: the low end for the left object, the high end "
                    + "for the right one, the middle a tie)"
        }
        return magnitude
            ? "a number ≥ 0 (how strong the preference is; the label gives its side)"
            : "a number (a preference: below the middle of the scale the left object is better, above it "
                + "the right one, at the middle a tie)"
    }

    /// The check of each distinct strength value's bytes.
    var check: TypedLayout.ValueCheck {
        let magnitude = magnitude
        let declared = declared
        let expected = expectation
        return { bytes in
            // An empty magnitude is no strength (NaN); an empty preference never gets here.
            if bytes.isEmpty { return nil }
            guard let v = DecimalNumber.parse(bytes) else { return expected }
            if let declared { return declared.violation(of: v) == nil ? nil : expected }
            return magnitude && v < 0 ? expected : nil
        }
    }

    /// A declared scale that cannot hold a magnitude (its minimum below 0 or its maximum at most 0).
    var declarationProblem: String? {
        guard magnitude, let s = declared, s.minimum < 0 || !(s.maximum > 0) else { return nil }
        return "a strength scale from 0 or more up to a positive maximum (the strength beside a label is a "
            + "magnitude), not \(s.expectation)"
    }

    /// The scale the values are read on: the declared one, or the one `values` imply.
    func scale(of values: [Double]) -> (minimum: Double, maximum: Double, inferred: Bool) {
        if let declared { return (declared.minimum, declared.maximum, false) }
        let top = values.max() ?? 1
        if magnitude { return (0, top <= 1 ? 1 : top, true) }
        if let low = values.min(), low < 0 {
            let k = values.map(abs).max()!
            return (-k, k, true)
        }
        return ((values.min() ?? 1) >= 1 ? 1 : 0, top, true)
    }

    /// The strength and side of `value` on `scale`: (strength in [0, 1], outcome) where the outcome
    /// is `PairwiseSet.Outcome`'s raw value for a preference (the side) and nil for a magnitude. A
    /// tie has strength NaN.
    static func normalise(
        _ value: Double, on scale: (minimum: Double, maximum: Double), magnitude: Bool
    ) -> (Float, UInt8?) {
        if magnitude { return (Float(scale.maximum > 0 ? min(max(value / scale.maximum, 0), 1) : 0), nil) }
        let middle = (scale.minimum + scale.maximum) / 2
        let half = (scale.maximum - scale.minimum) / 2
        let offset = value - middle
        if half <= 0 || abs(offset) <= RatingScale.tolerance * half {
            return (.nan, PairwiseSet.Outcome.tie.rawValue)
        }
        let strength = Float(min(abs(offset) / half, 1))
        return (strength, offset < 0 ? PairwiseSet.Outcome.left.rawValue : PairwiseSet.Outcome.right.rawValue)
    }

    /// The scale in words, for the read's notes.
    static func describe(_ scale: (minimum: Double, maximum: Double), magnitude: Bool) -> String {
        func number(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        }
        let range = "\(number(scale.minimum))..\(number(scale.maximum))"
        if magnitude { return "\(range) (strength = value / \(number(scale.maximum)))" }
        return
            "\(range) (below \(number((scale.minimum + scale.maximum) / 2)) the left object is better, above it "
            + "the right one, at it a tie)"
    }
}
