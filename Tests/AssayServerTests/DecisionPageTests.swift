// Assay — quality control for human-labelled training data.

import AssayCore
import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The decisions page: its figures are the API's (read from the `data-value` of each shown
/// number), hostile names and query values render as text, and a vendor finds no such page.
@Suite struct DecisionPageTests {
    /// The exact numbers (`data-value`) inside the table with `id`, row by row.
    static func values(_ id: String, in html: String) -> [[Double]] {
        PageFiguresTests.table(id, in: html).components(separatedBy: "<tr>").dropFirst(2).map { row in
            row.components(separatedBy: "data-value=\"").dropFirst().compactMap {
                Double($0.prefix { $0 != "\"" })
            }
        }
    }

    /// The exact number of the tile captioned `caption`.
    static func tile(_ caption: String, in html: String) -> Double? {
        guard let end = html.range(of: "<span>\(caption)") else { return nil }
        let before = html[..<end.lowerBound]
        guard let start = before.range(of: "data-value=\"", options: .backwards) else { return nil }
        return Double(before[start.upperBound...].prefix { $0 != "\"" })
    }

    /// Whether a page's exact number is the API's: equal to 1e-12 relative, since Foundation's JSON
    /// parser on Linux can miss the shortest round-trip representation by an ulp.
    static func same(_ page: Double?, _ api: Any?) -> Bool {
        guard let page, let api = api as? Double ?? (api as? Int).map(Double.init) else { return false }
        return abs(page - api) <= 1e-12 * max(1, abs(api))
    }

    func object(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    @Test func figuresAreTheAPIs() async throws {
        let (server, _, tokens) = try await PageSupport.simulated()
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["viewer"]!)
            let api: HTTPFields = [.authorization: "Bearer \(tokens["viewer"]!)"]
            let html = try await client.execute(
                uri: "/projects/sim/decisions?budget=500&max_share=0.8&min_share=0.1&aql=0.04&ltpd=0.25",
                method: .get,
                headers: b.headers
            ) {
                #expect($0.status == .ok)
                return String(buffer: $0.body)
            }
            func get(_ uri: String) async throws -> [String: Any] {
                try object(
                    try await client.execute(uri: uri, method: .get, headers: api) { String(buffer: $0.body) }
                )
            }
            // The plan: tiles and each vendor's share, price and P(best).
            let plan = try await get("/v1/projects/sim/plan?budget=500&max_share=0.8&min_share=0.1")
            #expect(Self.same(Self.tile("expected correct labels", in: html), plan["expected_correct"]))
            #expect(Self.same(Self.tile("concentration (HHI)", in: html), plan["concentration"]))
            let vendors = try #require(plan["vendors"] as? [[String: Any]])
            let rows = Self.values("plan-vendors", in: html)
            #expect(rows.count == vendors.count && vendors.count == 2)
            for (row, v) in zip(rows, vendors) {
                #expect(Self.same(row.first, v["share"]) && Self.same(row.last, v["probability_best"]))
                #expect(Self.same(row[3], v["price"]))
            }
            // Next labels: the counts and the first requests' confidences.
            let next = try await get("/v1/projects/sim/next")
            #expect(Self.same(Self.tile("items done", in: html), next["done"]))
            #expect(Self.same(Self.tile("items needing a label", in: html), next["needing"]))
            let requests = try #require(next["requests"] as? [[String: Any]])
            let shown = Self.values("next-requests", in: html)
            #expect(shown.count == min(50, requests.count) && !shown.isEmpty)
            for (row, r) in zip(shown, requests) { #expect(Self.same(row.first, r["confidence"])) }
            // Acceptance, newest delivery first: P(defect rate > AQL) and the decision of each.
            let judged = Self.values("acceptance-deliveries", in: html)
            #expect(judged.count == 2)
            for (row, name) in zip(judged, ["Budget.csv", "Acme.csv"]) {
                let a = try await get("/v1/projects/sim/deliveries/\(name)/acceptance?aql=0.04&ltpd=0.25")
                let posterior = try #require(a["posterior"] as? [String: Any])
                #expect(Self.same(row.last, posterior["above_aql"]))
                #expect(Self.same(row.first, a["lot_size"]))
                #expect(
                    PageFiguresTests.table("acceptance-deliveries", in: html).contains(
                        ">\(a["decision"] as! String)<"))
            }
            // Fraud: the pairs tested.
            let fraud = try await get("/v1/projects/sim/fraud")
            #expect(Self.same(Self.tile("annotator pairs tested", in: html), fraud["pairs_tested"]))
            // Drift: one control chart per vendor, with its table.
            let drift = try await get("/v1/projects/sim/drift")
            let series = try #require(drift["series"] as? [[String: Any]]).filter {
                $0["scope"] as? String == "vendor"
            }
            #expect(
                html.components(separatedBy: "EWMA between control limits</figcaption>").count - 1
                    == series.count)
        }
    }

    @Test func hostileNamesAndQueryValuesRenderAsText() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let p = try await store.project(named: "sim")
        let vendor = "<script>alert(1)</script>"
        let set = AssayCore.LabelSet(
            itemIDs: ["it1", "it2"], annotatorIDs: ["w"], annotatorVendor: [0], vendorIDs: [vendor],
            classes: ["a", "b", "c"], item: [0, 1], annotator: [0, 0], value: [0, 1])
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: vendor, source: #""><img src=x onerror=alert(2)>"#, sha256: "hostile",
                costPerLabel: 0.1,
                labels: set), into: p)
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["admin"]!)
            let html = try await client.execute(
                uri:
                    "/projects/sim/decisions?budget=%3Cscript%3Ealert(3)%3C/script%3E&max_share=%22%3E%3Cb%3E",
                method: .get, headers: b.headers
            ) {
                #expect($0.status == .ok)
                return String(buffer: $0.body)
            }
            #expect(!html.contains("<script>alert"))
            #expect(!html.contains("<img src=x"))
            #expect(!html.contains("\"><b>"))
            // The vendor and its delivery are listed, as text; the bad budget is a note naming it.
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
            #expect(
                html.contains(
                    "budget takes an amount &gt; 0, got &#39;&lt;script&gt;alert(3)&lt;/script&gt;&#39;"))
        }
    }

    @Test func aProjectOfAnotherTypeIsToldWhatDecisionsWorkOn() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
        _ = try await store.createProject(NewProject(name: "stars", type: .rating(scale: scale)))
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["viewer"]!)
            let (status, html) = try await client.execute(
                uri: "/projects/stars/decisions", method: .get, headers: b.headers
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(status == .ok)
            #expect(html.contains("project stars is rating; the decisions work on categorical projects"))
            #expect(!html.contains("id=\"plan-vendors\""))
        }
    }

    @Test func aVendorFindsNoDecisionsPage() async throws {
        let (server, _, tokens) = try await PageSupport.simulated()
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["vendor"]!)
            let status = try await client.execute(
                uri: "/projects/sim/decisions", method: .get, headers: b.headers
            ) {
                $0.status
            }
            #expect(status == .notFound)
            let viewer = try await PageSupport.signIn(client, token: tokens["viewer"]!)
            let nav = try await client.execute(uri: "/projects/sim", method: .get, headers: viewer.headers) {
                String(buffer: $0.body)
            }
            #expect(nav.contains("<a href=\"/projects/sim/decisions\">Decisions</a>"))
        }
    }
}
