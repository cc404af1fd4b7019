// Assay — quality control for human-labelled training data.

import AssayCore
import AssayServer
import AssayStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Pushing deliveries to pairwise, rating, multi-label and text projects: read as the project's
/// type through `DeliveryIntake` (the road `assay import` takes), with the categorical contract:
/// 201 and a receipt, 200 on a replay, 409 on other content under the same name, 422 with the row
/// errors and nothing written, the vendor from the token.
@Suite struct TypedDeliveryRouteTests {
    /// One type's case: the project, a valid delivery (`items` items), other valid content, a
    /// delivery whose line `badLine` holds the invalid `badValue`.
    struct Case: Sendable {
        var project: NewProject
        var good: String
        var items: Int
        var other: String
        var bad: String
        var badLine: Int
        var badValue: String
        /// Text every consensus row of the type holds.
        var rowKey: String
    }

    /// Runs the contract on `c` with a vendor token for VendorA allowed on the project.
    func exercise(_ c: Case) async throws {
        let f = try await ServerFixture.make()
        let p = try await f.store.createProject(c.project)
        let secret = TokenSecret.generate()
        let record = try await f.store.createToken(
            NewToken(
                role: .vendor, subject: "VendorA", projects: [p.name], expiresAt: nil,
                secretHash: TokenSecret.hash(secret)))
        let vendor: HTTPFields = [
            .authorization: "Bearer \(TokenSecret.format(id: record.id, secret: secret))",
            .contentType: "text/csv",
        ]
        func put(_ name: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
            try await f.app.test(.router) { client in
                try await client.execute(
                    uri: "/v1/projects/\(p.name)/deliveries/\(name)", method: .put, headers: vendor,
                    body: ByteBuffer(string: body)
                ) {
                    (
                        $0.status,
                        (try? JSONSerialization.jsonObject(with: Data(String(buffer: $0.body).utf8)))
                            as? [String: Any] ?? [:]
                    )
                }
            }
        }
        let (s1, r1) = try await put("d1", c.good)
        #expect(s1 == .created, "\(r1)")
        #expect(r1["status"] as? String == "accepted" && r1["vendor"] as? String == "VendorA")
        #expect(r1["items"] as? Int == c.items)
        let stored = try await f.store.counts(of: p)
        #expect(stored.labels == r1["labels"] as? Int && stored.deliveries == 1)
        let loaded = try await f.store.labels(of: p)
        #expect(loaded.typeName == c.project.type.name && loaded.vendorIDs == ["VendorA"])
        // The typed analysis reflects the push.
        try await f.app.test(.router) { client in
            let report = try await client.execute(
                uri: "/v1/projects/\(p.name)/scorecard", method: .get, headers: f.headers(.viewer)
            ) { try JSONSerialization.jsonObject(with: Data(String(buffer: $0.body).utf8)) as? [String: Any] }
            #expect(report?["type"] as? String == c.project.type.name)
            let lines = try await client.execute(
                uri: "/v1/projects/\(p.name)/consensus?format=jsonl", method: .get,
                headers: f.headers(.viewer)
            ) { String(buffer: $0.body).split(separator: "\n") }
            #expect(lines.count == c.items && lines.allSatisfy { $0.contains(c.rowKey) })
        }
        // Same name, same bytes: a replay (here by POST, the name as Idempotency-Key); same name,
        // other bytes: a conflict.
        let keyed = vendor + [HTTPField(name: HTTPField.Name("Idempotency-Key")!, value: "d1")]
        let (s2, r2) = try await f.app.test(.router) { client in
            try await client.execute(
                uri: "/v1/projects/\(p.name)/deliveries", method: .post, headers: keyed,
                body: ByteBuffer(string: c.good)
            ) { ($0.status, String(buffer: $0.body)) }
        }
        #expect(s2 == .ok && r2.contains(#""status":"replayed""#))
        let (s3, _) = try await put("d1", c.other)
        #expect(s3 == .conflict)
        // An invalid row: 422 with the file:line errors; nothing written.
        let (s4, r4) = try await put("bad", c.bad)
        #expect(s4 == .unprocessableContent)
        let errors = r4["errors"] as? [[String: Any]] ?? []
        #expect(errors.first?["line"] as? Int == c.badLine, "\(r4)")
        #expect(errors.first?["value"] as? String == c.badValue, "\(r4)")
        // A vendor column naming another vendor: refused as well.
        let header = c.other.prefix { $0 != "\n" }
        let foreign =
            "\(header),vendor\n"
            + c.other.split(separator: "\n").dropFirst().map { "\($0),VendorB" }.joined(separator: "\n")
            + "\n"
        let (s5, r5) = try await put("foreign", foreign)
        #expect(
            s5 == .unprocessableContent
                && (r5["errors"] as? [[String: Any]])?.first?["value"] as? String == "VendorB")
        let after = try await f.store.counts(of: p)
        #expect(after.labels == stored.labels && after.deliveries == 1)
        // The receipts keep every attempt.
        let statuses = try await f.store.receipts(of: p, vendor: "VendorA", after: 0, limit: 100).map(
            \.status)
        #expect(statuses == ["accepted", "replayed", "conflict", "rejected", "rejected"])
    }

    @Test func ratingDeliveries() async throws {
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
        try await exercise(
            Case(
                project: NewProject(name: "r", type: .rating(scale: scale)),
                good: "item,worker,label\ni1,w1,2\ni1,w2,3\ni2,w1,5\ni2,w2,4\ni3,w1,1\n", items: 3,
                other: "item,worker,label\ni4,w1,2\ni4,w2,3\n",
                bad: "item,worker,label\ni5,w1,2\ni5,w2,9\n", badLine: 3, badValue: "9", rowKey: #""value":"#)
        )
    }

    @Test func multilabelDeliveries() async throws {
        try await exercise(
            Case(
                project: NewProject(name: "m", type: .multilabel(classes: ["x", "y", "z"])),
                good: "item,worker,labels\ni1,w1,x;y\ni1,w2,x\ni2,w1,z\ni2,w2,z;y\n", items: 2,
                other: "item,worker,labels\ni3,w1,x\ni3,w2,y\n",
                bad: "item,worker,labels\ni4,w1,x\ni4,w2,x;w\n", badLine: 3, badValue: "x;w",
                rowKey: #""classes":"#))
    }

    @Test func textDeliveries() async throws {
        try await exercise(
            Case(
                project: NewProject(name: "t", type: .text),
                good:
                    "item,worker,label\ni1,w1,the cat sat\ni1,w2,the cat sat down\ni2,w1,a dog\ni2,w2,a dog\n",
                items: 2, other: "item,worker,label\ni3,w1,hello\ni3,w2,hello there\n",
                bad: "item,worker,label\ni4,w1,fine\n,w2,no item\n", badLine: 3, badValue: "",
                rowKey: #""text":"#))
    }

    @Test func pairwiseDeliveries() async throws {
        try await exercise(
            Case(
                project: NewProject(name: "pw", type: .pairwise),
                good: "worker,winner,loser\nw1,a,b\nw2,a,b\nw1,b,c\nw2,c,b\nw1,a,c\n", items: 3,
                other: "worker,winner,loser\nw1,c,d\nw2,d,c\n",
                bad: "worker,winner,loser\nw1,a,d\nw2,d,d\n", badLine: 3, badValue: "d",
                rowKey: #""preferred":"#))
    }
}
