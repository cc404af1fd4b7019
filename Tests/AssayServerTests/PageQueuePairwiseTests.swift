// Assay — quality control for human-labelled training data.

import AssayCore
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

/// The labelling queue of a pairwise project: the least confident pairs with unmarked honeypots at
/// the project's gold rate, each shown with its context and its two answers side by side; ←, →
/// and ↓ (left, right, tie) delivered as one pairwise delivery of `in-house` with the annotator's
/// id and the seconds each item took, judged beside the other vendors.
@Suite struct PageQueuePairwiseTests {
    /// A store with the page tests' categorical project and a pairwise project `duel`: objects
    /// o0…o7 (the higher index is better), each pair shown twice (56 items), three judges of Acme
    /// voting with the order except every fifth vote, one of Judge-LLM mostly voting left; gold on
    /// every ninth item (7 of 56); payloads with a prompt holding markup and each object's answer.
    static func store() async throws -> (AssayServer, any Store, [String: String], ProjectRecord) {
        let (server, store, tokens) = try await PageSupport.simulated()
        var acme: [String] = []
        var llm: [String] = []
        var gold: [(String, String)] = []
        var payloads: [(String, String)] = []
        var n = 0
        for a in 0..<8 {
            for b in (a + 1)..<8 {
                for rep in 0..<2 {
                    let item = "d\(n)"
                    // Shown in both orders across the repeats.
                    let (l, r) = rep == 0 ? (a, b) : (b, a)
                    for j in 0..<3 {
                        let wrong = (n + j) % 5 == 0
                        acme.append("\(item),j\(j),o\(l),o\(r),\((l > r) != wrong ? "left" : "right")")
                    }
                    llm.append("\(item),l0,o\(l),o\(r),\(n % 4 == 0 ? "right" : "left")")
                    if n % 9 == 0 { gold.append((item, "o\(max(a, b))")) }
                    payloads.append(
                        (
                            item,
                            #"{"prompt":"Question <b>\#(n)</b> & more","o\#(a)":"answer of o\#(a) to <i>\#(n)</i>","o\#(b)":"answer of o\#(b) to <i>\#(n)</i>"}"#
                        ))
                    n += 1
                }
            }
        }
        let p = try await PageTypedProjectTests.project(
            store, "duel", .pairwise, header: "item,worker,left,right,label",
            ["Acme": acme, "Judge-LLM": llm])
        _ = try await store.addGold(gold, source: "gold", to: p)
        try await store.setPayloads(payloads, in: p)
        return (server, store, tokens, p)
    }

    /// (item, left object, right object) of each item of a queue page, in order, read from the
    /// answers' texts ("answer of oK to …").
    static func shown(_ html: String) -> [(item: String, left: String, right: String)] {
        html.components(separatedBy: "<article class=\"q-item\"").dropFirst().map { a in
            let item = String(a.components(separatedBy: "item ")[1].prefix { $0 != "<" })
            let objects = a.components(separatedBy: "answer of ").dropFirst().map {
                String($0.prefix { $0 != " " })
            }
            return (item, objects.first ?? "", objects.dropFirst().first ?? "")
        }
    }

