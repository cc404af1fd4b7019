// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

@Suite struct SimulationTests {
    @Test func deterministicAndShaped() {
        let sim = Simulation(
            vendors: [
                .init(name: "A", annotators: 10, accuracy: 0.9),
                .init(name: "B", annotators: 10, accuracy: 0.6, spammerShare: 0.5),
            ],
            items: 500, classes: 3, overlap: 3, goldRate: 0.1, seed: 42)
        let a = sim.run()
        let b = sim.run()
        #expect(a.labels.map(\.value) == b.labels.map(\.value))
        #expect(a.labels.count == 1500)
        #expect(a.kinds[1].filter { $0 == "spammer" }.count == 5)
        let gold = a.isGold.filter { $0 }.count
        #expect(gold > 25 && gold < 80)
        // Vendor A's diligent annotators are right about 90% of the time.
        let labelsA = a.labels.filter { $0.vendor == 0 }
        let right = labelsA.filter { $0.value == a.truth[$0.item] }.count
        #expect(abs(Double(right) / Double(labelsA.count) - 0.9) < 0.05)
    }
}
