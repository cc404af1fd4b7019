// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayReport
import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Scorecards, agreement and consensus over HTTP: the same figures as the report model computed
/// directly, cached until the next delivery.
@Suite struct AnalysisRouteTests {
    @Test func scorecardIsTheReportModelAndCachedUntilADelivery() async throws {
        let f = try await ServerFixture.make()
        let p = try await f.store.project(named: "p")
        // More labels, so that the scorecard has something to say.
        let rows = (0..<40).flatMap { i in ["s\(i),wa1,\(i % 3 == 0 ? "a" : "b")", "s\(i),wa2,b"] }
        try await f.app.test(.router) { client in
            let s = try await client.execute(
                uri: "/v1/projects/p/deliveries/more", method: .put,
                headers: f.headers(.vendorA, [.contentType: "text/csv"]),
                body: ByteBuffer(string: "item,worker,label\n" + rows.joined(separator: "\n") + "\n")
            ) { $0.status }
            #expect(s == .created)
            let (first, header1) = try await client.execute(
                uri: "/v1/projects/p/scorecard", method: .get, headers: f.headers(.viewer)
            ) { (String(buffer: $0.body), $0.headers[HTTPField.Name("X-Assay-Cache")!]) }
            let (second, header2) = try await client.execute(
                uri: "/v1/projects/p/scorecard", method: .get, headers: f.headers(.admin)
            ) { (String(buffer: $0.body), $0.headers[HTTPField.Name("X-Assay-Cache")!]) }
            #expect(header1 == "miss" && header2 == "hit" && first == second)
            // The figures are the report model's, computed here from the store with the same inputs.
            let set = try await f.store.labelSet(of: p)
            let gold = AnswerMatch.gold(try await f.store.goldAnswers(of: p), set)
            let expected = ScorecardReport.build(
                set, gold: gold, method: Methods.make(Methods.defaultName)!, bootstrap: 200, seed: 0)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // The API's scorecard is the report with its annotators paged (all of them fit the first
            // page here) and two paging keys.
            var object =
                try JSONSerialization.jsonObject(with: Data(first.utf8)) as! [String: Any]
            #expect(object.removeValue(forKey: "annotators_total") as? Int == expected.annotators.count)
            #expect(object.removeValue(forKey: "annotators_next_cursor") is NSNull)
            let reportObject =
                try JSONSerialization.jsonObject(with: try encoder.encode(expected)) as! [String: Any]
            #expect(NSDictionary(dictionary: object).isEqual(to: reportObject))
            // Pages of one annotator walk the report's annotators in order, each once.
            var names: [String] = []
            var next: String? = ""
            while let c = next {
                let page = try await client.execute(
                    uri: "/v1/projects/p/scorecard?limit=1" + (c.isEmpty ? "" : "&cursor=\(c)"), method: .get,
                    headers: f.headers(.viewer)
                ) {
                    try JSONSerialization.jsonObject(with: Data(String(buffer: $0.body).utf8))
                        as! [String: Any]
                }
                let rows = page["annotators"] as! [[String: Any]]
                #expect(rows.count == 1 && page["annotators_total"] as? Int == expected.annotators.count)
                names += rows.map { "\($0["vendor"]!)/\($0["annotator"]!)" }
                next = page["annotators_next_cursor"] as? String
            }
            #expect(names == expected.annotators.map { "\($0.vendor)/\($0.annotator)" })
            #expect(expected.annotators.count >= 3)
            // A delivery makes the next request compute again.
            _ = try await client.execute(
                uri: "/v1/projects/p/deliveries/even-more", method: .put,
                headers: f.headers(.vendorB, [.contentType: "text/csv"]),
                body: ByteBuffer(string: "item,worker,label\nz1,wb,a\n")
            ) { $0.status }
            let header3 = try await client.execute(
                uri: "/v1/projects/p/scorecard", method: .get, headers: f.headers(.viewer)
            ) {
                $0.headers[HTTPField.Name("X-Assay-Cache")!]
            }
            #expect(header3 == "miss")
            // Consensus pages through every item once.
            var seen: [String] = []
            var cursor: String? = ""
            while let c = cursor {
                let page = try await client.execute(
                    uri: "/v1/projects/p/consensus?limit=7" + (c.isEmpty ? "" : "&cursor=\(c)"), method: .get,
                    headers: f.headers(.viewer)
                ) {
                    try JSONSerialization.jsonObject(with: Data(String(buffer: $0.body).utf8))
                        as! [String: Any]
                }
                seen += (page["items"] as! [[String: Any]]).map { $0["item"] as! String }
                cursor = page["next_cursor"] as? String
            }
            #expect(seen.count == set.itemCount + 1 && Set(seen).count == seen.count)
            let lines = try await client.execute(
                uri: "/v1/projects/p/consensus?format=jsonl", method: .get, headers: f.headers(.viewer)
            ) { String(buffer: $0.body).split(separator: "\n").count }
            #expect(lines == set.itemCount + 1)
            // Paging parameters are checked whatever the format (schemathesis: a negative limit with
            // format=jsonl was answered 200).
            for query in ["format=jsonl&limit=-274", "format=jsonl&cursor=a", "limit=0", "cursor=-1"] {
                let status = try await client.execute(
                    uri: "/v1/projects/p/consensus?" + query, method: .get, headers: f.headers(.viewer)
                ) { $0.status }
                #expect(status == .badRequest, "\(query)")
            }
        }
    }
}

