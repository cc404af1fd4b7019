// Assay — quality control for human-labelled training data.

// The text benchmark and evaluation harness (built and run by `scripts/text-bench.sh`):
//   eval DIR...            micro/macro WER of the default text methods (and the unweighted ones) on
//                          shared datasets, with the seconds of set building plus consensus
//   grid DIR...            micro WER over reliability and ε-weight settings (crowdspeech: per split
//                          group, dev-* being the selection set)
//   confidence DIR...      how per-item confidence relates to the consensus's true word accuracy
//   duplicates DIR...      near-duplicate pairs and copy-paste flags
//   speed ITEMS ANSWERS    simulated answers (≈15 words) through tokenising, distances, both models,
//                          near-duplicates and agreement, with wall-clock seconds per stage

import AssayCore
import Foundation

func seconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// Runs `body` on every dataset folder with its name.
func forEachDataset(_ folders: [String], _ body: (String, TextDataset) throws -> Void) throws {
    for folder in folders {
        try body(URL(fileURLWithPath: folder).lastPathComponent, try TextDataset.load(folder))
    }
}

/// Micro WER of `consensus` on the items of `data` whose id starts with `prefix`.
func microWER(_ consensus: TextConsensus, _ data: TextDataset, prefix: String) -> Double {
    let known = (0..<data.set.itemCount).map {
        data.known[$0] && data.set.index.itemIDs[$0].hasPrefix(prefix)
    }
    return WordErrorRate.score(consensus.words, references: data.truth, known: known).micro
}

/// Micro and macro WER of the default methods and their unweighted forms, with timings.
func evaluate(_ folders: [String]) throws {
    try forEachDataset(folders) { name, data in
        var start = DispatchTime.now()
        let set = TextSet(index: data.set.index, answers: data.set.answers)
        let build = seconds(start)
        let uniform = TextReliability(weighting: .uniform)
        for (label, run) in [
            ("rover (default)", { Rover().run(set) }), ("central", { CentralAnswer().run(set) }),
            ("rover unweighted, ε weight 1", { Rover(reliability: uniform, emptyWeight: 1).run(set) }),
            ("central unweighted (medoid)", { CentralAnswer(reliability: uniform).run(set) }),
        ] as [(String, () -> TextConsensus)] {
            start = DispatchTime.now()
            let consensus = run()
            let elapsed = seconds(start)
            // The set was rebuilt from the same answers, so its word ids equal the dataset's.
            let wer = WordErrorRate.score(consensus.words, references: data.truth, known: data.known)
            print(
                String(
                    format:
                        "%@ %@: micro %.4f macro %.4f (%d items, %d reference words); %.2f s tokenising + %.2f s consensus",
                    name, label, wer.micro, wer.macro, wer.items, wer.referenceWords, build, elapsed))
        }
    }
}

