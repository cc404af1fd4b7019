// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

/// The shared datasets folder: `$ASSAY_DATASETS`, default `../shared/datasets`.
let textDatasetsRoot = ProcessInfo.processInfo.environment["ASSAY_DATASETS"] ?? "../shared/datasets"
let textDatasetsPresent = FileManager.default.fileExists(atPath: textDatasetsRoot + "/crowdwsa_t1/labels.csv")

/// The anchors of `crowdwsa_t1/SOURCE.md` and `crowdwsa_t2/SOURCE.md`, and the targets for
/// the default consensus on them and on `crowdspeech`.
@Suite(
    .enabled(
        if: textDatasetsPresent,
        "shared datasets not found at \(textDatasetsRoot); set ASSAY_DATASETS to run the text dataset anchors"
    ))
struct TextDatasetTests {
    /// One dataset's anchors: reference words, then (macro, micro) for a random single answer
    /// (expected value), the most central answer (ties → mean over the tied answers) and the best
    /// single answer (oracle), and the number of items whose most central answer is tied.
    struct Anchors: Sendable, CustomStringConvertible {
        var dataset: String
        var referenceWords: Int
        var random: (Double, Double)
        var central: (Double, Double)
        var tiedItems: Int
        var oracle: (Double, Double)
        var description: String { dataset }
    }

    static let anchors = [
        Anchors(
            dataset: "crowdwsa_t1", referenceWords: 1_060, random: (0.598, 0.603), central: (0.508, 0.512),
            tiedItems: 52, oracle: (0.253, 0.261)),
        Anchors(
            dataset: "crowdwsa_t2", referenceWords: 1_055, random: (0.608, 0.608), central: (0.515, 0.514),
            tiedItems: 44, oracle: (0.277, 0.277)),
    ]

    /// Reproduces every anchor of SOURCE.md to its three decimals from the tokeniser, the edit
    /// distance, `AnswerDistances` and the metric's accumulation.
    @Test(arguments: anchors) func sourceAnchors(anchors: Anchors) throws {
        let data = try TextDataset.load("\(textDatasetsRoot)/\(anchors.dataset)")
        let set = data.set
        let distances = AnswerDistances(set)
        var random = WordErrorRate()
        var randomEdits = 0.0
        var central = random
        var centralEdits = 0.0
        var oracle = random
        var tied = 0
        let chosen = CentralAnswer(reliability: TextReliability(weighting: .uniform)).run(
            set, distances: distances)
        for i in 0..<set.itemCount where data.known[i] {
            let range = set.index.labels(ofItem: i)
            let n = range.count
            let edits = range.map { WordEditDistance.distance(set.words[$0], data.truth[i]) }
            let totals = (0..<n).map { j in
                (0..<n).reduce(0) { $0 + distances.distance(item: i, j, $1, answers: n) }
            }
            let best = totals.min()!
            let tiedAnswers = (0..<n).filter { totals[$0] == best }
            if tiedAnswers.count > 1 { tied += 1 }
            let length = data.truth.length(i)
            // Expected values enter the sums as fractions of an edit.
            let mean = Double(edits.reduce(0, +)) / Double(n)
            let tiedMean = Double(tiedAnswers.reduce(0) { $0 + edits[$1] }) / Double(tiedAnswers.count)
            randomEdits += mean
            random.add(edits: 0, referenceWords: length)
            random.itemRateSum += mean / Double(length)
            centralEdits += tiedMean
            central.add(edits: 0, referenceWords: length)
            central.itemRateSum += tiedMean / Double(length)
            oracle.add(edits: edits.min()!, referenceWords: length)
            // The model's choice is one of the tied answers.
            #expect(tiedAnswers.contains(Int(chosen.source[i]) - range.lowerBound))
        }
        let words = Double(random.referenceWords)
        #expect(random.referenceWords == anchors.referenceWords)
        #expect(String(format: "%.3f", random.macro) == String(format: "%.3f", anchors.random.0))
        #expect(String(format: "%.3f", randomEdits / words) == String(format: "%.3f", anchors.random.1))
        #expect(String(format: "%.3f", central.macro) == String(format: "%.3f", anchors.central.0))
        #expect(String(format: "%.3f", centralEdits / words) == String(format: "%.3f", anchors.central.1))
        #expect(tied == anchors.tiedItems)
        #expect(String(format: "%.3f", oracle.macro) == String(format: "%.3f", anchors.oracle.0))
        #expect(String(format: "%.3f", oracle.micro) == String(format: "%.3f", anchors.oracle.1))
    }

    /// Issue 13's targets for the default text consensus (ROVER): micro WER ≤ 0.49 on crowdwsa_t1,
    /// ≤ 0.50 on crowdwsa_t2 (crowd-kit ROVER 0.495 / 0.508), and at most crowd-kit 1.4.2 ROVER's
    /// 0.0891 on crowdspeech (`scripts/text_peer.py`, BENCHMARKS.md "Text"). The central answer
    /// with reliabilities beats the unweighted medoid on all three.
    @Test(arguments: [
        ("crowdwsa_t1", 0.49, 0.512), ("crowdwsa_t2", 0.50, 0.514), ("crowdspeech", 0.0891, 0.0915),
    ])
    func defaultConsensusMeetsTargets(dataset: String, target: Double, medoid: Double) throws {
        let data = try TextDataset.load("\(textDatasetsRoot)/\(dataset)")
        let distances = AnswerDistances(data.set)
        let rover = Rover().run(data.set, distances: distances)
        let central = CentralAnswer().run(data.set, distances: distances)
        let roverWER = WordErrorRate.score(rover.words, references: data.truth, known: data.known).micro
        let centralWER = WordErrorRate.score(central.words, references: data.truth, known: data.known).micro
        #expect(roverWER <= target, "\(dataset) ROVER micro WER \(roverWER)")
        #expect(centralWER < medoid, "\(dataset) central micro WER \(centralWER)")
        #expect(rover.confidence.allSatisfy { (0...1).contains($0) })
    }
}
