// Assay — quality control for human-labelled training data.

/// Many word sequences back to back (compressed rows): sequence `s` is
/// `words[offsets[s] ..< offsets[s + 1]]`. Answers, consensus texts and reference texts all take
/// this shape, so that models and metrics loop over flat integer arrays.
public struct WordSequences: Sendable, Equatable {
    /// Start of each sequence in `words`, then the end of the last; `count + 1` entries.
    public private(set) var offsets: [Int]
    /// Word ids (from a `TextTokenizer`), sequence after sequence.
    public private(set) var words: [Int32]

    /// No sequences.
    public init() {
        offsets = [0]
        words = []
    }

    /// Sequences from their offsets and words.
    /// - Precondition: `offsets` starts at 0, never decreases and ends at `words.count`.
    public init(offsets: [Int], words: [Int32]) {
        precondition(offsets.first == 0 && offsets.last == words.count, "offsets do not frame the words")
        self.offsets = offsets
        self.words = words
    }

    /// The given sequences, in order.
    public init(_ sequences: [[Int32]]) {
        self.init()
        for s in sequences { append(s) }
    }

    /// Number of sequences.
    public var count: Int { offsets.count - 1 }

    /// The words of sequence `s`.
    public subscript(s: Int) -> ArraySlice<Int32> { words[offsets[s]..<offsets[s + 1]] }

    /// Number of words in sequence `s`.
    @inlinable public func length(_ s: Int) -> Int { offsets[s + 1] - offsets[s] }

    /// Adds a sequence at the end.
    public mutating func append<C: Collection>(_ sequence: C) where C.Element == Int32 {
        words.append(contentsOf: sequence)
        offsets.append(words.count)
    }

    /// Reserves room for `sequences` more sequences of `words` words in all.
    public mutating func reserveCapacity(sequences: Int, words: Int) {
        offsets.reserveCapacity(offsets.count + sequences)
        self.words.reserveCapacity(self.words.count + words)
    }
}
