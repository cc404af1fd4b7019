// Assay — quality control for human-labelled training data.

/// Checking that the fields a reader keeps are text (UTF-8 without NUL bytes) at almost no cost
/// for clean files: `checkText` looks over a whole range of records once, 16 ASCII bytes a step,
/// and remembers the first byte that cannot be kept; a record that ends before it needs no check
/// of its own. Only the records at or after such a byte (and JSON fields rebuilt from escapes,
/// since `\u0000` is a NUL) check their kept fields one by one.
extension RecordScanner {
    /// Prepares the checks of the records that lie in `buffer[from..<to]`.
    /// - Complexity: O(to − from) for a file of ASCII or UTF-8 text.
    func checkText(_ buffer: UnsafePointer<UInt8>, from: Int, to: Int) {
        textCheckEnd = to
        badTextAt = UTF8Validation.firstProblem(buffer, from: from, to: to)?.offset ?? Int.max
    }

    /// Whether a field of the last record may hold bytes that are not text (when false, none does).
    @inline(__always)
    func mayHoldBadText(_ buffer: UnsafePointer<UInt8>) -> Bool {
        if recordRange.upperBound <= badTextAt { return columnEscapes }
        if badTextAt < recordRange.lowerBound {
            // The byte lay before this record (in a field not kept): look again from here.
            let from = recordRange.lowerBound
            badTextAt =
                UTF8Validation.firstProblem(buffer, from: from, to: max(textCheckEnd, from))?.offset
                ?? Int.max
            return recordRange.upperBound > badTextAt || columnEscapes
        }
        return true
    }

    /// The error for field `j` of the last record when its bytes cannot be kept as text.
    func textError(_ buffer: UnsafePointer<UInt8>, _ j: Int, file: String, line: Int, field: String?)
        -> FormatError?
    {
        FormatError.unlessText(self.field(buffer, j), file: file, line: line, field: field)
    }
}

extension RecordScanner {
    /// The fields of the last record as the file's column names.
    /// - Throws: `FormatError` for a name whose bytes are not text.
    func columnNames(_ buffer: UnsafePointer<UInt8>, file: String, line: Int) throws -> [String] {
        try (0..<count).map { j in
            let name = field(buffer, j)
            if let e = FormatError.unlessText(name, file: file, line: line, field: "column \(j + 1)") {
                throw e
            }
            return String(decoding: name, as: UTF8.self)
        }
    }
}