    @Test func aRoundOfPairsIsDeliveredAsInHouseAndJudged() async throws {
        let (server, store, tokens, p) = try await Self.store()
        let gold = Set(try await store.goldAnswers(of: p).map(\.item))
        #expect(gold.count == 7)
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["annotator"]!)
            let home = try await client.execute(uri: "/queue", method: .get, headers: b.headers) {
                String(buffer: $0.body)
            }
            #expect(
                home.contains("<a class=\"button\" href=\"/queue/duel\">")
                    && home.contains("href=\"/queue/sim\""))
            let html = try await client.execute(uri: "/queue/duel", method: .get, headers: b.headers) {
                String(buffer: $0.body)
            }
            let shown = Self.shown(html)
            // Gold rate 7/56 = 0.125: 20 − round(2.5) = 17 real items and round(17 × 0.125 / 0.875)
            // = 2 honeypots, shown alike.
            #expect(shown.count == 19)
            let honeypots = shown.map(\.item).filter { gold.contains($0) }
            #expect(honeypots.count == 2)
            #expect(!html.lowercased().contains("gold") && !html.contains("honeypot"))
            // Both answers of every item, the pair's own objects, and its prompt, escaped.
            #expect(
                shown.allSatisfy { $0.left.hasPrefix("o") && $0.right.hasPrefix("o") && $0.left != $0.right })
            #expect(html.contains("Question &lt;b&gt;") && html.contains("&amp; more"))
            #expect(html.contains("to &lt;i&gt;") && !html.contains("<i>") && !html.contains("<b>0</b>"))
            #expect(html.contains("data-key=\"ArrowLeft\"") && html.contains("data-key=\"ArrowDown\""))
            // The real items are the least confident pairs of the pairwise consensus.
            guard case .pairwise(let set, _, let consensus) = try await server.typedInference(p)!.0 else {
                Issue.record("duel is not pairwise")
                return
            }
            let confidence = Dictionary(
                uniqueKeysWithValues: (0..<set.itemCount).map {
                    (set.index.itemIDs[$0], consensus.confidence(ofItem: $0))
                })
            let real = shown.map(\.item).filter { !gold.contains($0) }
            let worstShown = real.map { confidence[$0]! }.max()!
            let rest = confidence.filter { !gold.contains($0.key) && !real.contains($0.key) }.map(\.value)
            #expect(rest.allSatisfy { $0 >= worstShown })
            // The round is a batch: its honeypots count as shown to in-house.
            let batches = try await store.batches(of: p, vendor: "in-house")
            #expect(batches.count == 1 && batches[0].items == 19)
            let exposure = try await store.goldExposure(of: p, vendor: "in-house").filter { $0.shown > 0 }
            #expect(Set(exposure.map(\.item)) == Set(honeypots))
            let round = PageSupport.field("round", in: html)!
            // No CSRF token: refused, nothing written, the round still open.
            let forged = try await client.execute(
                uri: "/queue/duel", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["round": round, "answers": "0:0:100"])
            ) { $0.status }
            #expect(forged == .forbidden)
            // An answer a pair cannot have (3: only left 0, right 1, tie 2): refused, round kept.
            let bad = try await client.execute(
                uri: "/queue/duel", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": b.csrf, "round": round, "answers": "0:3:100"])
            ) { $0.status }
            #expect(bad == .badRequest)
            #expect(try await store.deliveries(of: p).count == 2)
            // Skip the 4th; position j gets left (0), right (1) or tie (2) by j % 3, took 100 + j ms;
            // one claims 10 hours, more than the round's wall time plus 1 s allows.
            let answers = shown.indices.filter { $0 != 3 }.map {
                "\($0):\($0 % 3):\($0 == 5 ? 36_000_000 : 100 + $0)"
            }.joined(separator: ";")
            let location = try await client.execute(
                uri: "/queue/duel", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": b.csrf, "round": round, "answers": answers])
            ) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location.hasPrefix("/queue/duel?delivered=") && location.hasSuffix("&labels=18"))
            let delivery = try #require(try await store.deliveries(of: p).last)
            #expect(delivery.vendor == "in-house" && delivery.rows == 18)
            guard case .pairwise(let after) = try await store.labels(of: p) else {
                Issue.record("duel's labels are not pairwise")
                return
            }
            let v = Int32(after.index.vendorIDs.firstIndex(of: "in-house")!)
            let a = try #require((0..<after.annotatorCount).first { after.index.annotatorVendor[$0] == v })
            #expect(after.index.annotatorIDs[a] == "ann")
            let mine = after.index.labels(ofAnnotator: a).map(Int.init)
            #expect(mine.count == 18)
            for l in mine {
                let id = after.index.itemIDs[Int(after.index.item[l])]
                let j = try #require(shown.firstIndex { $0.item == id })
                #expect(j != 3)
                // The side shown on the left, and the winner as pressed.
                #expect(after.objectIDs[Int(after.leftObject(l))] == shown[j].left)
                #expect(Int(after.outcome[l]) == j % 3)
                #expect(after.isPositionKnown(l))
                let seconds = after.index.extras.durationSeconds[l]
                if j == 5 {
                    #expect(seconds < 60)  // capped at the wall time + 1 s
                } else {
                    #expect(abs(seconds - Double(100 + j) / 1000) < 1e-9)
                }
            }
            // Sent once only.
            let twice = try await client.execute(
                uri: "/queue/duel", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": b.csrf, "round": round, "answers": answers])
            ) { $0.status }
            #expect(twice == .conflict)
            // In-house is judged beside the other vendors.
            guard case .pairwise(let report) = try #require(try await server.typedReport(p)).0.value else {
                Issue.record("duel's report is not pairwise")
                return
            }
            let house = try #require(report.vendors.first { $0.vendor == "in-house" })
            #expect(house.labels == 18 && report.vendors.count == 3)
            // Honeypots scored: in-house's answered honeypots against their gold, as pressed.
            let answer = Dictionary(
                uniqueKeysWithValues: try await store.goldAnswers(of: p).map { ($0.item, $0.answer) })
            var answered = 0
            var right = 0
            for (j, s) in shown.enumerated() where j != 3 && gold.contains(s.item) {
                answered += 1
                if [s.left, s.right, "tie"][j % 3] == answer[s.item] { right += 1 }
            }
            #expect(answered >= 1 && house.gold?.labels == answered && house.gold?.correct == right)
            // By hand for the fixture's judges on the 7 gold pairs (n = 0, 9, …, 54, gold the higher
            // object): Acme's vote j is wrong when (n + j) % 5 == 0; Judge-LLM says right when
            // n % 4 == 0, and the higher object is on the right when n is even.
            let goldN = stride(from: 0, to: 56, by: 9)
            let acmeWrong = goldN.reduce(0) { t, n in t + (0..<3).filter { (n + $0) % 5 == 0 }.count }
            let llmRight = goldN.filter { ($0 % 4 == 0) == ($0 % 2 == 0) }.count
            let acme = try #require(report.vendors.first { $0.vendor == "Acme" }?.gold)
            let llm = try #require(report.vendors.first { $0.vendor == "Judge-LLM" }?.gold)
            #expect(acme.labels == 21 && acme.correct == 21 - acmeWrong)
            #expect(llm.labels == 7 && llm.correct == llmRight)
            #expect(abs(acme.accuracy.value - Double(21 - acmeWrong) / 21) < 1e-12)
            let admin = try await PageSupport.signIn(client, token: tokens["admin"]!)
            let page = try await client.execute(uri: "/projects/duel", method: .get, headers: admin.headers) {
                String(buffer: $0.body)
            }
            let judges = PageFiguresTests.table("judges", in: page)
            #expect(judges.contains(">in-house</td>") && judges.contains(">gold accuracy</th>"))
            #expect(judges.contains("data-value=\"\(NumberText.exact(house.gold!.accuracy.value))\""))
            // The next round leaves out what was labelled.
            let next = try await client.execute(uri: "/queue/duel", method: .get, headers: b.headers) {
                Self.shown(String(buffer: $0.body)).map(\.item)
            }
            let labelled = Set(mine.map { after.index.itemIDs[Int(after.index.item[$0])] })
            #expect(!next.isEmpty && next.filter { !gold.contains($0) }.allSatisfy { !labelled.contains($0) })
        }
    }

    @Test func onlyAnnotatorsOpenThePairwiseQueue() async throws {
        let (server, store, tokens, p) = try await Self.store()
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            for who in ["vendor", "viewer"] {
                let b = try await PageSupport.signIn(client, token: tokens[who]!)
                try await client.execute(uri: "/queue/duel", method: .get, headers: b.headers) {
                    #expect($0.status == .notFound, "\(who)")
                }
                try await client.execute(
                    uri: "/queue/duel", method: .post, headers: b.formHeaders,
                    body: PageSupport.form(["csrf": b.csrf, "round": "x", "answers": "0:0:100"])
                ) {
                    #expect($0.status == .notFound, "\(who)")
                }
            }
            #expect(try await store.batches(of: p, vendor: "in-house").isEmpty)
        }
    }

    @Test func anAdminsPairwiseBatchComesFirst() async throws {
        let (server, store, tokens, p) = try await Self.store()
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let admin = try await PageSupport.signIn(client, token: tokens["admin"]!)
            _ = try await client.execute(
                uri: "/projects/duel/queue-batch", method: .post, headers: admin.formHeaders,
                body: PageSupport.form(["csrf": admin.csrf, "items": "7"])
            ) { $0.status }
            let batch = try #require(try await store.batches(of: p, vendor: "in-house").first)
            let content = try JSONDecoder().decode(
                BatchContent.self,
                from: Data(try #require(try await store.batch(id: batch.id, in: p)).rows.utf8))
            // 7 items and round(7 × 0.125 / 0.875) = 1 honeypot.
            #expect(content.rows.count == 8)
            let annotator = try await PageSupport.signIn(client, token: tokens["annotator"]!)
            let shown = try await client.execute(uri: "/queue/duel", method: .get, headers: annotator.headers)
            {
                Self.shown(String(buffer: $0.body))
            }
            #expect(shown.map(\.item) == content.rows.map { $0[0]! })
        }
    }
}
