// Assay — quality control for human-labelled training data.

import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// The callers every route is tried with.
enum CallerKind: String, CaseIterable, Sendable {
    case none, malformed, unknown, revoked, expired, admin, viewer, vendorA, vendorB, annotator

    /// Whether a valid token stands behind it.
    var isValid: Bool { [.admin, .viewer, .vendorA, .vendorB, .annotator].contains(self) }

    /// The token's role, for valid callers.
    var role: TokenRole? {
        switch self {
        case .admin: .admin
        case .viewer: .viewer
        case .vendorA, .vendorB: .vendor
        case .annotator: .annotator
        default: nil
        }
    }
}

/// A store with one project (`p`, classes a and b), a token of every kind, deliveries from two
/// vendors, gold whose items and answers are recognisable, and a batch for each vendor.
struct ServerFixture: Sendable {
    let store: any Store
    let server: AssayServer
    let tokens: [CallerKind: String]
    /// A batch made for VendorA and one for VendorB.
    let batchA: Int64
    let batchB: Int64

    /// Text that only gold answers, consensus or vendor B's data contain: a vendor A response
    /// holding any of it is a leak.
    static let secrets = ["gold-item-secret", "VendorB", "b-delivery"]

    static func make(backend: Backend = .sqlite, limits: ServerLimits = ServerLimits()) async throws
        -> ServerFixture
    {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        _ = try await store.createProject(
            NewProject(name: "other", taskType: "categorical", classes: ["x", "y"]))
        var tokens: [CallerKind: String] = [:]
        func token(_ role: TokenRole, _ subject: String?, projects: [String] = [], expires: String? = nil)
            async throws
            -> (Int64, String)
        {
            let secret = TokenSecret.generate()
            let r = try await store.createToken(
                NewToken(
                    role: role, subject: subject, projects: projects, expiresAt: expires,
                    secretHash: TokenSecret.hash(secret)))
            return (r.id, TokenSecret.format(id: r.id, secret: secret))
        }
        tokens[.admin] = try await token(.admin, nil).1
        tokens[.viewer] = try await token(.viewer, nil).1
        tokens[.vendorA] = try await token(.vendor, "VendorA", projects: ["p"]).1
        tokens[.vendorB] = try await token(.vendor, "VendorB", projects: ["p"]).1
        tokens[.annotator] = try await token(.annotator, "ann").1
        let revoked = try await token(.admin, nil)
        _ = try await store.revokeToken(id: revoked.0)
        tokens[.revoked] = revoked.1
        tokens[.expired] = try await token(.admin, nil, expires: "2020-01-01T00:00:00Z").1
        tokens[.unknown] = TokenSecret.format(id: 999_999, secret: TokenSecret.generate())
        tokens[.malformed] = "not-a-token"
        let server = AssayServer(store: store, limits: limits)
        let issued = tokens
        // Data through the API itself, so that receipts exist.
        let app = server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.router) { client in
            for (caller, name, body) in [
                (
                    CallerKind.vendorA, "a-delivery",
                    "item,worker,label\ni1,wa,a\ni2,wa,b\ngold-item-secret,wa,a\n"
                ),
                (.vendorB, "b-delivery", "item,worker,label\ni1,wb,b\ni2,wb,b\n"),
            ] {
                try await client.execute(
                    uri: "/v1/projects/p/deliveries/\(name)", method: .put,
                    headers: [.authorization: "Bearer \(issued[caller]!)", .contentType: "text/csv"],
                    body: ByteBuffer(string: body)
                ) { response in
                    guard response.status == .created else {
                        throw TestPostgresError(
                            "fixture push failed: \(response.status) \(String(buffer: response.body))")
                    }
                }
            }
        }
        _ = try await store.addGold([("gold-item-secret", "b")], source: "fixture", to: p)
        let batchA = try await store.recordBatch(
            name: "for-a", vendor: "VendorA", items: 1, gold: [],
            rows: #"{"columns":["item"],"rows":[["x1"]]}"#, in: p)
        let batchB = try await store.recordBatch(
            name: "for-b", vendor: "VendorB", items: 1, gold: [],
            rows: #"{"columns":["item"],"rows":[["x2"]]}"#, in: p)
        return ServerFixture(store: store, server: server, tokens: tokens, batchA: batchA, batchB: batchB)
    }

    /// Headers with the caller's token.
    func headers(_ caller: CallerKind, _ extra: HTTPFields = [:]) -> HTTPFields {
        var h = extra
        if caller != .none { h[.authorization] = "Bearer \(tokens[caller]!)" }
        return h
    }

    var app: some ApplicationProtocol {
        server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
    }
}
