// Assay — quality control for human-labelled training data.

import Foundation

/// Splits free-text answers into words and interns each word to a dense `Int32` id, so that every
/// text model works on integer sequences.
///
/// The tokenisation is the word error rate's (`crowdwsa_t1/SOURCE.md`): lower-case, every
/// character that is not a letter or a digit becomes a space, split on the spaces; so "Shouldn't"
/// and "shouldn 't" both give `shouldn t`. It is Unicode-aware:
/// - an answer with any non-ASCII byte is first brought to Unicode NFKC (compatibility composition:
///   full-width `Ｗ` → `W`, the ligature `ﬁ` → `fi`, `²` → `2`, decomposed `é` → `é`) and lower-cased
///   with Unicode's full case mapping (`İ` → `i̇`, `Σ` → `σ`);
/// - letters (general category L), combining marks (M) and numbers (N) make words, so words of any
///   alphabetic script (Cyrillic, Greek, Arabic, Hebrew, Devanagari with its vowel signs, Hangul)
///   are kept whole; everything else (punctuation, symbols, spaces of every kind) separates words;
/// - Chinese, Japanese kanji and kana (ideographs, Hiragana, Katakana), which are written without
///   spaces between words, give one word per character (so their "word" error rate is the usual
///   character error rate); marks that follow such a character stay with it;
/// - Thai, Lao, Khmer and Myanmar, also written without spaces, give one word per run between
///   spaces: segment such answers into words before they reach Assay.
///
/// ASCII answers (the common case) take a byte-level path with no `String` work at all. Word ids
/// are given in first-seen order, so a tokenizer fed the same answers in the same order gives the
/// same ids.
public struct TextTokenizer: Sendable {
    /// Interned words, back to back; word `w` is `arena[wordStart[w] ..< wordStart[w + 1]]`.
    private var arena: [UInt8] = []
    private var wordStart: [Int] = [0]
    /// Each word's hash, for growing the table.
    private var wordHash: [UInt64] = []
    /// Open-addressing table of word id + 1 (0 = empty); its size is a power of two.
    private var table: [Int32]
    /// Scratch for the word being read.
    private var scratch: [UInt8] = []

    /// Number of distinct words seen.
    public var wordCount: Int { wordHash.count }

    /// An empty vocabulary.
    public init() { table = [Int32](repeating: 0, count: 1024) }

    /// The text of word `id` (lower-cased, NFKC).
    public func word(_ id: Int32) -> String {
        String(decoding: arena[wordStart[Int(id)]..<wordStart[Int(id) + 1]], as: UTF8.self)
    }

    /// The words of `text` as ids, adding new words to the vocabulary.
    /// - Complexity: O(length of `text`) expected.
    public mutating func tokenize(_ text: String) -> [Int32] {
        var out: [Int32] = []
        append(text, to: &out)
        return out
    }

    /// Appends the ids of `text`'s words to `tokens`, adding new words to the vocabulary.
    /// - Complexity: O(length of `text`) expected.
    public mutating func append(_ text: String, to tokens: inout [Int32]) {
        let ascii: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for b in bytes where b >= 0x80 { return false }
            appendASCII(bytes, to: &tokens)
            return true
        }
        if ascii == true { return }
        if ascii == nil, text.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { appendASCII($0, to: &tokens) }
            return
        }
        appendUnicode(text, to: &tokens)
    }

    /// The byte-level path: a word is a run of ASCII letters and digits, lower-cased.
    private mutating func appendASCII(_ bytes: UnsafeBufferPointer<UInt8>, to tokens: inout [Int32]) {
        var start = -1
        var h: UInt64 = Self.seed
        scratch.removeAll(keepingCapacity: true)
        for (k, raw) in bytes.enumerated() {
            var b = raw
            let isUpper = b &- 0x41 < 26
            if isUpper { b |= 0x20 }
            let isWordByte = isUpper || b &- 0x61 < 26 || b &- 0x30 < 10
            if isWordByte {
                if start < 0 { start = k }
                scratch.append(b)
                h = Self.mix(h, b)
            } else if start >= 0 {
                tokens.append(internScratch(hash: h))
                scratch.removeAll(keepingCapacity: true)
                h = Self.seed
                start = -1
            }
        }
        if start >= 0 { tokens.append(internScratch(hash: h)) }
    }

    /// The Unicode path: NFKC, full lower-casing, then words of letters, marks and numbers, with
    /// ideographs and kana one word each.
    private mutating func appendUnicode(_ text: String, to tokens: inout [Int32]) {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        scratch.removeAll(keepingCapacity: true)
        var standalone = false
        for scalar in folded.unicodeScalars {
            switch Self.role(of: scalar) {
            case .separator:
                flush(to: &tokens)
                standalone = false
            case .mark:
                appendScalar(scalar)
            case .standalone:
                flush(to: &tokens)
                appendScalar(scalar)
                standalone = true
            case .letter:
                if standalone {
                    flush(to: &tokens)
                    standalone = false
                }
                appendScalar(scalar)
            }
        }
        flush(to: &tokens)
    }

    private enum Role { case separator, letter, mark, standalone }

    /// What a scalar does in a word.
    private static func role(of scalar: Unicode.Scalar) -> Role {
        let v = scalar.value
        // Hiragana, Katakana (with the prolonged sound mark), Katakana phonetic extensions.
        if (0x3040...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v) {
            return scalar.properties.generalCategory == .nonspacingMark ? .mark : .standalone
        }
        if scalar.properties.isIdeographic { return .standalone }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return .letter
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        default: return .separator
        }
    }

    private mutating func appendScalar(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { scratch.append($0) }
    }

    /// Interns the word in `scratch` (if any) and empties it.
    private mutating func flush(to tokens: inout [Int32]) {
        guard !scratch.isEmpty else { return }
        var h = Self.seed
        for b in scratch { h = Self.mix(h, b) }
        tokens.append(internScratch(hash: h))
        scratch.removeAll(keepingCapacity: true)
    }

    private static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) private static func mix(_ h: UInt64, _ b: UInt8) -> UInt64 {
        (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }

    /// The id of the word in `scratch`, whose hash is `h`.
    private mutating func internScratch(hash h: UInt64) -> Int32 {
        let mask = table.count - 1
        var s = Int(truncatingIfNeeded: Self.finalize(h)) & mask
        while true {
            let entry = table[s]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if wordHash[id] == h, matches(id) { return Int32(id) }
            s = (s + 1) & mask
        }
        let id = Int32(wordHash.count)
        table[s] = id + 1
        wordHash.append(h)
        arena.append(contentsOf: scratch)
        wordStart.append(arena.count)
        if wordHash.count * 2 > table.count { grow() }
        return id
    }

    /// Whether word `id` equals `scratch`.
    private func matches(_ id: Int) -> Bool {
        let start = wordStart[id]
        guard wordStart[id + 1] - start == scratch.count else { return false }
        for k in 0..<scratch.count where arena[start + k] != scratch[k] { return false }
        return true
    }

    private static func finalize(_ h: UInt64) -> UInt64 {
        var z = h
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        return z ^ (z >> 29)
    }

    private mutating func grow() {
        table = [Int32](repeating: 0, count: table.count * 2)
        let mask = table.count - 1
        for (id, h) in wordHash.enumerated() {
            var s = Int(truncatingIfNeeded: Self.finalize(h)) & mask
            while table[s] != 0 { s = (s + 1) & mask }
            table[s] = Int32(id + 1)
        }
    }
}
