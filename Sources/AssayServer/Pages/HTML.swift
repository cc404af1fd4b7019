// Assay — quality control for human-labelled training data.

/// A piece of HTML whose text is escaped unless it was explicitly trusted.
///
/// Every page is built from values of this type. The literal parts of an `HTML` string literal are
/// markup written in Assay's source; anything interpolated into it is escaped (`&`, `<`, `>`, `"`,
/// `'`), which makes it safe both as element text and inside a quoted attribute value, unless it
/// is itself `HTML`. The only ways to put unescaped text in a page are other `HTML` values and
/// `HTML.trusted(_:)`, which is for markup Assay produces itself (never for data).
///
/// ```swift
/// let name = "<script>alert(1)</script>"
/// let cell: HTML = "<td title=\"\(name)\">\(name)</td>"   // the name is escaped twice over
/// ```
public struct HTML: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup.
    public private(set) var markup: String

    /// Markup taken as it is: only for text Assay writes itself (a style sheet, a script, SVG
    /// path data built from numbers), never for data.
    public static func trusted(_ markup: String) -> HTML { HTML(markup: markup) }

    /// Nothing.
    public static let empty = HTML(markup: "")

    private init(markup: String) { self.markup = markup }

    /// Markup from a literal without interpolations (source text, so trusted).
    public init(stringLiteral value: String) { markup = value }

    /// Markup from an interpolated literal: literal parts as written, interpolations escaped.
    public init(stringInterpolation: StringInterpolation) { markup = stringInterpolation.markup }

    /// The markup.
    public var description: String { markup }

    /// The pieces joined one after another.
    public init(_ pieces: some Sequence<HTML>) {
        markup = ""
        for p in pieces { markup += p.markup }
    }

    /// Appends `other`.
    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.markup + rhs.markup) }

    /// Appends `other` in place.
    public static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    /// `text` with the five characters that matter in HTML text and quoted attributes replaced by
    /// their references.
    /// - Complexity: O(length of `text`).
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Builds markup: literal segments as written, interpolated values escaped unless `HTML`.
    public struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        /// Room for the literal text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        /// A literal segment: Assay's own markup.
        public mutating func appendLiteral(_ literal: String) { markup += literal }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: Substring) { markup += HTML.escape(String(text)) }

        /// Markup: as it is.
        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        /// Pieces of markup, one after another.
        public mutating func appendInterpolation(_ pieces: [HTML]) {
            for p in pieces { markup += p.markup }
        }

        /// An integer, as digits.
        public mutating func appendInterpolation(_ n: Int) { markup += String(n) }

        /// An integer, as digits.
        public mutating func appendInterpolation(_ n: Int64) { markup += String(n) }
    }
}
