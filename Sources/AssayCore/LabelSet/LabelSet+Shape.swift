// Assay — quality control for human-labelled training data.

extension LabelSet {
    /// Most classes a categorical project may have: beyond it the labels are not categories.
    public static let maxClasses = 1_000

    /// Why these labels cannot be categories, naming the project types that fit them, or nil when
    /// they can. Labels are not categories when there are more than `maxClasses` classes, or when
    /// there are 50 or more classes and fewer than 4 labels a class on average (most labels
    /// unique: free text, or numbers on a fine scale). Checked before any method allocates its
    /// items × classes posteriors.
    /// - Complexity: O(classes × the length of a class name).
    public func notCategoricalReason() -> String? {
        let k = classCount
        let mostlyUnique = k >= 50 && count < 4 * k
        guard k > Self.maxClasses || mostlyUnique else { return nil }
        let numeric = classes.allSatisfy { Self.looksNumeric($0) }
        let why =
            k > Self.maxClasses
            ? "\(k) distinct labels (a categorical project has at most \(Self.maxClasses) classes)"
            : "\(k) distinct labels among \(count) (most labels are unique)"
        let fit =
            numeric
            ? "the labels are numbers: they fit a rating project (--type rating with a scale)"
            : "the labels look like free text: they fit a text project (--type text)"
        return "these labels are not categories: \(why); \(fit)"
    }

    /// Whether a class name is a plain decimal number (digits, one optional point, optional sign).
    static func looksNumeric(_ s: String) -> Bool {
        var digits = 0
        var points = 0
        for (j, b) in s.utf8.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if j != 0 { return false }
            default: return false
            }
        }
        return digits > 0 && points <= 1
    }
}
