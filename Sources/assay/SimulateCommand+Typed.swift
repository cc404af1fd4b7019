// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import Foundation

extension SimulateCommand {
    /// Vendor `v`'s name: A, B, C, …
    func vendorName(_ v: Int) -> String { String(UnicodeScalar(UInt8(65 + v))) }

    /// Pairwise, rating, multi-label and text campaigns with known truth, each vendor a kind of
    /// annotator: A careful, B biased (position-biased judges, severe and lenient raters, lazy
    /// taggers, copy-pasting writers), C spamming, then again from A.
    func runTyped() throws {
        let written = try writeTyped()
        print(
            "wrote \(written) \(type.rawValue) labels on \(items) items from \(vendors) vendors to \(out) (seed \(seed))"
        )
    }

    /// Writes the campaign's labels, truth and annotators to `out`; returns the labels written.
    func writeTyped() throws -> Int {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let labels = try TextFileWriter(path: "\(out)/labels.csv")
        let truth = try TextFileWriter(path: "\(out)/truth.csv")
        let people = try TextFileWriter(path: "\(out)/annotators.csv")
        var written = 0
        switch type {
        case .pairwise: written = pairwise(labels, truth, people)
        case .rating: written = try ratings(labels, truth, people)
        case .multilabel: written = multiLabels(labels, truth, people)
        case .text: written = texts(labels, truth, people)
        case .categorical: preconditionFailure("categorical campaigns are run()'s")
        }
        try labels.commit()
        try truth.commit()
        try people.commit()
        return written
    }

    /// The pairwise campaign: diligent, position-biased and spamming judges by vendor (item `pK`
    /// is the output's item K; its `itemTruth` is the pair's true outcome).
    func pairwiseSimulation() -> PairwiseSimulation.Output {
        let kinds: [PairwiseSimulation.Judges] = [
            .init(kind: "diligent", count: annotatorsPerVendor, reliability: 0.85, tieShare: 0.3),
            .init(
                kind: "position-biased", count: annotatorsPerVendor, reliability: 0.5, tieShare: 0.1,
                leftShare: 0.9),
            .init(kind: "spammer", count: annotatorsPerVendor, reliability: 0, tieShare: 0.3),
        ]
        let judges = (0..<vendors).map { kinds[$0 % kinds.count] }
        return PairwiseSimulation(
            objects: max(objects, 2), items: items, votesPerItem: overlap, tieParameter: 0.3, judges: judges,
            seed: seed
        ).run()
    }

    func pairwise(_ labels: TextFileWriter, _ truth: TextFileWriter, _ people: TextFileWriter) -> Int {
        let sim = pairwiseSimulation()
        func worker(_ a: Int) -> String {
            "\(vendorName(a / annotatorsPerVendor))-j\(a % annotatorsPerVendor)"
        }
        labels.csv(["item", "worker", "vendor", "left", "right", "label"])
        for r in 0..<sim.item.count {
            let a = Int(sim.annotator[r])
            labels.csv([
                "p\(sim.item[r])", worker(a), vendorName(a / annotatorsPerVendor), "o\(sim.left[r])",
                "o\(sim.right[r])",
                ["left", "right", "tie"][Int(sim.outcome[r])],
            ])
        }
        truth.csv(["item", "truth"])
        for (o, score) in sim.score.enumerated() { truth.csv(["o\(o)", "\(score)"]) }
        people.csv(["vendor", "worker", "kind", "reliability", "left_share"])
        for a in sim.kind.indices {
            people.csv([
                vendorName(a / annotatorsPerVendor), worker(a), sim.kind[a], "\(sim.reliability[a])",
                "\(sim.leftShare[a])",
            ])
        }
        return sim.item.count
    }