extension AnalysisRouteTests {
    /// Two requests for the same uncomputed scorecard share one computation: one miss, one hit, and
    /// the analysis is timed once.
    @Test func concurrentRequestsComputeOnce() async throws {
        let f = try await ServerFixture.make()
        try await f.app.test(.router) { client in
            let headers = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await client.execute(
                            uri: "/v1/projects/p/scorecard", method: .get, headers: f.headers(.viewer)
                        ) {
                            $0.headers[HTTPField.Name("X-Assay-Cache")!]
                        }
                    }
                }
                var all: [String?] = []
                for try await h in group { all.append(h) }
                return all
            }
            #expect(headers.sorted { ($0 ?? "") < ($1 ?? "") } == ["hit", "miss"])
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("assay_analysis_cache_misses_total 1"))
            #expect(metrics.contains("assay_analysis_seconds_count 1"))
        }
    }
}

/// Gold of a store matched to a set, as the server matches it.
enum AnswerMatch {
    static func gold(_ stored: [(item: String, answer: String)], _ set: LabelSet) -> GoldAnswers? {
        stored.isEmpty ? nil : AnswerReader.match(stored, to: set).gold
    }
}

/// The same routes on typed projects: the report of the project's type, its agreement rows and
/// its consensus rows, each equal to the report model computed from the store with the same inputs.
@Suite struct TypedAnalysisRouteTests {
    /// `json` with every compute time (`"seconds"`) set to 0: the one figure two runs do not share.
    func untimed(_ json: String) -> String {
        json.replacingOccurrences(
            of: #""seconds":[0-9.e+-]+"#, with: #""seconds":0"#, options: .regularExpression)
    }

    /// Reads `csv` as `kind` and imports it into `p` as vendor A's delivery.
    func deliver(_ csv: String, _ kind: LabelKind, _ p: ProjectRecord, _ f: ServerFixture) async throws {
        let path = Scratch.file("typed").path + ".csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (labels, _) = try TypedLabelReader.read(path, type: kind)
        let stored: AssayStore.TypedLabels
        switch labels {
        case .rating(let s): stored = .rating(s)
        case .pairwise(let s): stored = .pairwise(s)
        default:
            Issue.record("unexpected type")
            return
        }
        _ = try await f.store.importDelivery(
            DeliveryImport(
                vendor: "A", source: "d.csv", sha256: String(repeating: "0", count: 64), costPerLabel: nil,
                labels: stored), into: p)
    }

    @Test func ratingProjectServesTheRatingReport() async throws {
        let f = try await ServerFixture.make()
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
        let p = try await f.store.createProject(NewProject(name: "r", type: .rating(scale: scale)))
        // 40 items, three raters: r2 one point harsher, r3 noisy.
        let rows = (0..<40).flatMap { i -> [String] in
            let v = 2 + i % 3
            return ["i\(i),r1,\(v)", "i\(i),r2,\(v - 1)", "i\(i),r3,\(1 + (i * 7) % 5)"]
        }
        try await deliver("item,worker,label\n" + rows.joined(separator: "\n") + "\n", .rating(scale), p, f)
        try await f.app.test(.router) { client in
            let (first, h1) = try await client.execute(
                uri: "/v1/projects/r/scorecard", method: .get, headers: f.headers(.viewer)
            ) { (String(buffer: $0.body), $0.headers[HTTPField.Name("X-Assay-Cache")!]) }
            let h2 = try await client.execute(
                uri: "/v1/projects/r/scorecard", method: .get, headers: f.headers(.admin)
            ) { $0.headers[HTTPField.Name("X-Assay-Cache")!] }
            #expect(h1 == "miss" && h2 == "hit")
            guard case .rating(let set, let c) = TypedInference.infer(try await f.store.labels(of: p)) else {
                Issue.record("not ratings")
                return
            }
            let expected = RatingReport.build(set, consensus: c, bootstrap: 200, seed: 0)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // The report with its raters paged like a categorical scorecard's annotators: all three
            // fit the first page.
            func object(_ json: String) throws -> NSMutableDictionary {
                try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(untimed(json).utf8), options: .mutableContainers)
                        as? NSMutableDictionary)
            }
            let served = try object(first)
            #expect(served["annotators_total"] as? Int == 3 && served["annotators_next_cursor"] is NSNull)
            served.removeObjects(forKeys: ["annotators_total", "annotators_next_cursor"])
            #expect(served == (try object(String(decoding: try encoder.encode(expected), as: UTF8.self))))
            #expect(expected.raters.first?.annotator == "r2")
            for (query, raters, next) in [
                ("limit=2", ["r2", expected.raters[1].annotator], "2"),
                ("limit=2&cursor=2", [expected.raters[2].annotator], nil),
            ] {
                let page = try await client.execute(
                    uri: "/v1/projects/r/scorecard?\(query)", method: .get, headers: f.headers(.viewer)
                ) { try object(String(buffer: $0.body)) }
                let rows = try #require(page["raters"] as? [[String: Any]])
                #expect(rows.map { $0["annotator"] as? String } == raters)
                #expect(
                    page["annotators_total"] as? Int == 3 && page["annotators_next_cursor"] as? String == next
                )
                #expect(page["vendors"] as? [Any] != nil && page["type"] as? String == "rating")
            }
            let agreement = try await client.execute(
                uri: "/v1/projects/r/agreement", method: .get, headers: f.headers(.viewer)
            ) { String(buffer: $0.body) }
            let rows = String(decoding: try encoder.encode(expected.agreement), as: UTF8.self)
            #expect(untimed(agreement) == untimed(#"{"rows":"# + rows + "}"))
            let page = try await client.execute(
                uri: "/v1/projects/r/consensus?limit=50", method: .get, headers: f.headers(.viewer)
            ) { try JSONSerialization.jsonObject(with: Data(String(buffer: $0.body).utf8)) as! [String: Any] }
            let items = page["items"] as! [[String: Any]]
            #expect(items.count == 40 && page["next_cursor"] is NSNull)
            #expect(
                items.allSatisfy {
                    $0["value"] is Double && $0["low"] is Double && $0["method"] as? String == c.method
                })
            let vendor = try await client.execute(
                uri: "/v1/projects/r/scorecard", method: .get, headers: f.headers(.vendorA)
            ) { $0.status }
            #expect(vendor == .forbidden)
        }
    }

    @Test func pairwiseProjectServesComparisonsAndObjects() async throws {
        let f = try await ServerFixture.make()
        let p = try await f.store.createProject(NewProject(name: "pw", type: .pairwise))
        let objects = ["a", "b", "c", "d", "e"]
        var rows: [String] = []
        for x in 0..<5 {
            for y in (x + 1)..<5 {
                for w in 0..<4 { rows.append("w\(w),\(objects[w == 3 ? y : x]),\(objects[w == 3 ? x : y])") }
            }
        }
        try await deliver("worker,winner,loser\n" + rows.joined(separator: "\n") + "\n", .pairwise, p, f)
        try await f.app.test(.router) { client in
            let report = try await client.execute(
                uri: "/v1/projects/pw/scorecard", method: .get, headers: f.headers(.viewer)
            ) { try JSONSerialization.jsonObject(with: Data(String(buffer: $0.body).utf8)) as! [String: Any] }
            #expect(report["type"] as? String == "pairwise")
            let leaderboard = try #require(report["objects"] as? [[String: Any]])
            #expect(leaderboard.map { $0["object"] as? String } == objects)
            let lines = try await client.execute(
                uri: "/v1/projects/pw/consensus?format=jsonl", method: .get, headers: f.headers(.viewer)
            ) { String(buffer: $0.body).split(separator: "\n") }
            #expect(lines.count == 10 && lines.allSatisfy { $0.contains(#""preferred":"#) })
        }
    }
}
