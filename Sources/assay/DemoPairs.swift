// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import Foundation

/// What the demo's pairwise project shows in the in-house queue and checks it with: a prompt per
/// item and an answer per object written from the pair's simulated true outcome (the better object's
/// answer clear and correct, the other's partly correct or off-topic; a tie's two answers alike), and
/// gold on every 20th item: that true outcome. Deterministic.
enum DemoPairs {
    static let prompts = [
        "Explain why the sky is blue to a ten-year-old.",
        "Summarise the causes of the 2008 financial crisis.",
        "Write a polite email declining a meeting.", "How do vaccines train the immune system?",
        "Give three tips for a first marathon.", "What is the difference between TCP and UDP?",
        "Suggest a name for a bakery and say why.", "Convert 72 °F to Celsius and show the steps.",
    ]

    /// An answer of quality `tier` (0 clear and correct, 1 partly correct, 2 off-topic) to `prompt`.
    static func answer(tier: Int, prompt: String) -> String {
        switch tier {
        case 0:
            "A clear, correct reply to “\(prompt)” — the key point first, one worked example, and a "
                + "check that the example holds."
        case 1:
            "A partly correct reply to “\(prompt)” — the main point is there, but the example is vague "
                + "and one step is skipped."
        default:
            "An off-topic reply to “\(prompt)” — it repeats the question and adds nothing."
        }
    }

    /// Adds the payloads and the gold of the pairwise project `p` in `s` from its simulation `sim`
    /// (item `pK` is the simulation's item K, objects `oJ`); the number of gold answers.
    /// - Complexity: O(items).
    static func add(to p: ProjectRecord, in s: any Store, from sim: PairwiseSimulation.Output) async throws
        -> Int
    {
        var payloads: [(item: String, json: String)] = []
        var gold: [(item: String, answer: String)] = []
        for k in sim.itemTruth.indices {
            let (a, b) = ("o\(sim.itemFirst[k])", "o\(sim.itemSecond[k])")
            let prompt = prompts[k % prompts.count]
            let worse = 1 + k % 2
            let tiers: (Int, Int) =
                switch sim.itemTruth[k] {
                case PairwiseSet.firstBetter: (0, worse)
                case PairwiseSet.secondBetter: (worse, 0)
                default: (k % 3, k % 3)
                }
            let fields = [
                "prompt": prompt, a: answer(tier: tiers.0, prompt: prompt),
                b: answer(tier: tiers.1, prompt: prompt),
            ]
            payloads.append(("p\(k)", String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)))
            if k % 20 == 0 { gold.append(("p\(k)", [a, b, "tie"][Int(sim.itemTruth[k])])) }
        }
        try await s.setPayloads(payloads, in: p)
        return try await s.addGold(gold, source: "simulation", to: p)
    }
}