    func ratings(_ labels: TextFileWriter, _ truth: TextFileWriter, _ people: TextFileWriter) throws -> Int {
        let scale =
            try scale.map { try TypeOptions.parseScale($0, step: step?.value, level: .interval) }
            ?? RatingScale(minimum: 1, maximum: 5, step: step?.value ?? 1, level: .ordinal)
        guard scale.minimum.isFinite, scale.maximum.isFinite else {
            throw InputProblem(message: "--scale needs two finite ends to simulate ratings")
        }
        let range = scale.maximum - scale.minimum
        // A careful, B severe and lenient (severity sd a tenth of the range), C spammers.
        var raters: [RatingSimulation.Rater] = []
        var kinds: [String] = []
        var rng = SeededGenerator(seed: seed ^ 0x5CA1E)
        for v in 0..<vendors {
            for _ in 0..<annotatorsPerVendor {
                switch v % 3 {
                case 0:
                    raters.append(.init(severity: 0.02 * range * rng.nextNormal(), noise: 0.08 * range))
                    kinds.append("careful")
                case 1:
                    let severity = 0.1 * range * rng.nextNormal()
                    raters.append(.init(severity: severity, noise: 0.12 * range))
                    kinds.append(severity < 0 ? "severe" : "lenient")
                default:
                    raters.append(.init(severity: 0, noise: 0, isSpammer: true))
                    kinds.append("spammer")
                }
            }
        }
        let margin = 0.15 * range
        let sim = RatingSimulation(
            scale: scale, items: items, overlap: overlap, raters: raters,
            truthRange: (scale.minimum + margin)...(scale.maximum - margin), seed: seed
        ).run()
        let idx = sim.set.index
        func worker(_ a: Int) -> String {
            "\(vendorName(a / annotatorsPerVendor))-r\(a % annotatorsPerVendor)"
        }
        labels.csv(["item", "worker", "vendor", "label"])
        for l in 0..<sim.set.count {
            let a = Int(idx.annotator[l])
            labels.csv([
                idx.itemIDs[Int(idx.item[l])], worker(a), vendorName(a / annotatorsPerVendor),
                "\(sim.set.value[l])",
            ])
        }
        truth.csv(["item", "truth"])
        for (i, t) in sim.truth.enumerated() { truth.csv([idx.itemIDs[i], "\(t)"]) }
        people.csv(["vendor", "worker", "kind", "severity", "noise"])
        for a in raters.indices {
            people.csv([
                vendorName(a / annotatorsPerVendor), worker(a), kinds[a], "\(raters[a].severity)",
                "\(raters[a].noise)",
            ])
        }
        return sim.set.count
    }

    func multiLabels(_ labels: TextFileWriter, _ truth: TextFileWriter, _ people: TextFileWriter) -> Int {
        var annotators: [MultiLabelSimulation.Annotator] = []
        var kinds: [String] = []
        for v in 0..<vendors {
            for _ in 0..<annotatorsPerVendor {
                switch v % 3 {
                case 0:
                    annotators.append(.init(sensitivity: 0.9, specificity: 0.95))
                    kinds.append("careful")
                case 1:
                    annotators.append(.init(sensitivity: 0.4, specificity: 0.99, isLazy: true))
                    kinds.append("lazy")
                default:
                    annotators.append(.init(sensitivity: 0.5, specificity: 0.5, isSpammer: true))
                    kinds.append("spammer")
                }
            }
        }
        let prevalence = (0..<classes).map { 0.4 / (1 + Double($0) * 0.6) }
        let sim = MultiLabelSimulation(
            prevalence: prevalence, items: items, overlap: overlap, annotators: annotators, seed: seed
        ).run()
        let set = sim.set
        let idx = set.index
        let names = (0..<classes).map { "c\($0)" }
        func worker(_ a: Int) -> String {
            "\(vendorName(a / annotatorsPerVendor))-t\(a % annotatorsPerVendor)"
        }
        labels.csv(["item", "worker", "vendor", "labels"])
        for l in 0..<set.count {
            let a = Int(idx.annotator[l])
            labels.csv([
                idx.itemIDs[Int(idx.item[l])], worker(a), vendorName(a / annotatorsPerVendor),
                set.classes(ofLabel: l).map { names[$0] }.joined(separator: ";"),
            ])
        }
        truth.csv(["item", "truth"])
        let w = set.wordsPerLabel
        for i in 0..<idx.itemCount {
            let classes = (0..<classes).filter { sim.truth[i * w + $0 >> 6] >> UInt64($0 & 63) & 1 == 1 }
            truth.csv([idx.itemIDs[i], classes.map { names[$0] }.joined(separator: ";")])
        }
        people.csv(["vendor", "worker", "kind", "sensitivity", "specificity"])
        for a in annotators.indices {
            people.csv([
                vendorName(a / annotatorsPerVendor), worker(a), kinds[a], "\(annotators[a].sensitivity)",
                "\(annotators[a].specificity)",
            ])
        }
        return set.count
    }

    func texts(_ labels: TextFileWriter, _ truth: TextFileWriter, _ people: TextFileWriter) -> Int {
        let sim = TextSimulation(
            items: items, answersPerItem: overlap, writers: vendors * annotatorsPerVendor, vendors: vendors,
            copierShare: 0.05, pasterShare: 0.03, seed: seed
        ).run()
        func worker(_ w: Int) -> String { "\(vendorName(Int(sim.vendor[w])))-w\(w)" }
        labels.csv(["item", "worker", "vendor", "label"])
        for r in sim.item.indices {
            let w = Int(sim.writer[r])
            labels.csv(["i\(sim.item[r])", worker(w), vendorName(Int(sim.vendor[w])), sim.answers[r]])
        }
        truth.csv(["item", "truth"])
        for (i, t) in sim.truth.enumerated() { truth.csv(["i\(i)", t]) }
        people.csv(["vendor", "worker", "kind", "error_rate"])
        for w in sim.kind.indices {
            people.csv([
                vendorName(Int(sim.vendor[w])), worker(w), sim.kind[w].rawValue, "\(sim.errorRate[w])",
            ])
        }
        return sim.item.count
    }
}
