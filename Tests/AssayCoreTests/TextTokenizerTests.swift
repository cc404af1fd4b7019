// Assay — quality control for human-labelled training data.

import AssayCore
import Testing

@Suite struct TextTokenizerTests {
    /// The words of `text` as strings.
    func words(_ text: String, _ t: inout TextTokenizer) -> [String] { t.tokenize(text).map { t.word($0) } }

    func words(_ text: String) -> [String] {
        var t = TextTokenizer()
        return words(text, &t)
    }

    /// The WER tokenisation of `crowdwsa_t1/SOURCE.md`: lower case, every non-alphanumeric
    /// character a space, so "shouldn't" and the reference's "shouldn 't" give the same words.
    @Test func asciiFollowsTheSourceDefinition() {
        var t = TextTokenizer()
        let answer = t.tokenize("We shouldn't have ANY trouble, if the traffic isn't too heavy.")
        let reference = t.tokenize("we shouldn 't have any trouble if the traffic isn 't too heavy .")
        #expect(answer == reference)
        #expect(
            answer.map { t.word($0) } == [
                "we", "shouldn", "t", "have", "any", "trouble", "if", "the", "traffic", "isn", "t", "too",
                "heavy",
            ])
        #expect(
            words("well-known x_y 2hours  3.5%\ttab\nnew") == [
                "well", "known", "x", "y", "2hours", "3", "5", "tab", "new",
            ])
        #expect(words("") == [])
        #expect(words(" ,.;!? ") == [])
    }

    /// Ids are dense and given in first-seen order; a repeated word keeps its id.
    @Test func idsAreFirstSeenOrder() {
        var t = TextTokenizer()
        #expect(t.tokenize("b a b c a") == [0, 1, 0, 2, 1])
        #expect(t.wordCount == 3)
        #expect(t.tokenize("C A d") == [2, 1, 3])
    }

    /// Thousands of distinct words (the table grows several times) keep distinct ids and their text.
    @Test func manyWordsRoundTrip() {
        var t = TextTokenizer()
        let text = (0..<20_000).map { "w\($0)" }.joined(separator: " ")
        let ids = t.tokenize(text)
        #expect(ids == (0..<20_000).map { Int32($0) })
        #expect(t.word(12_345) == "w12345")
        #expect(t.tokenize("w19999 w0") == [19_999, 0])
    }

    /// Non-Latin scripts: NFKC folding, full lower-casing, marks kept in their word, ideographs and
    /// kana one word each, unsegmented scripts one word per run.
    @Test func unicodeScripts() {
        // Full-width Latin and digits fold to ASCII and meet the ASCII path's ids.
        var t = TextTokenizer()
        #expect(t.tokenize("Ｗｏｒｌｄ １２") == t.tokenize("world 12"))
        // Composed and decomposed é are the same word; the ligature ﬁ is "fi".
        #expect(t.tokenize("été ﬁne") == t.tokenize("e\u{301}te\u{301} fine"))
        #expect(words("Привет, МИР!") == ["привет", "мир"])
        #expect(words("Ὀδυσσεύς") == ["ὀδυσσεύς"])
        #expect(words("Straße STRASSE") == ["straße", "strasse"])
        // Devanagari vowel signs and virama are marks: two words, not split inside.
        #expect(words("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"])
        #expect(words("مرحبا بالعالم") == ["مرحبا", "بالعالم"])
        // Kanji and kana: one word per character; the Japanese full stop separates.
        #expect(words("東京に行く。") == ["東", "京", "に", "行", "く"])
        #expect(words("カード") == ["カ", "ー", "ド"])
        // Mixed: Latin word, then ideographs.
        #expect(words("iPhone用") == ["iphone", "用"])
        // Thai has no spaces: one word per run.
        #expect(words("สวัสดีครับ โลก") == ["สวัสดีครับ", "โลก"])
        // Hangul is written with spaces between words.
        #expect(words("안녕 세상") == ["안녕", "세상"])
        // Ideographic space separates.
        #expect(words("a\u{3000}b") == ["a", "b"])
    }
}
