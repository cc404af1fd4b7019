// Assay — quality control for human-labelled training data.

import AssayCore
import AssayReport
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import AssayServer

/// Pages show the report model's figures, exactly (in `data-value`) and rounded (as text), and the
/// per-delivery figures add up to the vendor's.
@Suite struct PageFiguresTests {
    /// The `<table … id="ID">…</table>` of a page.
    static func table(_ id: String, in html: String) -> String {
        guard let start = html.range(of: "id=\"\(id)\"") else { return "" }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: "</table>")?.lowerBound ?? rest.endIndex)])
    }

    @Test func projectPageShowsTheScorecardsFigures() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["viewer"]!)
            let html = try await client.execute(uri: "/projects/sim", method: .get, headers: b.headers) {
                String(buffer: $0.body)
            }
            let report = try await server.scorecard(try await store.project(named: "sim")).0.report
            let vendors = Self.table("vendors", in: html).components(separatedBy: "<tr>").dropFirst(2)
            #expect(vendors.count == report.vendors.count)
            for (row, v) in zip(vendors, report.vendors) {
                #expect(row.contains(">\(v.vendor)</a>"))
                let figures = [(v.goldAccuracy, 3), (v.estimatedAccuracy, 3), (v.costPerCorrectLabel, 4)]
                for case (let f?, let digits) in figures {
                    #expect(row.contains("data-value=\"\(f.value)\""), "\(v.vendor) \(f.value)")
                    #expect(row.contains(">\(NumberText.fixed(f.value, digits))</span>"))
                    if let lo = f.low, let hi = f.high {
                        #expect(row.contains("data-low=\"\(lo)\"") && row.contains("data-high=\"\(hi)\""))
                    }
                }
                #expect(row.contains("data-value=\"\(v.labels)\""))
                if let a = v.alpha { #expect(row.contains("data-value=\"\(a)\"")) }
            }
            let comparisons = Self.table("comparisons", in: html)
            for c in report.comparisons {
                if let p = c.pHolm { #expect(comparisons.contains("data-value=\"\(p)\"")) }
                if let d = c.difference { #expect(comparisons.contains("data-value=\"\(d.value)\"")) }
            }
            // The chart's marks say the same figures.
            for v in report.vendors {
                let e = v.estimatedAccuracy
                #expect(
                    html.contains("<title>\(v.vendor) — estimated accuracy: \(NumberText.fixed(e.value, 3))"))
            }
            let agreement = try await server.agreement(try await store.project(named: "sim")).0.report
            let page = try await client.execute(
                uri: "/projects/sim/agreement", method: .get, headers: b.headers
            ) {
                Self.table("agreement", in: String(buffer: $0.body))
            }
            for r in agreement.rows { if let v = r.value { #expect(page.contains("data-value=\"\(v)\"")) } }
        }
    }

    /// A delivery's estimated accuracy is the mean posterior of its labels, so the label-weighted
    /// mean over a vendor's deliveries is the vendor's figure; likewise gold accuracy weighted by gold
    /// labels. Acme's labels are split into two deliveries here.
    @Test func deliveryFiguresAddUpToTheVendors() async throws {
        let (server, store, _) = try await PageSupport.simulated()
        let p = try await store.project(named: "sim")
        let more = LabelSet(
            itemIDs: (0..<40).map { "it\($0)" }, annotatorIDs: ["acme9"], annotatorVendor: [0],
            vendorIDs: ["Acme"],
            classes: ["a", "b", "c"], item: (0..<40).map { Int32($0) },
            annotator: [Int32](repeating: 0, count: 40),
            value: (0..<40).map { Int32($0 % 3) })
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "Acme", source: "second", sha256: "second", costPerLabel: 0.1, labels: more), into: p)
        let report = try await server.scorecard(p).0.report
        for v in report.vendors {
            let figures = try await server.deliveryFigures(p, vendor: v.vendor)
            #expect(figures.rows.allSatisfy { $0.delivery.vendor == v.vendor }, "\(v.vendor)")
            let rows = figures.rows(of: v.vendor)
            #expect(rows.map(\.delivery.rows).reduce(0, +) == v.labels)
            let labels = Double(rows.map(\.delivery.rows).reduce(0, +))
            let estimated =
                rows.map { $0.estimatedAccuracy.value * Double($0.delivery.rows) }.reduce(0, +) / labels
            #expect(abs(estimated - v.estimatedAccuracy.value) < 1e-12, "\(v.vendor)")
            let goldLabels = Double(rows.map(\.goldLabels).reduce(0, +))
            let gold = rows.compactMap { r in r.goldAccuracy.map { $0.value * Double(r.goldLabels) } }.reduce(
                0, +)
            if let g = v.goldAccuracy { #expect(abs(gold / goldLabels - g.value) < 1e-12, "\(v.vendor)") }
        }
        #expect(
            try await server.deliveryFigures(p, vendor: "Acme").rows.map(\.delivery.source) == [
                "Acme.csv", "second",
            ])
        // One delivery per vendor: the same figure as the vendor's.
        let budget = try #require(try await server.deliveryFigures(p, vendor: "Budget").rows.first)
        let b = try #require(report.vendors.first { $0.vendor == "Budget" })
        #expect(abs(budget.estimatedAccuracy.value - b.estimatedAccuracy.value) < 1e-12)
        #expect(abs((budget.goldAccuracy?.value ?? -1) - (b.goldAccuracy?.value ?? 1)) < 1e-12)
        #expect(budget.estimatedAccuracy.low != nil)
    }
}
