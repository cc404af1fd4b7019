// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// The shared datasets folder: `$ASSAY_DATASETS`, default `../shared/datasets`.
let datasetsRoot = ProcessInfo.processInfo.environment["ASSAY_DATASETS"] ?? "../shared/datasets"
let datasetsPresent = FileManager.default.fileExists(atPath: datasetsRoot + "/dog/labels.csv")

/// Peer values recorded by `scripts/agreement_peers.py` (krippendorff 0.9.0, irrCAC 0.4.4).
struct PeerReference: Decodable {
    let datasets: [String: [String: Double]]
}

@Suite(
    .enabled(
        if: datasetsPresent,
        "shared datasets not found at \(datasetsRoot); set ASSAY_DATASETS to run the peer comparisons"))
struct AgreementPeerTests {
    static let reference: PeerReference = {
        let url = Bundle.module.url(
            forResource: "agreement-peers", withExtension: "json", subdirectory: "Reference")!
        return try! JSONDecoder().decode(PeerReference.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: ["duck", "dog", "face", "product", "rte", "temp", "web", "wsd"])
    func matchesKrippendorffAndIrrCAC(dataset: String) throws {
        let peer = try #require(Self.reference.datasets[dataset])
        let (set, _) = try LabelReader.read("\(datasetsRoot)/\(dataset)/labels.csv")
        let numeric = set.classes.compactMap { Double($0) }
        for level in MeasurementLevel.allCases {
            guard let expected = peer["alpha_\(level.rawValue)"] else { continue }
            let got = try #require(
                KrippendorffAlpha.compute(
                    set, level: level, numericValues: numeric.count == set.classCount ? numeric : nil
                )
                .value)
            #expect(abs(got - expected) < 1e-9, "\(dataset) α \(level): \(got) vs \(expected)")
        }
        for metric in ["fleiss", "percent", "ac1", "bp"] {
            let expected = try #require(peer[metric])
            let got = try #require(Agreement.estimate(set, metric: metric, level: .nominal).value)
            #expect(abs(got - expected) < 1e-9, "\(dataset) \(metric): \(got) vs \(expected)")
        }
    }
}
