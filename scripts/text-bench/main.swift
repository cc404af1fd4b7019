// Assay — quality control for human-labelled training data.

// The text benchmark and evaluation harness (built and run by `scripts/text-bench.sh`):
//   eval DIR...            micro/macro WER of every text method on shared datasets
//   speed ITEMS ANSWERS    simulated answers (≈15 words) through tokenising, distances, both models,
//                          near-duplicates and agreement, with wall-clock seconds per stage

import AssayCore
import Foundation

func seconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// Micro WER of `consensus` on the items of `data` whose id starts with `prefix`.
func microWER(_ consensus: TextConsensus, _ data: TextDataset, prefix: String) -> Double {
    let known = (0..<data.set.itemCount).map {
        data.known[$0] && data.set.index.itemIDs[$0].hasPrefix(prefix)
    }
    return WordErrorRate.score(consensus.words, references: data.truth, known: known).micro
}

func evaluate(_ folders: [String]) throws {
    for folder in folders {
        let data = try TextDataset.load(folder)
        let name = URL(fileURLWithPath: folder).lastPathComponent
        let prefixes = name == "crowdspeech" ? ["dev-", "test-", ""] : [""]
        let distances = AnswerDistances(data.set)
        var rows: [(String, TextConsensus)] = []
        let reliabilities: [TextReliability] = [
            TextReliability(weighting: .linear, priorWords: 5),
            TextReliability(weighting: .linear, priorWords: 10),
            TextReliability(weighting: .linear, priorWords: 20),
        ]
        for r in reliabilities {
            let tag = "\(r.weighting) \(Int(r.priorWords))"
            rows.append(("central \(tag)", CentralAnswer(reliability: r).run(data.set, distances: distances)))
            for empty in [0.75, 0.7, 0.65, 0.6] {
                rows.append(
                    (
                        "rover \(tag) empty \(empty)",
                        Rover(reliability: r, emptyWeight: empty).run(data.set, distances: distances)
                    ))
            }
        }
        for (label, consensus) in rows {
            let figures = prefixes.map {
                String(format: "%@* %.5f", $0, microWER(consensus, data, prefix: $0))
            }
            print("\(name) \(label): \(figures.joined(separator: "  ")) rounds \(consensus.iterations)")
        }
    }
}

/// Times every text stage on `items` × `answers` simulated answers.
func speed(items: Int, answers: Int) {
    var start = DispatchTime.now()
    let simulation = TextSimulation(
        items: items, answersPerItem: answers, writers: max(items / 20, answers * 2), vendors: 3)
    let output = simulation.run()
    let words = output.answers.reduce(0) { $0 + $1.split(separator: " ").count }
    print(
        String(
            format: "simulate %d answers (%d words): %.2f s (not part of consensus)", output.answers.count,
            words, seconds(start)))
    start = DispatchTime.now()
    let total = DispatchTime.now()
    let set = output.textSet()
    print(
        String(
            format: "TextSet.build (sort + tokenise): %.2f s, %d distinct words", seconds(start),
            set.tokenizer.wordCount))
    start = DispatchTime.now()
    let distances = AnswerDistances(set)
    print(String(format: "AnswerDistances: %.2f s", seconds(start)))
    start = DispatchTime.now()
    let rover = Rover().run(set, distances: distances)
    print(String(format: "Rover (align + %d reliability rounds): %.2f s", rover.iterations, seconds(start)))
    print(String(format: "consensus total (build + distances + ROVER): %.2f s", seconds(total)))
    start = DispatchTime.now()
    let central = CentralAnswer().run(set, distances: distances)
    print(
        String(
            format: "CentralAnswer (%d rounds, distances reused): %.2f s", central.iterations, seconds(start))
    )
    start = DispatchTime.now()
    let duplicates = NearDuplicates.find(set, consensus: rover)
    print(
        String(
            format: "NearDuplicates: %.2f s, %d pairs, %d flagged", seconds(start), duplicates.pairs.count,
            duplicates.pairs.filter(\.copyPaste).count))
    start = DispatchTime.now()
    let agreement = TextAgreement.estimate(set, distances: distances, bootstrap: 200)
    print(
        String(
            format: "TextAgreement (200 bootstrap): %.2f s, mean pairwise WER %.4f", seconds(start),
            agreement.meanPairwiseWER ?? -1))
    start = DispatchTime.now()
    let quality = TextAnnotatorQuality.measure(set, consensus: rover, nearDuplicates: duplicates)
    print(
        String(format: "TextAnnotatorQuality: %.2f s (%d annotators)", seconds(start), quality.answers.count))
    var references = WordSequences()
    var tokenizer = set.tokenizer
    for t in output.truth { references.append(tokenizer.tokenize(t)) }
    let known = [Bool](repeating: true, count: set.itemCount)
    for (name, c) in [("rover", rover), ("central", central)] {
        let wer = WordErrorRate.score(c.words, references: references, known: known)
        print(String(format: "%@ micro WER vs truth %.4f", name, wer.micro))
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "eval": try evaluate(Array(arguments.dropFirst()))
case "speed": speed(items: Int(arguments[1])!, answers: Int(arguments[2])!)
default: print("usage: text-bench eval DIR... | speed ITEMS ANSWERS")
}