/// Micro WER over a grid of reliability and ε-weight settings.
func grid(_ folders: [String]) throws {
    try forEachDataset(folders) { name, data in
        let prefixes = name == "crowdspeech" ? ["dev-", "test-", ""] : [""]
        let distances = AnswerDistances(data.set)
        var rows: [(String, TextConsensus)] = []
        let reliabilities: [TextReliability] = [
            TextReliability(weighting: .uniform), TextReliability(weighting: .linear, priorWords: 5),
            TextReliability(weighting: .linear, priorWords: 20),
            TextReliability(weighting: .linear, priorWords: 50),
            TextReliability(weighting: .logOdds, priorWords: 20),
        ]
        for r in reliabilities {
            let tag = "\(r.weighting) \(Int(r.priorWords))"
            rows.append(("central \(tag)", CentralAnswer(reliability: r).run(data.set, distances: distances)))
            for empty in [1.0, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5] {
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

/// How per-item confidence relates to the consensus's true word accuracy (1 − item WER, floored at 0).
func confidenceReport(_ folders: [String]) throws {
    try forEachDataset(folders) { name, data in
        let set = data.set
        let c = Rover().run(set)
        var accuracy: [Double] = []
        var confidence: [Double] = []
        var shareClose: [Double] = []
        var exactShare: [Double] = []
        for i in 0..<set.itemCount where data.known[i] && data.truth.length(i) > 0 {
            let e = WordEditDistance.distance(c.words[i], data.truth[i])
            accuracy.append(max(0, 1 - Double(e) / Double(data.truth.length(i))))
            confidence.append(c.confidence[i])
            // Alternatives: the weighted share of answers within WER 0.25 of the consensus, and of
            // answers equal to it.
            var total = 0.0
            var close = 0.0
            var exact = 0.0
            let length = Double(max(c.words.length(i), 1))
            for l in set.index.labels(ofItem: i) {
                let w = c.reliability[Int(set.index.annotator[l])]
                total += w
                if Double(c.editsToConsensus[l]) <= 0.25 * length { close += w }
                if c.editsToConsensus[l] == 0 { exact += w }
            }
            shareClose.append(close / total)
            exactShare.append(exact / total)
        }
        let meanAccuracy = accuracy.reduce(0, +) / Double(accuracy.count)
        for (label, v) in [
            ("confidence (weighted mean answer word accuracy vs consensus)", confidence),
            ("share of answers within WER 0.25", shareClose), ("share of answers equal to it", exactShare),
        ] {
            let mean = v.reduce(0, +) / Double(v.count)
            print(
                String(
                    format:
                        "%@ %@: Spearman with item word accuracy %.3f, mean %.3f (mean word accuracy %.3f)",
                    name, label, spearman(v, accuracy), mean, meanAccuracy))
        }
        // Calibration of the confidence in five bins.
        for b in 0..<5 {
            let lo = Double(b) / 5
            let hi = Double(b + 1) / 5
            let members = confidence.indices.filter {
                confidence[$0] >= lo && (confidence[$0] < hi || (b == 4 && confidence[$0] <= 1))
            }
            guard !members.isEmpty else { continue }
            let meanConfidence = members.reduce(0.0) { $0 + confidence[$1] } / Double(members.count)
            let meanAccuracy = members.reduce(0.0) { $0 + accuracy[$1] } / Double(members.count)
            let exact = Double(members.filter { accuracy[$0] == 1 }.count) / Double(members.count)
            print(
                String(
                    format:
                        "  bin [%.1f, %.1f]: %5d items, confidence %.3f, word accuracy %.3f, exactly right %.3f",
                    lo, hi, members.count, meanConfidence, meanAccuracy, exact))
        }
    }
}

/// Near-duplicate pairs and copy-paste flags on real datasets.
func duplicateReport(_ folders: [String]) throws {
    try forEachDataset(folders) { name, data in
        let set = data.set
        let consensus = Rover().run(set)
        let found = NearDuplicates.find(set, consensus: consensus)
        let flagged = found.pairs.filter(\.copyPaste)
        let sameItem = found.pairs.filter { $0.firstItem == $0.secondItem }
        print(
            "\(name): \(found.pairs.count) near-duplicate pairs (\(sameItem.count) on one item, "
                + "\(found.pairs.filter(\.exact).count) exact), \(flagged.count) flagged "
                + "(\(flagged.filter { $0.firstItem == $0.secondItem }.count) on one item)")
        let share = found.annotatorShare
        let top = (0..<set.annotatorCount).sorted { share[$0] > share[$1] }.prefix(5)
        for a in top where share[a] > 0 {
            print(
                String(
                    format: "  annotator %@: %d of %d compared answers held copied (%.3f)",
                    set.index.annotatorIDs[a],
                    found.flaggedAnswers[a], found.comparedAnswers[a], share[a]))
        }
        for pair in flagged.prefix(3) {
            print("  e.g. \(set.answers[Int(pair.first)]) | \(set.answers[Int(pair.second)])")
        }
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "eval": try evaluate(Array(arguments.dropFirst()))
case "grid": try grid(Array(arguments.dropFirst()))
case "duplicates": try duplicateReport(Array(arguments.dropFirst()))
case "confidence": try confidenceReport(Array(arguments.dropFirst()))
case "speed": speed(items: Int(arguments[1])!, answers: Int(arguments[2])!)
default: print("usage: text-bench eval|grid|confidence|duplicates DIR... | speed ITEMS ANSWERS")
}
