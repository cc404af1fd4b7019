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

/// The in-house labelling queue: least confident items first with unmarked honeypots at the
/// project's gold rate, one delivery of `in-house` per round with the annotator's id and the
/// seconds each item took, scored beside the other vendors; an admin's batch goes first.
@Suite struct PageQueueTests {
    /// The item ids of a queue page, in order.
    static func items(_ html: String) -> [String] {
        html.components(separatedBy: "<p class=\"muted small\">item ").dropFirst().map {
            String($0.prefix { $0 != "<" })
        }
    }

    @Test func aRoundIsDeliveredAsInHouseLabelsAndScored() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let p = try await store.project(named: "sim")
        let gold = Set(try await store.goldAnswers(of: p).map(\.item))
        #expect(gold.count == 12)  // 10% of 120: the project's rate
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["annotator"]!)
            let html = try await client.execute(uri: "/queue/sim", method: .get, headers: b.headers) {
                String(buffer: $0.body)
            }
            let shown = Self.items(html)
            // 20 items: 18 real, round(18 × 0.1 / 0.9) = 2 honeypots, shown alike.
            #expect(shown.count == 20)
            let honeypots = shown.filter { gold.contains($0) }
            #expect(honeypots.count == 2)
            #expect(!html.lowercased().contains("gold") && !html.contains("honeypot"))
            #expect(html.contains("text of item"))  // payloads shown
            // The real items are the least confident ones.
            let (inf, _) = try await server.inference(p)
            let confidence = Dictionary(
                uniqueKeysWithValues: (0..<inf.set.itemCount).map {
                    (inf.set.itemIDs[$0], inf.result.confidence(ofItem: $0))
                })
            let real = shown.filter { !gold.contains($0) }
            let worstShown = real.map { confidence[$0]! }.max()!
            let left = confidence.filter { !gold.contains($0.key) && !real.contains($0.key) }.map(\.value)
            #expect(left.allSatisfy { $0 >= worstShown })
            // The round was recorded as a batch, so the honeypots count as shown to in-house.
            let batches = try await store.batches(of: p, vendor: "in-house")
            #expect(batches.count == 1 && batches[0].items == 20)
            let exposure = try await store.goldExposure(of: p, vendor: "in-house").filter { $0.shown > 0 }
            #expect(Set(exposure.map(\.item)) == Set(honeypots))
            // The same round until it is sent.
            let round = PageSupport.field("round", in: html)!
            let again = try await client.execute(uri: "/queue/sim", method: .get, headers: b.headers) {
                PageSupport.field("round", in: String(buffer: $0.body))
            }
            #expect(again == round)
            // A class the project lacks is refused and the round stays open.
            let bad = try await client.execute(
                uri: "/queue/sim", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": b.csrf, "round": round, "answers": "0:7:100"])
            ) { $0.status }
            #expect(bad == .badRequest)
            // Label 19, skip the 4th; position j gets class j % 3 and took 100 + j ms (under the 1 s the server allows beyond the wall time, so never capped).
            let answers = (0..<20).filter { $0 != 3 }.map { "\($0):\($0 % 3):\(100 + $0)" }.joined(
                separator: ";")
            let location = try await client.execute(
                uri: "/queue/sim", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": b.csrf, "round": round, "answers": answers])
            ) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location.hasPrefix("/queue/sim?delivered=") && location.hasSuffix("&labels=19"))
            let delivery = try #require(try await store.deliveries(of: p).last)
            #expect(delivery.vendor == "in-house" && delivery.rows == 19)
            let set = try await store.labelSet(of: p)
            let v = Int32(set.vendorIDs.firstIndex(of: "in-house")!)
            let a = try #require((0..<set.annotatorCount).first { set.annotatorVendor[$0] == v })
            #expect(set.annotatorIDs[a] == "ann")
            let mine = set.labels(ofAnnotator: a).map(Int.init)
            #expect(mine.count == 19)
            for l in mine {
                let j = shown.firstIndex(of: set.itemIDs[Int(set.item[l])])!
                #expect(j != 3)
                #expect(Int(set.value[l]) == j % 3)
                #expect(abs(set.extras.durationSeconds[l] - Double(100 + j) / 1000) < 1e-9)
            }
            // Sent once only.
            let twice = try await client.execute(
                uri: "/queue/sim", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": b.csrf, "round": round, "answers": answers])
            ) { $0.status }
            #expect(twice == .conflict)
            // In-house is scored beside the other vendors, on its honeypots too.
            let report = try await server.scorecard(p).0.report
            let inHouse = try #require(report.vendors.first { $0.vendor == "in-house" })
            let answeredHoneypots = honeypots.filter { shown.firstIndex(of: $0)! != 3 }.count
            #expect(inHouse.labels == 19 && inHouse.goldLabels == answeredHoneypots)
            #expect(report.vendors.count == 3)
            // The next round leaves out what was labelled.
            let next = try await client.execute(uri: "/queue/sim", method: .get, headers: b.headers) {
                Self.items(String(buffer: $0.body))
            }
            let labelled = Set(mine.map { set.itemIDs[Int(set.item[$0])] })
            #expect(!next.isEmpty && next.filter { !gold.contains($0) }.allSatisfy { !labelled.contains($0) })
        }
    }

    @Test func anAdminsBatchComesFirst() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let p = try await store.project(named: "sim")
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let admin = try await PageSupport.signIn(client, token: tokens["admin"]!)
            let made = try await client.execute(
                uri: "/projects/sim/queue-batch", method: .post, headers: admin.formHeaders,
                body: PageSupport.form(["csrf": admin.csrf, "items": "9"])
            ) { $0.headers[.location] ?? "" }
            #expect(made.hasPrefix("/projects/sim?batch="))
            let batch = try #require(try await store.batches(of: p, vendor: "in-house").first)
            let content = try JSONDecoder().decode(
                BatchContent.self,
                from: Data(try #require(try await store.batch(id: batch.id, in: p)).rows.utf8))
            // 9 items and round(9 × 0.1 / 0.9) = 1 honeypot.
            #expect(content.rows.count == 10 && content.columns == ["item", "text"])
            let annotator = try await PageSupport.signIn(client, token: tokens["annotator"]!)
            let shown = try await client.execute(uri: "/queue/sim", method: .get, headers: annotator.headers)
            {
                Self.items(String(buffer: $0.body))
            }
            #expect(shown == content.rows.map { $0[0]! })
        }
    }
}
