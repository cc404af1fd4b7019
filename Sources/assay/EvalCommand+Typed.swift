// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import Foundation

extension EvalCommand {
    /// One method's scores against truth, for pairwise, rating and text labels; every key is
    /// written (an undefined figure as null).
    struct TypedRow: Encodable {
        var method: String
        var status = "ok"
        var note: String?
        var seconds: Double
        var scored: Int
        var figures: [(String, Double?)]
        var counts: [(String, Int)] = []
        var notes: [String] = []

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(method, forKey: Key("method"))
            try c.encode(status, forKey: Key("status"))
            try c.encode(note, forKey: Key("note"))
            try c.encode(seconds, forKey: Key("seconds"))
            try c.encode(notes, forKey: Key("notes"))
            for (name, value) in figures { try c.encode(value, forKey: Key(name)) }
            for (name, value) in counts { try c.encode(value, forKey: Key(name)) }
        }
    }

    /// `eval` on pairwise, rating and text labels.
    func runTyped(_ input: TypedInput) throws {
        let type = input.labels.labelType
        let names = try (methods == "all" ? TypedMethods.names(type) : methodNames).map {
            try TypedMethods.resolve($0, type: type)
        }
        if goldShare.value > 0 || withholdGold {
            throw InputProblem(
                message: "--gold-share applies to categorical labels; these are \(type.rawValue) labels")
        }
        let truth = try AnswerReader.read(self.truth, allowEmpty: type == .multilabel)
        var rows: [TypedRow] = []
        switch input.labels {
        case .pairwise(let set): rows = try pairwise(set, truth: truth, methods: names)
        case .rating(let set): rows = try ratings(set, truth: truth, methods: names)
        case .text(let set): rows = texts(set, truth: truth, methods: names)
        case .multilabel(let set): rows = try multiLabels(set, truth: truth, methods: names)
        case .categorical: preconditionFailure("categorical labels are scored by run()")
        }
        if json {
            print(try JSONOutput.line(rows))
            return
        }
        for r in rows {
            let figures = r.figures.map { "\($0.0) " + ($0.1.map { String(format: "%.4f", $0) } ?? "—") }
            print(
                "\(r.method.padding(toLength: 9, withPad: " ", startingAt: 0))  "
                    + (r.status == "ok"
                        ? figures.joined(separator: "  ") + "  scored \(r.scored)  "
                            + String(format: "%.3f s", r.seconds)
                        : "skipped: \(r.note ?? "")"))
        }
        for r in rows where r.status == "ok" { for n in r.notes { note("\(r.method): \(n)") } }
    }

    /// Truth values as numbers, by id.
    func numbers(_ truth: [(item: String, answer: String, line: Int)], what: String) throws -> [String:
        Double]
    {
        var out: [String: Double] = [:]
        for t in truth {
            guard let v = DecimalNumber(t.answer.trimmingCharacters(in: .whitespaces))?.value else {
                throw InputProblem(
                    message:
                        "\(self.truth):\(t.line): truth '\(t.answer)' of \(t.item) is not a number (expected \(what))"
                )
            }
            out[t.item] = v
        }
        return out
    }

    /// Notes the truth ids that match nothing.
    func noteUnmatched(_ truth: [String: Double], ids: [String], what: String) {
        let known = Set(ids)
        let missing = truth.keys.filter { !known.contains($0) }
        if !missing.isEmpty {
            note(
                "\(self.truth): \(missing.count) truth \(what) are not in the labels and are not scored (first: \(missing.sorted()[0]))"
            )
        }
    }

    /// Seconds since `start`.
    func since(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    func pairwise(
        _ set: PairwiseSet, truth raw: [(item: String, answer: String, line: Int)], methods: [String]
    )
        throws -> [TypedRow]
    {
        let truth = try numbers(raw, what: "a number per object: its true score or level, higher = preferred")
        noteUnmatched(truth, ids: set.objectIDs, what: "objects")
        let values = set.objectIDs.map { truth[$0] ?? .nan }
        return methods.map { name in
            let start = DispatchTime.now().uptimeNanoseconds
            let fit = PairwiseMethods.named(name, seed: seed)!.fit(set)
            let seconds = since(start)
            let c = Concordance(scores: fit.score, truth: values)
            return TypedRow(
                method: name, note: fit.notes.first, seconds: seconds, scored: c.objects,
                figures: [
                    ("pair_accuracy", c.pairAccuracy), ("kendall_tau", c.kendallTauB),
                    ("log_likelihood", fit.logLikelihood),
                ],
                counts: [
                    ("objects_scored", c.objects), ("ordered_pairs", c.orderedPairs),
                    ("iterations", fit.iterations),
                ],
                notes: fit.notes)
        }
    }

    func ratings(_ set: RatingSet, truth raw: [(item: String, answer: String, line: Int)], methods: [String])
        throws -> [TypedRow]
    {
        let truth = try numbers(raw, what: "a number per item on the rating scale")
        noteUnmatched(truth, ids: set.index.itemIDs, what: "items")
        let values = set.index.itemIDs.map { truth[$0] ?? .nan }
        return methods.map { name in
            let m = RatingMethods.make(name, seed: seed)!
            if let reason = m.unsupportedReason(set) {
                return TypedRow(
                    method: name, status: "skipped", note: reason, seconds: 0, scored: 0, figures: [])
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let fit = m.infer(set)
            let seconds = since(start)
            let s = RatingMetrics.score(fit.value, truth: values)
            return TypedRow(
                method: name, note: fit.notes.first, seconds: seconds, scored: s.scored,
                figures: [
                    ("pearson", s.pearson), ("spearman", s.spearman), ("mae", s.mae), ("rmse", s.rmse),
                ],
                counts: [("items_scored", s.scored), ("iterations", fit.iterations)], notes: fit.notes)
        }
    }

    func texts(_ set: TextSet, truth raw: [(item: String, answer: String, line: Int)], methods: [String])
        -> [TypedRow]
    {
        var truth: [String: String] = [:]
        for t in raw { truth[t.item] = t.answer }
        noteUnmatched(truth.mapValues { _ in 0.0 }, ids: set.index.itemIDs, what: "items")
        let (references, known) = set.tokenizeReferences(set.index.itemIDs.map { truth[$0] })
        let distances = AnswerDistances(set)
        return methods.map { name in
            let start = DispatchTime.now().uptimeNanoseconds
            let c = TextConsensus.Method(rawValue: name)!.run(set, distances: distances)
            let seconds = since(start)
            let wer = WordErrorRate.score(c.words, references: references, known: known)
            return TypedRow(
                method: name, seconds: seconds, scored: wer.items,
                figures: [("wer", wer.micro), ("wer_macro", wer.macro)],
                counts: [
                    ("items_scored", wer.items), ("edits", wer.edits),
                    ("reference_words", wer.referenceWords),
                ])
        }
    }

    func multiLabels(
        _ set: MultiLabelSet, truth raw: [(item: String, answer: String, line: Int)], methods: [String]
    )
        throws -> [TypedRow]
    {
        // Truth: the ';'-joined classes of each item (empty: none applies).
        var truth = [[Int]?](repeating: nil, count: set.itemCount)
        let items = Dictionary(uniqueKeysWithValues: set.index.itemIDs.enumerated().map { ($1, $0) })
        var unmatched = 0
        for t in raw {
            guard let i = items[t.item] else {
                unmatched += 1
                continue
            }
            var classes: [Int] = []
            for name in t.answer.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !name.isEmpty {
                guard let c = set.classes.firstIndex(of: name) else {
                    throw InputProblem(
                        message:
                            "\(self.truth):\(t.line): class '\(name)' of \(t.item) is not a class of the labels "
                            + "(\(set.classes.joined(separator: ", ")))")
                }
                classes.append(c)
            }
            truth[i] = classes
        }
        if unmatched > 0 {
            note("\(self.truth): \(unmatched) truth items are not in the labels and are not scored")
        }
        return try methods.map { name in
            let m = try AssayCLI.method(named: name, seed: seed)
            let start = DispatchTime.now().uptimeNanoseconds
            let c = BinaryRelevance(method: m).infer(set)
            let seconds = since(start)
            let s = MultiLabelMetrics.score(c, truth: truth)
            return TypedRow(
                method: name, seconds: seconds, scored: s.items,
                figures: [
                    ("exact_match", s.exactMatch), ("hamming_accuracy", s.hammingAccuracy),
                    ("micro_f1", s.microF1),
                ],
                counts: [("items_scored", s.items)])
        }
    }
}
