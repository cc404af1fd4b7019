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
            #expect(first == String(decoding: try encoder.encode(expected), as: UTF8.self))
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
