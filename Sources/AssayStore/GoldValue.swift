// Assay — quality control for human-labelled training data.

/// A gold answer as both stores keep it in the `gold` table: `answer` (integer), `answer_number`
/// and `answer_text`, filled according to the project's type.
///
/// | type | answer | answer_number | answer_text |
/// |---|---|---|---|
/// | categorical | class index | NULL | NULL |
/// | multilabel | -1 | NULL | the classes, `;`-joined in the project's order (empty: none) |
/// | rating | -1 | the number | NULL |
/// | pairwise | -1 | NULL | the preferred object's id, or `tie` |
/// | text | -1 | NULL | the reference text |
///
/// Gold answers come in and go out as text (`Store.addGold`, `Store.goldAnswers`) in the same
/// form: a class name, `;`-separated class names, a decimal number, an object id or `tie`, a text.
public struct GoldValue: Sendable, Equatable {
    /// The class index of a categorical answer; -1 for the other types.
    public var answer: Int
    /// A rating answer.
    public var number: Double?
    /// A multi-label, pairwise or text answer.
    public var text: String?

    /// A stored answer.
    public init(answer: Int, number: Double? = nil, text: String? = nil) {
        self.answer = answer
        self.number = number
        self.text = text
    }

    /// The word a pairwise gold answer uses for a tie.
    public static let tie = "tie"

    /// The stored form of `answer`, gold for `item` in project `p`; throws `StoreError.unknownClass`
    /// or `StoreError.invalidValue` naming the item, the value and what was expected. A pairwise
    /// answer is checked against the item's two objects by the store, which knows them.
    public init(_ answer: String, item: String, project p: ProjectRecord) throws(StoreError) {
        switch p.type {
        case .categorical(let classes):
            guard let k = classes.firstIndex(of: answer) else {
                throw .unknownClass(answer, classes: classes)
            }
            self.init(answer: k)
        case .multilabel(let classes):
            var marked = [Bool](repeating: false, count: classes.count)
            for name in answer.split(separator: ";").map(String.init) {
                guard let k = classes.firstIndex(of: name) else {
                    throw .unknownClass(name, classes: classes)
                }
                marked[k] = true
            }
            self.init(
                answer: -1,
                text: classes.indices.filter { marked[$0] }.map { classes[$0] }.joined(separator: ";"))
        case .rating(let scale):
            guard let x = Self.decimal(answer), scale.violation(of: x) == nil else {
                throw .invalidValue(answer, at: "gold for item \(item)", expected: scale.expectation)
            }
            self.init(answer: -1, number: x)
        case .pairwise:
            guard !answer.isEmpty else {
                throw .invalidValue(
                    answer, at: "gold for item \(item)",
                    expected: "the preferred object's id or '\(Self.tie)'")
            }
            self.init(answer: -1, text: answer)
        case .text:
            self.init(answer: -1, text: answer)
        }
    }

    /// The answer as text, in the form `init(_:item:project:)` takes; throws
    /// `StoreError.inconsistent` when the stored columns do not fit the project's type.
    public func text(in p: ProjectRecord) throws(StoreError) -> String {
        switch p.type {
        case .categorical(let classes):
            guard classes.indices.contains(answer) else {
                throw .inconsistent("project \(p.name): a gold answer is class \(answer) of \(classes.count)")
            }
            return classes[answer]
        case .rating:
            guard let number else {
                throw .inconsistent("project \(p.name): a rating gold answer has no number")
            }
            return Self.format(number)
        case .multilabel, .pairwise, .text:
            guard let text else { throw .inconsistent("project \(p.name): a gold answer has no text") }
            return text
        }
    }

    /// `x` as short decimal text: integers without a fraction, others as Swift prints them.
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }

    /// A decimal number in plain notation (`-3`, `4.5`, `1e-3`); nil for anything else (hex,
    /// `inf`, `nan`, blanks), which `Double(_:)` alone would accept.
    static func decimal(_ s: String) -> Double? {
        var digits = 0
        var sawExponent = false
        var previous: UInt8 = 0
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): if sawExponent { return nil }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if sawExponent || digits == 0 { return nil }
                sawExponent = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                if !(previous == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")) {
                    return nil
                }
            default: return nil
            }
            previous = b
        }
        guard digits > 0 else { return nil }
        return Double(s)
    }
}
