// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import AssayTestSupport
import Testing

/// Tokens and the audit log's actor, on every backend.
@Suite struct StoreTokenTests {
    @Test(arguments: Backend.allCases)
    func tokensAreStoredListedAndRevokedOnce(backend: Backend) async throws {
        let store = try await backend.make()
        let admin = try await store.createToken(
            NewToken(role: .admin, subject: nil, projects: [], expiresAt: nil, secretHash: "aa", note: "lead")
        )
        let vendor = try await AuditActor.$current.withValue("token:\(admin.id)") {
            try await store.createToken(
                NewToken(
                    role: .vendor, subject: "Acme", projects: ["p", "q"], expiresAt: "2027-01-01T00:00:00Z",
                    secretHash: "bb"))
        }
        #expect(vendor.id != admin.id)
        #expect(vendor.roleText == "vendor:Acme")
        #expect(try await store.token(id: vendor.id) == vendor)
        #expect(try await store.token(id: 9_999) == nil)
        #expect(try await store.tokens().map(\.id) == [admin.id, vendor.id])
        #expect(vendor.expiresAt == "2027-01-01T00:00:00Z" && vendor.projects == ["p", "q"])
        #expect(try await store.revokeToken(id: vendor.id))
        #expect(try await !store.revokeToken(id: vendor.id))
        #expect(try await !store.revokeToken(id: 9_999))
        #expect(try await store.token(id: vendor.id)?.revokedAt != nil)
        let log = try await store.auditLog()
        #expect(log.map(\.action) == ["token.create", "token.create", "token.revoke"])
        #expect(log.map(\.actor) == ["cli", "token:\(admin.id)", "cli"])
        #expect(log[1].detail.contains("vendor:Acme") && log[1].detail.contains("projects p, q"))
        await store.close()
    }
}

/// Receipts of deliveries sent to the server, on every backend.
@Suite struct StoreReceiptTests {
    @Test(arguments: Backend.allCases)
    func receiptsPageByIDAndVendor(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        var ids: [Int64] = []
        for (j, vendor) in ["A", "B", "A", "A"].enumerated() {
            let r = try await AuditActor.$current.withValue("token:7") {
                try await store.recordReceipt(
                    NewReceipt(
                        vendor: vendor, name: "d\(j)", sha256: "h\(j)",
                        status: j == 1 ? "rejected" : "accepted",
                        labels: j == 1 ? 0 : 10, items: 5, deliveryID: j == 1 ? nil : Int64(j),
                        errors: j == 1 ? #"[{"line":2}]"# : "[]", errorTotal: j == 1 ? 3 : 0), in: p)
            }
            #expect(r.actor == "token:7" && r.vendor == vendor)
            ids.append(r.id)
        }
        let a = try await store.receipts(of: p, vendor: "A", after: 0, limit: 2)
        #expect(a.map(\.name) == ["d0", "d2"])
        let next = try await store.receipts(of: p, vendor: "A", after: a.last!.id, limit: 2)
        #expect(next.map(\.name) == ["d3"])
        let all = try await store.receipts(of: p, vendor: nil, after: 0, limit: 10)
        #expect(all.map(\.id) == ids)
        #expect(all[1].status == "rejected" && all[1].errorTotal == 3 && all[1].deliveryID == nil)
        #expect(all[1].errors == #"[{"line":2}]"#)
        await store.close()
    }
}
