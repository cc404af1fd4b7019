// Assay — quality control for human-labelled training data.

import Foundation

/// Why a decision cannot be made: a parameter outside its range (named, with the value given and
/// what was expected) or a project that does not allow it (no price, no such delivery, …).
public struct DecisionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameters concerned (their API names, `max_share`), empty for a problem of the project.
    public var parameters: [String]
    /// The value given, for a parameter problem.
    public var value: String?
    /// What the sentence says: the expectation for a parameter problem, else the whole message.
    public var message: String

    /// A problem of the project.
    public init(_ message: String) {
        self.parameters = []
        self.value = nil
        self.message = message
    }

    /// A parameter outside its range: `parameters` take `expected` (their API names).
    public init(parameters: [String], value: String, expected: String) {
        self.parameters = parameters
        self.value = value
        self.message = expected
    }

    /// The sentence for a caller that names parameters by `spell` (`--max-share` on the command
    /// line, `max_share` in the API).
    public func text(spell: (String) -> String) -> String {
        guard !parameters.isEmpty else { return message }
        let names = parameters.map(spell)
        let verb = names.count == 1 ? "takes" : "take"
        let given = value.map { " (got \($0))" } ?? ""
        return "\(names.joined(separator: " and ")) \(verb) \(message)\(given)"
    }

    /// The sentence with the API's parameter names.
    public var description: String { text { $0 } }

    /// A name as a message shows it: as is when plain, as a JSON string when it holds a comma, a
    /// quote, a control character or leading/trailing spaces.
    public static func quoted(_ name: String) -> String {
        let plain =
            !name.isEmpty && name.trimmingCharacters(in: .whitespaces) == name
            && !name.unicodeScalars.contains {
                $0 == "," || $0 == "\"" || $0.value < 0x20 || $0.value == 0x7F
            }
        guard !plain else { return name }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(name)).map { String(decoding: $0, as: UTF8.self) } ?? name
    }
}
