// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// The typed readers on the shared datasets, against the counts each folder's SOURCE.md states.
@Suite(
    .enabled(
        if: datasetsPresent,
        "shared datasets not found at \(datasetsRoot); set ASSAY_DATASETS to run the dataset checks"))
struct TypedDatasetTests {
    /// readability/SOURCE.md: 11,763 comparisons, 624 workers, 472 items (compared passages: our
    /// objects), 1,301 distinct unordered pairs (our items), 24 repeated (worker, pair) rows; position
    /// lost upstream.
    @Test func readability() throws {
        let (set, report) = try TypedLabelReader.readPairwise("\(datasetsRoot)/readability/labels.csv")
        #expect(set.count == 11_763 && set.annotatorCount == 624 && set.objectCount == 472)
        #expect(set.itemCount == 1_301 && set.index.repeatedPairs == 24)
        #expect(!set.positionsKnown && set.outcome.allSatisfy { $0 == PairwiseSet.Outcome.left.rawValue })
        #expect(report.rejected.isEmpty && report.ignoredColumns.isEmpty)
        #expect(report.notes.count == 1 && report.notes[0].hasPrefix("positions unknown"))
        // The win rate anchor (SOURCE.md: pair accuracy 0.6697, τ-b 0.3324) from the read set.
        let truth = try String(contentsOfFile: "\(datasetsRoot)/readability/truth.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let level = Dictionary(uniqueKeysWithValues: truth.map { (String($0[0]), Double(String($0[1]))!) })
        var wins = [Double](repeating: 0, count: set.objectCount)
        var seen = [Double](repeating: 0, count: set.objectCount)
        for l in 0..<set.count {
            let i = Int(set.index.item[l])
            let winner = set.leftObject(l)
            wins[Int(winner)] += 1
            seen[Int(set.itemFirst[i])] += 1
            seen[Int(set.itemSecond[i])] += 1
        }
        let concordance = Concordance(
            scores: zip(wins, seen).map { $0 / $1 }, truth: set.objectIDs.map { level[$0]! })
        #expect(abs(concordance.pairAccuracy! - 0.6697) < 5e-5)
        #expect(abs(concordance.kendallTauB! - 0.3324) < 5e-5)
    }

    /// mtbench/SOURCE.md: human.jsonl 3,355 votes by 65 judges on 1,814 units (question, turn,
    /// unordered model pair), winner model_a 1,293, model_b 1,282, tie 780; gpt4_pair.jsonl 2,400
    /// verdicts on 2,400 units, 380 "tie (inconsistent)" and 220 plain ties.
    @Test func mtbench() throws {
        let (human, report) = try TypedLabelReader.readPairwise("\(datasetsRoot)/mtbench/human.jsonl")
        #expect(human.count == 3_355 && human.annotatorCount == 65 && human.itemCount == 1_814)
        #expect(human.objectCount == 6 && !human.positionsKnown)
        let counts = (0..<3).map { o in human.outcome.filter { $0 == o }.count }
        #expect(counts == [1_293, 1_282, 780])
        #expect(human.flaggedInconsistent.isEmpty && report.ignoredColumns.isEmpty)
        #expect(human.index.repeatedPairs == 1)
        let (gpt4, _) = try TypedLabelReader.readPairwise("\(datasetsRoot)/mtbench/gpt4_pair.jsonl")
        #expect(gpt4.count == 2_400 && gpt4.itemCount == 2_400 && gpt4.annotatorCount == 1)
        #expect(gpt4.flaggedInconsistent.filter { $0 }.count == 380)
        #expect(gpt4.outcome.filter { $0 == PairwiseSet.Outcome.tie.rawValue }.count == 600)
        // Agreement anchors (SOURCE.md, all 65 judges): human-human 0.655 (1,552 / 2,368 pairs) with
        // ties, 0.827 (1,282 / 1,550) without.
        let within = PairwiseAgreement.within(
            human, group: [Bool](repeating: true, count: human.annotatorCount))
        #expect(within[0].agreeing == 1_552 && within[0].pairs == 2_368)
        #expect(within[1].agreeing == 1_282 && within[1].pairs == 1_550)
    }

    /// Ratings: counts from each SOURCE.md and the scale inferred from the values.
    @Test(arguments: [
        ("emotion", 7_000, 700, 38, -100.0, 100.0, true),
        ("wordsim", 300, 30, 10, 0.0, 10.0, true),
        ("nli_slider", 24_543, 500, 509, 0.0, 100.0, true),
        ("wmt_mqm_ende", 3_120, 1_040, 10, -81.4, 0.0, false),
        ("convabuse", 12_168, 4_050, 8, -3.0, 1.0, true),
    ])
    func ratings(
        dataset: String, labels: Int, items: Int, raters: Int, low: Double, high: Double, stepped: Bool
    )
        throws
    {
        let (set, report) = try TypedLabelReader.readRating("\(datasetsRoot)/\(dataset)/labels.csv")
        #expect(set.count == labels && set.itemCount == items && set.annotatorCount == raters)
        #expect(set.scale.minimum == low && set.scale.maximum == high && set.scale.isStepped == stepped)
        #expect(report.rejected.isEmpty && report.notes.count == 1)
        switch dataset {
        case "nli_slider":
            #expect(set.index.repeatedPairs == 687 && set.index.extras.durationSeconds.count == labels)
            #expect(report.ignoredColumns.isEmpty)
        case "wmt_mqm_ende":
            #expect(set.index.extras.createdAt.allSatisfy { !$0.isNaN })
        case "convabuse":
            // Severities (SOURCE.md): -3: 275, -2: 886, -1: 784, 0: 647, 1: 9,576.
            let counts = (-3...1).map { v in set.value.filter { $0 == Double(v) }.count }
            #expect(counts == [275, 886, 784, 647, 9_576])
            #expect(report.ignoredColumns == ["split"])
        default: break
        }
    }

    /// convabuse/multilabel.csv: 12,168 labels, 10,202 with no class; per-class positives as its
    /// SOURCE.md lists them; the 12 classes in the file's order given as the project's.
    @Test func convabuseMultiLabel() throws {
        let classes = [
            "ableist", "homophobic", "intellectual", "racist", "sexist", "sex_harassment", "transphobic",
            "target.generalised", "target.individual", "target.system", "explicit", "implicit",
        ]
        let (set, report) = try TypedLabelReader.readMultiLabel(
            "\(datasetsRoot)/convabuse/multilabel.csv", classes: classes)
        #expect(set.count == 12_168 && set.itemCount == 4_050 && set.annotatorCount == 8)
        #expect((0..<set.count).filter { set.size(ofLabel: $0) == 0 }.count == 10_202)
        let positives = (0..<classes.count).map { c in
            (0..<set.count).filter { set.contains(label: $0, class: c) }.count
        }
        #expect(positives == [13, 82, 327, 27, 264, 549, 4, 45, 94, 1_827, 1_543, 415])
        #expect(report.ignoredColumns == ["split"] && report.notes.isEmpty)
        // Without the classes, the same sets over the classes by name.
        let (free, _) = try TypedLabelReader.readMultiLabel("\(datasetsRoot)/convabuse/multilabel.csv")
        #expect(free.classes == classes.sorted())
    }

    /// Texts: crowdwsa_t1 (1,000 answers, 100 items, 42 workers, 118 repeated rows) and crowdspeech
    /// (77,882 / 11,126 / 2,776); every answer equals the file's field.
    @Test func texts() throws {
        let (t1, _) = try TypedLabelReader.readText("\(datasetsRoot)/crowdwsa_t1/labels.csv")
        #expect(t1.count == 1_000 && t1.itemCount == 100 && t1.annotatorCount == 42)
        #expect(t1.index.repeatedPairs == 118)
        let (speech, report) = try TypedLabelReader.readText("\(datasetsRoot)/crowdspeech/labels.csv")
        #expect(speech.count == 77_882 && speech.itemCount == 11_126 && speech.annotatorCount == 2_776)
        #expect(report.rejected.isEmpty)
        // The first row of the file (SOURCE.md's example), kept exactly.
        let first = try #require(speech.index.itemIDs.firstIndex(of: "dev-clean/76"))
        let answers = speech.index.labels(ofItem: first).map { speech.answers[$0] }
        #expect(answers.contains("If carried any distance it should be stored away in airtight vessels."))
    }
}
