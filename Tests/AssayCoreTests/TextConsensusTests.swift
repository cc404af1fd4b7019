// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

/// A text set from (item, annotator, answer) rows; items and annotators are numbered as given.
func textSet(_ rows: [(Int, Int, String)], vendors: [Int32]? = nil) -> TextSet {
    let items = (rows.map(\.0).max() ?? -1) + 1
    let annotators = (rows.map(\.1).max() ?? -1) + 1
    let vendor = vendors ?? [Int32](repeating: 0, count: annotators)
    return TextSet.build(
        itemIDs: (0..<items).map { "i\($0)" }, annotatorIDs: (0..<annotators).map { "a\($0)" },
        annotatorVendor: vendor, vendorIDs: (0...Int(vendor.max() ?? 0)).map { "v\($0)" },
        item: rows.map { Int32($0.0) }, annotator: rows.map { Int32($0.1) }, answers: rows.map(\.2))
}

/// The consensus of item `i` as lower-case words.
func consensusWords(_ c: TextConsensus, _ set: TextSet, _ i: Int) -> String {
    c.words[i].map { set.tokenizer.word($0) }.joined(separator: " ")
}

@Suite struct TextConsensusTests {
    let uniform = TextReliability(weighting: .uniform)

    /// ROVER assembles a sentence no single answer gave. Three answers, each pair two edits apart:
    ///
    ///     slot:     1    2    3    4    5    6
    ///     A         the  cat  sat  on   a    mat
    ///     B         the  dog  sat  on   the  mat
    ///     C         a    cat  sat  on   the  mat
    ///     vote      the  cat  sat  on   the  mat    (2 of 3 in slots 1, 2 and 5)
    @Test func roverVotesPerSlot() {
        let set = textSet([
            (0, 0, "The cat sat on a mat."), (0, 1, "the dog sat on the mat"), (0, 2, "A cat sat on the mat"),
        ])
        let c = Rover(reliability: uniform, emptyWeight: 1).run(set)
        #expect(consensusWords(c, set, 0) == "the cat sat on the mat")
        #expect(c.source[0] == -1)
        #expect(c.text(ofItem: 0, in: set) == "the cat sat on the mat")
        // Every answer is one substitution away: edits 1, 1, 1.
        #expect(c.editsToConsensus == [1, 1, 1])
        // Each answer has 5 of the 6 consensus words right: confidence 5/6.
        #expect(abs(c.confidence[0] - 5.0 / 6) < 1e-12)
        // The central answer cannot do better than one of the answers (all tie at total 4: the first).
        let central = CentralAnswer(reliability: uniform).run(set)
        #expect(central.source[0] == 0)
        #expect(central.text(ofItem: 0, in: set) == "The cat sat on a mat.")
    }

