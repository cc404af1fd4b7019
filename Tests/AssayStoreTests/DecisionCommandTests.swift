// Assay — quality control for human-labelled training data.

import AssayCore
import AssayTestSupport
import Foundation
import Testing

/// The decision commands (`plan`, `next`, `accept`, `drift`, `fraud`) through the built executable,
/// on a store holding three vendors' deliveries written here: Good (accuracy 0.92, price 0.08),
/// Cheap (0.8, 0.03) whose last three deliveries fall to 0.6, and Copy (0.8, 0.05), whose annotator
/// cc gives Good's g1's answer six seconds after it on every item g1 labelled.
@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct DecisionCommandTests {
    let dir: String
    let store: String

    init() throws {
        dir = try Scratch.folder("assay-decide").path
        store = dir + "/s.db"
    }

    @discardableResult
    func assay(_ arguments: [String]) throws -> Spawn.Outcome {
        try Spawn.run(
            assayExecutable!, arguments + ["--store", store], stdin: "/dev/null", stdout: nil, directory: dir)
    }

    func json(_ outcome: Spawn.Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    /// Six deliveries per vendor of 100 items each (items shared across vendors), two annotators a
    /// vendor per item (ids g…, h…, k…: no id in two vendors), every fifth item gold (40 gold labels a delivery); an item's labels made within a minute.
    func makeProject() throws {
        #expect(try assay(["project", "create", "p", "--classes", "a,b,c"]).status == 0)
        var rng = SeededGenerator(seed: 12_345)
        func unit() -> Double { rng.nextUnit() }
        let classes = ["a", "b", "c"]
        var gold = "item,gold\n"
        let truth = (0..<600).map { _ in Int(unit() * 3) }
        for i in stride(from: 0, to: 600, by: 5) { gold += "i\(i),\(classes[truth[i]])\n" }
        var g1: [Int: Int] = [:]
        for vendor in ["Good", "Cheap", "Copy"] {
            for d in 0..<6 {
                var rows = "item,annotator,label,created_at,duration_s\n"
                for i in (d * 100)..<((d + 1) * 100) {
                    let t = 1_700_000_000 + i * 60
                    for w in 0..<2 {
                        var accuracy = vendor == "Good" ? 0.92 : 0.8
                        if vendor == "Cheap" && d >= 3 { accuracy = 0.6 }
                        var answer = unit() < accuracy ? truth[i] : (truth[i] + 1 + Int(unit() * 2)) % 3
                        var annotator =
                            "\(["Good": "g", "Cheap": "h", "Copy": "k"][vendor]!)\(w + (i % 3) * 2)"
                        var time = t + w
                        if vendor == "Good" && annotator == "g1" { g1[i] = answer }
                        if vendor == "Copy" && w == 0 {
                            // cc gives g1's answer, six seconds after it, wherever g1 labelled.
                            if let copied = g1[i] {
                                annotator = "cc"
                                answer = copied
                                time = t + 6
                            }
                        }
                        rows += "i\(i),\(annotator),\(classes[answer]),\(time),\(5 + unit() * 20)\n"
                    }
                }
                try rows.write(toFile: "\(dir)/\(vendor)-\(d).csv", atomically: true, encoding: .utf8)
            }
        }
        for d in 0..<6 {
            for (vendor, price) in [("Good", "0.08"), ("Cheap", "0.03"), ("Copy", "0.05")] {
                let r = try assay([
                    "import", "p", "\(dir)/\(vendor)-\(d).csv", "--vendor", vendor, "--cost-per-label", price,
                ])
                #expect(r.status == 0, "\(r.stderr)")
            }
        }
        try gold.write(toFile: "\(dir)/gold.csv", atomically: true, encoding: .utf8)
        #expect(try assay(["gold", "add", "p", "\(dir)/gold.csv"]).status == 0)
    }

    @Test func planSplitsTheBudgetWithinTheCaps() throws {
        try makeProject()
        let r = try assay([
            "plan", "p", "--budget", "1000", "--max-share", "0.5", "--min-share", "0.1", "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try json(r)
        let vendors = try #require(plan["vendors"] as? [[String: Any]])
        #expect(vendors.count == 3)
        let shares = vendors.compactMap { $0["share"] as? Double }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        #expect(shares.allSatisfy { $0 <= 0.5 + 1e-9 && $0 >= 0.1 - 1e-9 })
        #expect(
            vendors.allSatisfy {
                $0["expected_correct_interval"] is [String: Any] && $0["probability_best"] != nil
            })
        #expect(plan["price_of_diversification"] is Double && plan["concentration"] is Double)
        let text = try assay(["plan", "p", "--budget", "1000"])
        #expect(text.status == 0 && text.stdout.contains("price of diversification"))
        #expect(try assay(["plan", "p", "--budget", "1000", "--max-share", "0.2"]).status == 1)
        #expect(try assay(["plan", "p", "--budget", "0"]).status == 2)
        #expect(try assay(["plan", "nope", "--budget", "10"]).status == 1)
    }

    @Test func nextListsItemsBelowTheTarget() throws {
        try makeProject()
        let r = try assay(["next", "p", "--target", "0.99", "--budget", "25", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try json(r)
        let requests = try #require(plan["requests"] as? [[String: Any]])
        #expect(requests.count == 25 && plan["requested"] as? Int == 25)
        #expect(requests.allSatisfy { ($0["confidence"] as? Double ?? 1) < 0.99 })
        #expect((plan["done"] as? Int ?? 0) + (plan["needing"] as? Int ?? 0) == 600)
        let text = try assay(["next", "p", "--budget", "3"])
        #expect(text.status == 0 && text.stdout.split(separator: "\n").count == 4)
        #expect(try assay(["next", "p", "--target", "1.5"]).status == 2)
    }

    @Test func acceptJudgesADeliveryAndFollowsTheSwitchingRules() throws {
        try makeProject()
        // Cheap's last delivery (accuracy 0.6): 40 gold labels, ~16 wrong, far above the plan's c
        // at AQL 5% / LTPD 20%.
        let r = try assay(["accept", "p", "Cheap-5.csv", "--aql", "0.05", "--ltpd", "0.2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let result = try json(r)
        let plan = try #require(result["plan"] as? [String: Any])
        #expect(plan["n"] is Int && plan["c"] is Int && result["operating_characteristic"] is [Any])
        #expect(result["decision"] as? String == "reject")
        let switching = try #require(result["switching"] as? [[String: Any]])
        #expect(switching.count == 7)
        // Good's first delivery by id: 40 audited, few wrong → accept, or audit more if 40 < n.
        let good = try assay(["accept", "p", "1", "--aql", "0.05", "--ltpd", "0.2", "--json"])
        let g = try json(good)
        #expect(["accept", "audit"].contains(g["decision"] as? String ?? ""))
        #expect((g["posterior"] as? [String: Any])?["above_aql"] is Double)
        // A delivery of 200 labels is a small lot: the hypergeometric plan for AQL 1% / LTPD 5%,
        // from scipy.stats.hypergeom with 2 and 10 defects in the lot, is n = 89, c = 2 (python: the search of SamplingPlan with hypergeom.cdf).
        let text = try assay(["accept", "p", "Good-0.csv", "--aql", "0.01", "--ltpd", "0.05"])
        #expect(
            text.status == 0
                && text.stdout.contains(
                    "plan (hypergeometric): audit n = 89, accept with at most c = 2 wrong"),
            "\(text.stdout)")
        #expect(try assay(["accept", "p", "nope.csv", "--aql", "0.01", "--ltpd", "0.05"]).status == 1)
        #expect(try assay(["accept", "p", "1", "--aql", "0.05", "--ltpd", "0.01"]).status == 2)
    }

    @Test func driftNamesTheDeliveryWhereCheapFell() throws {
        try makeProject()
        let r = try assay(["drift", "p", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r)
        let alarms = try #require(report["alarms"] as? [[String: Any]])
        let cheap = alarms.first { $0["vendor"] as? String == "Cheap" && $0["kind"] as? String == "accuracy" }
        #expect(
            ["Cheap-3.csv", "Cheap-4.csv", "Cheap-5.csv"].contains(cheap?["delivery_name"] as? String ?? ""),
            "\(alarms)")
        #expect(
            !alarms.contains { $0["vendor"] as? String == "Good" && $0["scope"] as? String == "vendor" },
            "\(alarms.map { $0["message"] ?? "" })")
        let text = try assay(["drift", "p"])
        #expect(text.status == 0 && text.stdout.contains("Cheap-3.csv"))
    }

    @Test func fraudFindsTheCopier() throws {
        try makeProject()
        let r = try assay(["fraud", "p", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r)
        let pairs = try #require(report["pairs"] as? [[String: Any]])
        let flagged = pairs.filter { $0["flagged"] as? Bool == true }
        let names = flagged.map {
            Set([$0["first_name"] as? String ?? "", $0["second_name"] as? String ?? ""])
        }
        #expect(names.first == ["g1", "cc"], "\(flagged.map { $0["evidence"] ?? "" })")
        // Any other flag is a pair of Cheap's, whose annotators all fell together from delivery 3:
        // they do share wrong answers beyond what one accuracy each explains.
        #expect(
            flagged.dropFirst().allSatisfy {
                $0["first_vendor"] as? String == "Cheap" && $0["second_vendor"] as? String == "Cheap"
            },
            "\(flagged.map { $0["evidence"] ?? "" })")
        let text = try assay(["fraud", "p"])
        #expect(text.status == 0 && text.stdout.contains("FLAG"))
    }
}
