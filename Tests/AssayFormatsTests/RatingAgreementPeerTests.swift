// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// Peer values recorded by `scripts/rating_agreement_peers.py` (krippendorff 0.9.0).
struct RatingPeerReference: Decodable {
    struct MultiLabel: Decodable {
        let classes: [String]
        let alphaJaccard: Double
        let alphaMasi: Double
        let perClassAlphaNominal: [String: Double?]

        enum CodingKeys: String, CodingKey {
            case classes
            case alphaJaccard = "alpha_jaccard"
            case alphaMasi = "alpha_masi"
            case perClassAlphaNominal = "per_class_alpha_nominal"
        }
    }
    struct Additive: Decodable {
        let value: [String: Double]
        let severity: [String: Double]
    }
    let ratings: [String: [String: Double]]
    let multilabel: [String: MultiLabel]
    let additiveOLS: [String: Additive]

    enum CodingKeys: String, CodingKey {
        case ratings, multilabel
        case additiveOLS = "additive_ols"
    }
}

/// A rating file read by the rating reader on an open continuous scale (every number accepted).
func readRatings(_ path: String) throws -> RatingSet {
    try TypedLabelReader.readRating(path, scale: try RatingScale(minimum: -.infinity, maximum: .infinity)).0
}

/// convabuse's `multilabel.csv` (`item,worker,labels,split`, `;`-joined classes) read by the
/// multi-label reader over `classes`.
func readMultiLabel(_ path: String, classes: [String]) throws -> MultiLabelSet {
    try TypedLabelReader.readMultiLabel(path, classes: classes).0
}

@Suite(
    .enabled(
        if: datasetsPresent,
        "shared datasets not found at \(datasetsRoot); set ASSAY_DATASETS to run the peer comparisons"))
struct RatingAgreementPeerTests {
    static let reference: RatingPeerReference = {
        let url = Bundle.module.url(
            forResource: "rating-agreement-peers", withExtension: "json", subdirectory: "Reference")!
        return try! JSONDecoder().decode(RatingPeerReference.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: [
        ("emotion", "emotion/labels.csv"), ("wordsim", "wordsim/labels.csv"),
        ("nli_slider", "nli_slider/labels.csv"),
        ("wmt_mqm_ende", "wmt_mqm_ende/labels.csv"), ("convabuse", "convabuse/labels.csv"),
    ])
    func ratingAlphaMatchesKrippendorff(dataset: String, file: String) throws {
        let peer = try #require(Self.reference.ratings[dataset])
        let set = try readRatings("\(datasetsRoot)/\(file)")
        #expect(Double(set.count) == peer["labels"])
        for level in [MeasurementLevel.nominal, .ordinal, .interval] {
            let expected = try #require(peer["alpha_\(level.rawValue)"])
            let got = try #require(KrippendorffAlpha.compute(set, level: level).value)
            #expect(abs(got - expected) < 1e-9, "\(dataset) α \(level): \(got) vs \(expected)")
        }
    }

    @Test func multiLabelAlphaMatchesKrippendorff() throws {
        let peer = try #require(Self.reference.multilabel["convabuse"])
        let set = try readMultiLabel("\(datasetsRoot)/convabuse/multilabel.csv", classes: peer.classes)
        for (distance, expected) in [(SetDistance.jaccard, peer.alphaJaccard), (.masi, peer.alphaMasi)] {
            let got = try #require(MultiLabelAgreement.setAlpha(set, distance: distance).value)
            #expect(abs(got - expected) < 1e-9, "convabuse set α \(distance): \(got) vs \(expected)")
        }
        for (c, result) in MultiLabelAgreement.perClassAlpha(set).enumerated() {
            let expected = try #require(peer.perClassAlphaNominal[peer.classes[c]] ?? nil)
            let got = try #require(result.value)
            #expect(abs(got - expected) < 1e-9, "convabuse α \(peer.classes[c]): \(got) vs \(expected)")
        }
    }

    @Test(arguments: [("emotion", "emotion/labels.csv"), ("wmt_mqm_ende", "wmt_mqm_ende/labels.csv")])
    func additiveModelWithoutPriorsIsLeastSquares(dataset: String, file: String) throws {
        // One shared noise (a huge noise prior weight pins every rater's variance to the pooled
        // one), no severity prior: the fit is the two-way least-squares fit numpy.linalg.lstsq found.
        let peer = try #require(Self.reference.additiveOLS[dataset])
        let set = try readRatings("\(datasetsRoot)/\(file)")
        var model = AdditiveRaterModel(anchor: .meanZero, severityPrior: .flat)
        model.noisePriorWeight = 1e12
        model.tolerance = 1e-12
        let fit = model.infer(set)
        #expect(fit.converged)
        for (i, id) in set.index.itemIDs.enumerated() {
            let expected = try #require(peer.value[id])
            #expect(
                abs(fit.value[i] - expected) < 1e-6, "\(dataset) item \(id): \(fit.value[i]) vs \(expected)")
        }
        for (a, id) in set.index.annotatorIDs.enumerated() {
            let expected = try #require(peer.severity[id])
            #expect(
                abs(fit.severity[a] - expected) < 1e-6,
                "\(dataset) rater \(id): \(fit.severity[a]) vs \(expected)")
        }
    }
}

@Suite(
    .enabled(
        if: datasetsPresent,
        "shared datasets not found at \(datasetsRoot); set ASSAY_DATASETS to run the dataset checks"))
struct RatingDatasetTests {
    @Test func mqmSeverityRankingAgreesWithTheAttentionChecks() throws {
        // wmt_mqm_ende: label = minus the MQM penalty. SOURCE.md's mean penalties put rater6 (11.62)
        // harshest and rater4 (2.61) most lenient; rater4 and rater9 missed the most injected errors.
        let set = try readRatings("\(datasetsRoot)/wmt_mqm_ende/labels.csv")
        let fit = AdditiveRaterModel().infer(set)
        let rater = { (id: String) in set.index.annotatorIDs.firstIndex(of: id)! }
        #expect(fit.converged)
        #expect(fit.severity.min() == fit.severity[rater("rater6")])
        // Every severity interval excludes 0: the raters differ beyond their noise.
        #expect((0..<set.annotatorCount).allSatisfy { fit.severityLow[$0] > 0 || fit.severityHigh[$0] < 0 })
        let lines = try String(
            contentsOfFile: "\(datasetsRoot)/wmt_mqm_ende/attention_checks.csv", encoding: .utf8
        )
        .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let checks = KnownAnswerChecks(
            annotators: set.annotatorCount, rater: lines.map { Int32(rater($0[1])) },
            passed: lines.map { $0[2] == "Found" })
        #expect(checks.passed.reduce(0, +) == 220 && checks.failed.reduce(0, +) == 25)
        #expect(checks.failed[rater("rater4")] == 10 && checks.failed[rater("rater9")] == 7)
        // Raters who find the injected errors are the harsher ones: ρ(found rate, severity) < 0
        // (−0.705 measured).
        let rho = try #require(checks.rankCorrelation(with: fit.severity))
        #expect(rho < -0.5, "ρ \(rho)")
    }
}
