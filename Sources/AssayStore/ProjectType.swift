// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// What a project's labels are, with the settings the type needs: classes for categorical and
/// multi-label projects, a declared scale for ratings, nothing for pairwise preferences and free text.
///
/// Both stores keep the type's name in `project.task_type`, the classes in `project.classes` (a JSON
/// array, empty for types without classes) and the rest in `project.settings` (JSON, see
/// `settingsJSON`); projects written before there were types have no settings and are categorical.
public enum ProjectType: Sendable, Equatable, CustomStringConvertible {
    /// One class out of the project's classes per label.
    case categorical(classes: [String])
    /// Two objects shown, one preferred or a tie (items are the shown pairs).
    case pairwise
    /// A number on the declared scale.
    case rating(scale: RatingScale)
    /// A set of the project's classes per label (possibly empty).
    case multilabel(classes: [String])
    /// Free text.
    case text

    /// Every type's name, in the order error messages list them.
    public static let names = ["categorical", "pairwise", "rating", "multilabel", "text"]

    /// The type's name as stored and printed: `categorical`, `pairwise`, `rating`, `multilabel`, `text`.
    public var name: String {
        switch self {
        case .categorical: "categorical"
        case .pairwise: "pairwise"
        case .rating: "rating"
        case .multilabel: "multilabel"
        case .text: "text"
        }
    }

    /// The type and its settings in words: `categorical, classes a, b`, `rating, scale a number from
    /// 1 to 5 in steps of 1 (ordinal)`, `pairwise`.
    public var description: String {
        switch self {
        case .categorical(let classes), .multilabel(let classes):
            "\(name), classes \(classes.joined(separator: ", "))"
        case .rating(let scale): "rating, scale \(scale.expectation) (\(scale.level.rawValue))"
        case .pairwise, .text: name
        }
    }

    /// The classes of a categorical or multi-label project; empty for the other types.
    public var classes: [String] {
        switch self {
        case .categorical(let classes), .multilabel(let classes): classes
        case .pairwise, .rating, .text: []
        }
    }

    /// The scale of a rating project; nil for the other types.
    public var scale: RatingScale? {
        if case .rating(let scale) = self { return scale }
        return nil
    }

    /// The type called `name` with the settings given, as a command line or an API request
    /// describes it. Throws `StoreError.invalidProject` for an unknown name, a rating type without a
    /// scale, classes for a type that has none, or a scale for a type other than rating.
    public static func named(_ name: String, classes: [String], scale: RatingScale?) throws(StoreError)
        -> ProjectType
    {
        let type: ProjectType
        switch name {
        case "categorical": type = .categorical(classes: classes)
        case "multilabel": type = .multilabel(classes: classes)
        case "pairwise": type = .pairwise
        case "text": type = .text
        case "rating":
            guard let scale else {
                throw .invalidProject("a rating project needs a scale (for example 1..5 in steps of 1)")
            }
            type = .rating(scale: scale)
        default:
            throw .invalidProject(
                "task type '\(name)' is not one of \(names.joined(separator: ", "))")
        }
        if type.classes.isEmpty && !classes.isEmpty {
            throw .invalidProject(
                "a \(name) project has no classes, got \(classes.joined(separator: ", "))")
        }
        if scale != nil && type.scale == nil {
            throw .invalidProject("a \(name) project has no scale; only rating projects do")
        }
        return type
    }

    /// The settings column's JSON: `{"scale": {"minimum", "maximum", "step", "level"}}` for a
    /// rating project (an open end is `null`, a continuous scale has a `null` step), `{}` otherwise.
    public var settingsJSON: String {
        guard let scale else { return "{}" }
        let settings = Settings(
            scale: .init(
                minimum: scale.minimum.isFinite ? scale.minimum : nil,
                maximum: scale.maximum.isFinite ? scale.maximum : nil, step: scale.step,
                level: scale.level.rawValue))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Every field is a finite number, a string or nil: encoding cannot fail.
        return String(decoding: try! encoder.encode(settings), as: UTF8.self)
    }

    /// The type of a stored project: its `task_type`, its `classes` (JSON array) and its
    /// `settings` (JSON object, or nil for projects written before types had settings). Throws
    /// `StoreError.inconsistent` naming the project when the stored values do not describe a type.
    public static func stored(
        project: String, taskType: String, classes classesJSON: String, settings: String?
    ) throws(StoreError) -> ProjectType {
        do {
            let classes = try JSONDecoder().decode([String].self, from: Data(classesJSON.utf8))
            var scale: RatingScale? = nil
            if let settings, let s = try JSONDecoder().decode(Settings.self, from: Data(settings.utf8)).scale
            {
                guard let level = RatingScale.Level(rawValue: s.level) else {
                    throw StoreError.inconsistent(
                        "project \(project): scale level '\(s.level)' is not ordinal or interval")
                }
                scale = try RatingScale(
                    minimum: s.minimum ?? -.infinity, maximum: s.maximum ?? .infinity, step: s.step,
                    level: level)
            }
            return try named(taskType, classes: classes, scale: scale)
        } catch let e as StoreError {
            if case .inconsistent = e { throw e }
            throw .inconsistent("project \(project): \(e.description)")
        } catch {
            throw .inconsistent("project \(project): its type settings cannot be read (\(error))")
        }
    }

    /// The settings column's shape.
    private struct Settings: Codable {
        struct Scale: Codable {
            var minimum: Double?
            var maximum: Double?
            var step: Double?
            var level: String

            /// Writes `null` for absent values: an open end is explicit in the stored JSON.
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(minimum, forKey: .minimum)
                try c.encode(maximum, forKey: .maximum)
                try c.encode(step, forKey: .step)
                try c.encode(level, forKey: .level)
            }
        }
        var scale: Scale?
    }
}
