// Assay — quality control for human-labelled training data.

import AssayCore
import Testing

@Suite struct TextEditDistanceTests {
    /// Word ids of a space-separated string (a = 0, b = 1, …) for small hand examples.
    func w(_ s: String) -> [Int32] {
        s.split(separator: " ").map { Int32($0.unicodeScalars.first!.value) - 97 }
    }

    /// The full dynamic programme, no trimming: the reference the trimmed one-row version must equal.
    func naive(_ a: [Int32], _ b: [Int32]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(
                    d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
        }
        return d[a.count][b.count]
    }

    /// A worked example. Reference "the cat sat on the mat" (t c s o t m), hypothesis
    /// "the cat sit on mat" (t c x o m):
    ///
    ///        ""  t  c  s  o  t  m
    ///     ""  0  1  2  3  4  5  6
    ///     t   1  0  1  2  3  4  5
    ///     c   2  1  0  1  2  3  4
    ///     x   3  2  1  1  2  3  4
    ///     o   4  3  2  2  1  2  3
    ///     m   5  4  3  3  2  2  2
    ///
    /// Two edits: "sat" → "sit" and "the" deleted; WER 2/6.
    @Test func workedExample() {
        var tokenizer = TextTokenizer()
        let reference = tokenizer.tokenize("the cat sat on the mat")
        let hypothesis = tokenizer.tokenize("the cat sit on mat")
        #expect(WordEditDistance.distance(hypothesis, reference) == 2)
        #expect(WordEditDistance.distance(reference, hypothesis) == 2)
        #expect(naive(hypothesis, reference) == 2)
    }

    @Test func smallCases() {
        #expect(WordEditDistance.distance(w(""), w("")) == 0)
        #expect(WordEditDistance.distance(w("a b c"), w("")) == 3)
        #expect(WordEditDistance.distance(w(""), w("a b")) == 2)
        #expect(WordEditDistance.distance(w("a b c"), w("a b c")) == 0)
        // Transposition costs two.
        #expect(WordEditDistance.distance(w("a b"), w("b a")) == 2)
        // Common prefix and suffix around a middle change.
        #expect(WordEditDistance.distance(w("a b c d e"), w("a b x y d e")) == 2)
        // Whole-sequence shift: one deletion at the front, one insertion at the back.
        #expect(WordEditDistance.distance(w("a b c d"), w("b c d e")) == 2)
    }

    /// Random sequences over small alphabets (many repeats, so trimming and ties matter) agree with
    /// the full table, with one calculator reused across calls.
    @Test func agreesWithFullTable() {
        var rng = SeededGenerator(seed: 5)
        var calculator = WordEditDistance()
        for _ in 0..<400 {
            let a = (0..<Int(rng.next() % 12)).map { _ in Int32(rng.next() % 3) }
            let b = (0..<Int(rng.next() % 12)).map { _ in Int32(rng.next() % 3) }
            let got = a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { calculator.distance(x, $0) }
            }
            #expect(got == naive(a, b), "\(a) \(b)")
            if got != naive(a, b) { break }
        }
    }
}
