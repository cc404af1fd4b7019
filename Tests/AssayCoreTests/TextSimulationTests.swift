// Assay — quality control for human-labelled training data.

import AssayCore
import Testing

@Suite struct TextSimulationTests {
    static let simulation = TextSimulation(
        items: 1_500, answersPerItem: 7, writers: 120, vendors: 3, copierShare: 0.05, pasterShare: 0.03,
        seed: 17)
    static let output = simulation.run()
    static let set = output.textSet()

    /// The same seed gives the same campaign; writers' kinds and rates as asked.
    @Test func deterministicAndAsAsked() {
        let again = Self.simulation.run()
        #expect(again.answers == Self.output.answers && again.truth == Self.output.truth)
        #expect(Self.output.kind.filter { $0 == .copier }.count == 6)
        #expect(Self.output.kind.filter { $0 == .paster }.count == 4)
        #expect(Self.output.answers.count == 1_500 * 7)
        #expect(Self.set.annotatorCount == 120 && Self.set.index.vendorIDs.count == 3)
        // Answers of one item come from distinct writers.
        #expect(Self.set.index.repeatedPairs == 0)
    }

    /// Consensus recovers the truth far better than single answers, ROVER better than the central
    /// answer, and reliability weighting helps both.
    @Test func consensusRecoversTruth() {
        let set = Self.set
        var tokenizer = set.tokenizer
        let truth = WordSequences(Self.output.truth.map { tokenizer.tokenize($0) })
        let known = [Bool](repeating: true, count: set.itemCount)
        var single = WordErrorRate()
        for i in 0..<set.itemCount {
            for l in set.index.labels(ofItem: i) {
                single.add(
                    edits: WordEditDistance.distance(set.words[l], truth[i]), referenceWords: truth.length(i))
            }
        }
        let distances = AnswerDistances(set)
        func wer(_ c: TextConsensus) -> Double {
            WordErrorRate.score(c.words, references: truth, known: known).micro
        }
        let rover = wer(Rover().run(set, distances: distances))
        let central = wer(CentralAnswer().run(set, distances: distances))
        let uniform = TextReliability(weighting: .uniform)
        let roverUniform = wer(Rover(reliability: uniform).run(set, distances: distances))
        let centralUniform = wer(CentralAnswer(reliability: uniform).run(set, distances: distances))
        #expect(single.micro > 0.15, "single answers \(single.micro)")
        #expect(rover < 0.25 * single.micro, "ROVER \(rover) vs single \(single.micro)")
        #expect(rover < central, "ROVER \(rover) vs central \(central)")
        #expect(
            rover <= roverUniform && central <= centralUniform,
            "\(rover) \(roverUniform) \(central) \(centralUniform)")
    }

    /// Estimated per-writer WER against consensus tracks the true error rates of writers who write
    /// their own answers (Spearman ≥ 0.9), and the sloppy ones rank last.
    @Test func writerErrorRatesAreRecovered() {
        let consensus = Rover().run(Self.set)
        let quality = TextAnnotatorQuality.measure(Self.set, consensus: consensus)
        let writers = (0..<Self.set.annotatorCount).filter { Self.output.kind[$0] == .writer }
        let estimated = writers.map { quality.wordErrorRate[$0] }
        let truth = writers.map { Self.output.errorRate[$0] }
        #expect(spearman(estimated, truth) >= 0.9)
        let sloppy = writers.filter { Self.output.errorRate[$0] == 0.5 }
        let careful = writers.filter { Self.output.errorRate[$0] < 0.5 }
        #expect(sloppy.count == 12)
        let worstCareful = careful.map { quality.wordErrorRate[$0] }.max()!
        #expect(sloppy.allSatisfy { quality.wordErrorRate[$0] > worstCareful })
        #expect(
            sloppy.allSatisfy { consensus.reliability[$0] < careful.map { consensus.reliability[$0] }.min()! }
        )
        // Pasters answer unrelated text: their error rate is near or above 1.
        for w in 0..<Self.set.annotatorCount where Self.output.kind[w] == .paster {
            #expect(quality.wordErrorRate[w] > 0.8)
        }
    }

    /// Copy-paste is flagged where it can be seen. Every flagged pair involves a copy or a paster
    /// (precision); a copy whose source has at least two word errors against the truth (so that
    /// the copy shares them) is flagged with its source (recall); pasters are flagged on every
    /// answer; writers who write their own answers stay below 5%.
    @Test func copyPasteIsFlagged() {
        let set = Self.set
        let output = Self.output
        // Rows come grouped by item in order, so label l is row l.
        #expect(set.answers == output.answers)
        let found = NearDuplicates.find(set, consensus: Rover().run(set))
        var tokenizer = set.tokenizer
        let truth = output.truth.map { tokenizer.tokenize($0) }
        let flagged = found.pairs.filter(\.copyPaste)
        let planted = flagged.filter { pair in
            output.copiedFrom[Int(pair.second)] == pair.first
                || output.kind[Int(pair.firstAnnotator)] == .paster
                || output.kind[Int(pair.secondAnnotator)] == .paster
        }
        #expect(Double(planted.count) / Double(flagged.count) >= 0.95, "\(planted.count) of \(flagged.count)")
        var visible = 0
        var caught = 0
        let flaggedPairs = Set(flagged.map { Int($0.first) << 32 | Int($0.second) })
        for r in 0..<output.answers.count where output.copiedFrom[r] >= 0 {
            let source = Int(output.copiedFrom[r])
            guard WordEditDistance.distance(set.words[source], truth[Int(output.item[r])]) >= 2 else {
                continue
            }
            visible += 1
            if flaggedPairs.contains(source << 32 | r) { caught += 1 }
        }
        #expect(visible > 150)
        #expect(Double(caught) / Double(visible) >= 0.9, "\(caught) of \(visible)")
        let share = found.annotatorShare
        for w in 0..<set.annotatorCount {
            switch output.kind[w] {
            case .paster: #expect(share[w] == 1, "paster \(w): \(share[w])")
            case .copier: #expect(share[w] > 0.3, "copier \(w): \(share[w])")
            case .writer: #expect(share[w] < 0.05, "writer \(w): \(share[w])")
            }
        }
    }
}
