// Assay — quality control for human-labelled training data.

/// One problem in an input file, with what a user needs to fix it: where, which field, the value
/// found and what was expected.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given.
    public var file: String
    /// 1-based physical line where the record starts (0 when the whole file is concerned).
    public var line: Int
    /// The field (column or key) concerned, when one is.
    public var field: String?
    /// The offending value, when there is one.
    public var value: String?
    /// What was expected instead.
    public var expected: String

    /// A problem at `file:line`.
    public init(file: String, line: Int, field: String? = nil, value: String? = nil, expected: String) {
        self.file = file
        self.line = line
        self.field = field
        self.value = value
        self.expected = expected
    }

    /// `file:line: field 'f': value 'v': expected …`.
    public var description: String {
        var s = line > 0 ? "\(file):\(line):" : "\(file):"
        if let field { s += " field '\(field)':" }
        if let value { s += " value '\(value.count > 80 ? String(value.prefix(77)) + "..." : value)':" }
        return s + " expected \(expected)"
    }
}

/// The errors of a failed read: the first few in full and how many there were in all.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    /// The first errors, in file order (at most the reader's limit).
    public var errors: [FormatError]
    /// Total number of invalid rows (or whole-file problems).
    public var total: Int

    /// Errors and their total count.
    public init(errors: [FormatError], total: Int) {
        self.errors = errors
        self.total = total
    }

    /// One error a line, then the count of any not shown.
    public var description: String {
        var lines = errors.map(\.description)
        if total > errors.count {
            lines.append("... and \(total - errors.count) more invalid rows (\(total) in all)")
        }
        return lines.joined(separator: "\n")
    }
}
