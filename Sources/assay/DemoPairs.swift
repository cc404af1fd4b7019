// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import Foundation

/// What the demo's pairwise project shows in the in-house queue and checks it with: a prompt per
/// item and an answer per object written from the object's simulated strength (the strongest
/// third answer well, the middle third partly, the weakest third poorly), and gold on every 20th
/// item: the stronger object of its pair. Deterministic.
enum DemoPairs {
    static let prompts = [
        "Explain why the sky is blue to a ten-year-old.",
        "Summarise the causes of the 2008 financial crisis.",
        "Write a polite email declining a meeting.", "How do vaccines train the immune system?",
        "Give three tips for a first marathon.", "What is the difference between TCP and UDP?",
        "Suggest a name for a bakery and say why.", "Convert 72 °F to Celsius and show the steps.",
    ]

    /// The answer an object of strength tier `tier` (0 strongest, 2 weakest) gives to `prompt` (two
    /// objects of one tier answer alike: a tie).
    static func answer(tier: Int, prompt: String) -> String {
        switch tier {
        case 0:
            "A clear, correct reply to “\(prompt)” — the key point first, one worked "
                + "example, and a check that the example holds."
        case 1:
            "A partly correct reply to “\(prompt)” — the main point is there, but the "
                + "example is vague and one step is skipped."
        default:
            "An off-topic reply to “\(prompt)” — it repeats the question and adds nothing."
        }
    }

    /// Adds the payloads and the gold of the pairwise project `p` in `s`, whose objects' true
    /// strengths are in `truthFile` (`assay simulate`'s truth.csv: object, score); the number of
    /// gold answers.
    /// - Complexity: O(items + objects log objects).
    static func add(to p: ProjectRecord, in s: any Store, truthFile: String) async throws -> Int {
        guard case .pairwise(let set) = try await s.labels(of: p) else { return 0 }
        var score: [String: Double] = [:]
        for line in try String(contentsOfFile: truthFile, encoding: .utf8).split(separator: "\n").dropFirst()
        {
            let f = line.split(separator: ",")
            if f.count == 2, let x = Double(f[1]) { score[String(f[0])] = x }
        }
        let ranked = score.keys.sorted { (score[$0]!, $0) > (score[$1]!, $1) }
        let tier = Dictionary(
            uniqueKeysWithValues: ranked.enumerated().map { ($1, min(2, 3 * $0 / max(1, ranked.count))) })
        var payloads: [(item: String, json: String)] = []
        var gold: [(item: String, answer: String)] = []
        for i in 0..<set.itemCount {
            let item = set.index.itemIDs[i]
            let a = set.objectIDs[Int(set.itemFirst[i])]
            let b = set.objectIDs[Int(set.itemSecond[i])]
            let prompt = prompts[i % prompts.count]
            let fields = [
                "prompt": prompt, a: answer(tier: tier[a] ?? 2, prompt: prompt),
                b: answer(tier: tier[b] ?? 2, prompt: prompt),
            ]
            payloads.append((item, String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)))
            if i % 20 == 0, let x = score[a], let y = score[b] {
                gold.append((item, x >= y ? a : b))
            }
        }
        try await s.setPayloads(payloads, in: p)
        return try await s.addGold(gold, source: "truth.csv", to: p)
    }
}