    /// Alignment with empty words. Answers (most central first: "i like tea", total distance 2;
    /// then "i like green tea" and "i really like tea", total 3 each, earlier label first):
    ///
    ///     slot:   1   2       3     4      5
    ///     1st     i   ε       like  ε      tea
    ///     2nd     i   ε       like  green  tea
    ///     3rd     i   really  like  ε      tea
    ///
    /// With ε worth a word: "really" and "green" lose 1 to 2. With ε worth 0.4 (2 × 0.4 = 0.8 < 1)
    /// both win. With the second answer's writer weighing 3: "green" wins 3 to 2.
    @Test func roverEmptyWordsAndWeights() throws {
        let set = textSet([(0, 0, "I like green tea"), (0, 1, "i like tea"), (0, 2, "I really like tea")])
        #expect(consensusWords(Rover(reliability: uniform, emptyWeight: 1).run(set), set, 0) == "i like tea")
        #expect(
            consensusWords(Rover(reliability: uniform, emptyWeight: 0.4).run(set), set, 0)
                == "i really like green tea")
        let network = WordTransitionNetworks(
            set, items: 0..<1, distances: AnswerDistances(set), maximumCells: 1 << 20)
        // Columns in alignment order: labels of "i like tea", "I like green tea", "I really like tea".
        #expect(
            network.columnLabel.map { set.answers[Int($0)] } == [
                "i like tea", "I like green tea", "I really like tea",
            ])
        #expect(network.cells.count == 5 * 3)
        var out = WordSequences()
        network.vote(set, weights: [3, 1, 1], emptyWeight: 1, into: &out)
        #expect(out[0].map { set.tokenizer.word($0) } == ["i", "like", "green", "tea"])
    }

    /// The most central answer, worked out. Distances between the four answers of one item:
    ///
    ///          A  B  C  D        A "a b c d"   B "a b c e"   C "a b x e"   D "z y x w"
    ///     A    0  1  2  4
    ///     B    1  0  1  4        totals: A 7, B 6, C 7, D 12  → B
    ///     C    2  1  0  3
    ///     D    4  4  3  0
    ///
    /// With B's and D's writers weighing 0.25 and A's and C's 1: A scores 0.25 + 2 + 1 = 3.25,
    /// B 1 + 1 + 1 = 3, C 2 + 0.25 + 0.75 = 3 (a tie with B; C's writer weighs more) → C.
    @Test func centralAnswerWorkedExample() {
        let set = textSet([(0, 0, "a b c d"), (0, 1, "a b c e"), (0, 2, "a b x e"), (0, 3, "z y x w")])
        let distances = AnswerDistances(set)
        #expect(Array(distances.edits) == [0, 1, 2, 4, 1, 0, 1, 4, 2, 1, 0, 3, 4, 4, 3, 0])
        #expect(CentralAnswer.choose(set, distances: distances, weights: [1, 1, 1, 1]) == [1])
        #expect(CentralAnswer.choose(set, distances: distances, weights: [1, 0.25, 1, 0.25]) == [2])
        let c = CentralAnswer(reliability: uniform).run(set)
        #expect(c.text(ofItem: 0, in: set) == "a b c e")
        #expect(c.editsToConsensus == [1, 0, 1, 4])
    }

    /// Reliability rounds move the consensus towards the careful writers: writer 0 agrees with the
    /// majority on items 1-4, so on item 0, where it stands against two writers who err elsewhere,
    /// its answer wins.
    @Test func reliabilityBreaksTheTie() {
        var rows: [(Int, Int, String)] = [
            (0, 0, "one two three four five"), (0, 1, "one two tree for five"),
            (0, 2, "one two three four five six"),
        ]
        for i in 1...4 {
            rows += [
                (i, 0, "alpha beta gamma delta"), (i, 3, "alpha beta gamma delta"),
                (i, 1, "alfa beta gama delta"), (i, 2, "alpha betta gamma delta epsilon zeta"),
            ]
        }
        let set = textSet(rows)
        let weighted = CentralAnswer().run(set)
        let reliability = weighted.reliability
        #expect(reliability[0] > reliability[1] && reliability[0] > reliability[2])
        #expect(weighted.text(ofItem: 0, in: set) == "one two three four five")
        let rover = Rover().run(set)
        #expect(consensusWords(rover, set, 0) == "one two three four five")
        #expect(rover.iterations >= 1)
    }

    /// Degenerate items: none, one answer, empty answers, identical answers, a huge answer.
    @Test func degenerateItems() {
        let huge = (0..<3_000).map { "w\($0 % 97)" }.joined(separator: " ")
        let set = textSet([
            (1, 0, "only answer here"),
            (2, 0, ""), (2, 1, "  ... "), (2, 2, ""),
            (3, 0, "Same words."), (3, 1, "same WORDS"), (3, 2, "same words"),
            (4, 0, huge), (4, 1, huge), (4, 2, "short answer"),
        ])
        #expect(TextConsensus.Method.default == .rover)
        for method in TextConsensus.Method.allCases {
            let c = method.run(set)
            #expect(c.method == method)
            #expect(
                c.words[0].isEmpty && c.confidence[0] == 0 && c.source[0] == -1,
                "\(method) item without answers")
            #expect(c.text(ofItem: 1, in: set) == "only answer here")
            // A lone answer's confidence comes from its writer's record (items 2-4: no errors).
            #expect(c.confidence[1] < 1 && c.confidence[1] > 0.99)
            #expect(c.words[2].isEmpty && c.confidence[2] == 1, "\(method) empty answers agree")
            #expect(c.text(ofItem: 3, in: set) == "Same words.")
            #expect(c.confidence[3] == 1)
            #expect(c.confidence[4] < 1 && c.confidence[4] > 0.6)
            #expect(c.words[4].count == 3_000)
            #expect(c.confidence.allSatisfy { $0.isFinite && (0...1).contains($0) })
            #expect(c.reliability.allSatisfy { $0.isFinite && $0 > 0 })
        }
        // A cell budget below the huge answers' alignment leaves them out: the vote falls back on
        // the answers that fit (the central answer is always in).
        let small = Rover(maximumCells: 1_000).run(set)
        #expect(small.words[4].count == 3_000)
        #expect(small.text(ofItem: 1, in: set) == "only answer here")
    }

    /// Confidence of an item with one answer: its writer's error rate on the other items, shrunk
    /// towards the crowd's. Writer 0 answers "k l m" alone on item 0 and "p q r x" on items 1-3,
    /// where writers 1 and 2 both answer "p q r s" (the consensus): 1 edit in 4 words, three times.
    /// Crowd rate: 3 edits / (15 + 12 + 12) consensus words = 0.076923. Writer 0 without item 0:
    /// (3 + 5 × 0.076923) / (12 + 5) = 0.199095, so confidence 0.800905. Items 1-3: answers right
    /// on 3, 4 and 4 of 4 words, weighted by 1 − rate (writer 0: 1 − (3 + 0.384615) / (15 + 5) =
    /// 0.830769; writers 1, 2: 1 − 0.384615 / 17 = 0.977376): (0.830769 × 0.75 + 2 × 0.977376) /
    /// (0.830769 + 2 × 0.977376) = 0.925439.
    @Test func loneAnswerConfidence() {
        var rows: [(Int, Int, String)] = [(0, 0, "k l m")]
        for i in 1...3 { rows += [(i, 0, "p q r x"), (i, 1, "p q r s"), (i, 2, "p q r s")] }
        let set = textSet(rows)
        for c in [Rover().run(set), CentralAnswer().run(set)] {
            #expect(c.text(ofItem: 0, in: set) == "k l m")
            #expect(abs(c.confidence[0] - 0.800905) < 1e-6, "\(c.method) \(c.confidence[0])")
            #expect(abs(c.confidence[1] - 0.925439) < 1e-6, "\(c.method) \(c.confidence[1])")
        }
    }

    /// Networks built over chunks of items vote exactly as one network over all items, so results
    /// do not depend on the chunking.
    @Test func chunkingDoesNotChangeTheVote() {
        let output = TextSimulation(items: 400, answersPerItem: 5, writers: 40, seed: 3).run()
        let set = output.textSet()
        let distances = AnswerDistances(set)
        let weights = (0..<set.annotatorCount).map { 0.5 + Double($0 % 7) / 10 }
        var whole = WordSequences()
        WordTransitionNetworks(set, items: 0..<400, distances: distances, maximumCells: 1 << 26)
            .vote(set, weights: weights, emptyWeight: 0.75, into: &whole)
        var parts = WordSequences()
        for range in [0..<1, 1..<150, 150..<151, 151..<400] {
            WordTransitionNetworks(set, items: range, distances: distances, maximumCells: 1 << 26)
                .vote(set, weights: weights, emptyWeight: 0.75, into: &parts)
        }
        #expect(whole == parts)
        #expect(Rover().run(set).words == Rover().run(set).words)
    }
}
