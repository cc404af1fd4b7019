// Assay — quality control for human-labelled training data.

import Foundation

/// What a typed reader (pairwise, rating, multi-label, text) asks of the label reader's workers
/// beyond item, annotator and label: further key columns interned like classes (the two objects of
/// a comparison, a turn, a strength), rules for the label, and a check of each row that may give it
/// a one-byte code (a comparison's outcome).
///
/// Checks of a value (`ValueCheck`) run once per distinct value and worker, not once per row, so
/// that a file of 10M ratings on a 1..5 scale parses five numbers per core.
struct TypedLayout: Sendable {
    /// The workers' layout made from a delimited file's header (nil for JSON Lines), with the
    /// header's columns that are not used.
    typealias Maker = (_ header: [String]?, _ options: LabelReadOptions) throws -> (
        DelimitedWorker.Layout, [String]
    )

    /// Checks one value's bytes: nil when acceptable, else what was expected instead.
    typealias ValueCheck = @Sendable (UnsafeBufferPointer<UInt8>) -> String?

    /// Checks a whole row (after its item, annotator, label and keys passed their own checks).
    typealias RowCheck = @Sendable (TypedRow) -> RowVerdict

    /// What a row check says.
    enum RowVerdict {
        /// The row is kept with this code.
        case code(UInt8)
        /// The row is refused: the column at fault and what was expected.
        case problem(column: Int, expected: String)
    }

    /// A further column whose values are interned, per worker and then for the file in file order.
    struct Key: Sendable {
        /// The column (header position, or JSON column).
        var column: Int
        /// The table its values go to (columns may share one, as the two objects of a comparison).
        var table: Int
        /// Its role, for messages about JSON lines that lack it.
        var role: ColumnRole
        /// Whether an empty value (or an absent JSON member, or null) is kept (as the empty text).
        var allowsEmpty: Bool
    }

    /// The key columns, in the order their ids are kept per row.
    var keys: [Key] = []
    /// Per table: the check of each distinct value (nil: any text).
    var tableChecks: [ValueCheck?] = []
    /// The role of the label column (`winner` in MT-bench's files), for messages.
    var labelRole = ColumnRole.label
    /// Whether an empty label is a value (a multi-label row that marks no class).
    var labelAllowsEmpty = false
    /// Whether a JSON array (or object) is a label; its bytes are then its JSON text.
    var labelAcceptsArrays = false
    /// The check of each distinct label (nil: any text).
    var labelCheck: ValueCheck?
    /// Whether labels are interned as classes (the builder's `classes`). A comparison's label is
    /// read by the row check alone: interning 100k distinct object ids as classes would cost two
    /// cache misses a row.
    var internsLabel = true
    /// The file has no item column: every row gets the same item (the typed set forms its items).
    var itemless = false
    /// The check of each row, whose code is kept; nil keeps code 0.
    var rowCheck: RowCheck?

    /// Number of key tables.
    var tableCount: Int { tableChecks.count }
}

/// The row a `TypedLayout.RowCheck` looks at: its fields' bytes, valid during the check.
struct TypedRow {
    /// (Unowned: the worker holds its scanner while a row is checked, and a row is checked on every
    /// line of a file.)
    unowned(unsafe) let scanner: RecordScanner
    let buffer: UnsafePointer<UInt8>

    /// The bytes of column `j` (quotes removed, escapes undone).
    @inline(__always)
    func field(_ j: Int) -> UnsafeBufferPointer<UInt8> { scanner.field(buffer, j) }

    /// Whether fields `i` and `j` hold the same bytes.
    @inline(__always)
    func same(_ i: Int, _ j: Int) -> Bool {
        let a = field(i)
        let b = field(j)
        return a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// Whether a JSON line has no member for column `j` (or null there).
    func isMissing(_ j: Int) -> Bool {
        scanner.isAbsent(j) || scanner.isJSON && scanner.jsonState[j] == JSONState.null.rawValue
    }
}
