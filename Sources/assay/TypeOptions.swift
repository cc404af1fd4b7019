// Assay — quality control for human-labelled training data.

public import ArgumentParser
import AssayCore
import AssayFormats
import Foundation

/// The project types a command can read.
enum LabelType: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// One class out of K.
    case categorical
    /// Two objects shown, one preferred or a tie.
    case pairwise
    /// A number on a scale.
    case rating
    /// A set of classes.
    case multilabel
    /// Free text.
    case text
}

/// What a command needs to read labels of another type than categorical: the type when the file
/// cannot tell, and a rating scale when the file should not be trusted to show it.
struct TypeOptions: ParsableArguments {
    @Option(
        help: """
            Label type: categorical, pairwise, rating, multilabel or text (default: what the file's \
            columns imply, categorical when they imply nothing; a project's own type).
            """)
    var type: LabelType?

    @Option(
        help: """
            Rating scale as MIN..MAX (for example 1..5, -3..1, 0..100; an open end may be left empty: \
            ..0; write --scale=-3..1 when the minimum is negative); default: inferred from the file.
            """)
    var scale: String?

    @Option(help: "Step of the rating scale (for example 1); without it the scale is continuous.")
    var step: DecimalNumber?

    @Option(name: .customLong("scale-level"), help: "Level of the rating scale: ordinal or interval.")
    var scaleLevel: RatingScale.Level?

    func validate() throws {
        if scale != nil || step != nil || scaleLevel != nil, let type, type != .rating {
            throw ValidationError(
                "--scale, --step and --scale-level describe ratings; --type is \(type.rawValue)")
        }
        _ = try ratingScale()
    }

    /// The declared scale, nil when none was given (the reader infers it then).
    func ratingScale() throws -> RatingScale? {
        guard let scale else {
            if step != nil || scaleLevel != nil {
                throw ValidationError("--step and --scale-level need --scale MIN..MAX")
            }
            return nil
        }
        return try Self.parseScale(scale, step: step?.value, level: scaleLevel ?? .interval)
    }

    /// `MIN..MAX` (either end may be empty: open) as a scale.
    static func parseScale(_ text: String, step: Double?, level: RatingScale.Level) throws -> RatingScale {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 else {
            throw ValidationError("--scale takes MIN..MAX (for example 1..5 or 0..100), got '\(text)'")
        }
        func end(_ s: String, open: Double) throws -> Double {
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return open }
            guard let v = DecimalNumber(t)?.value else {
                throw ValidationError("--scale: '\(t)' is not a number (in \(text))")
            }
            return v
        }
        do {
            return try RatingScale(
                minimum: try end(parts[0], open: -.infinity), maximum: try end(parts[1], open: .infinity),
                step: step,
                level: level)
        } catch let e as RatingScale.DeclarationError {
            throw ValidationError("--scale: \(e.description)")
        }
    }
}

extension RatingScale.Level: ExpressibleByArgument {}
