// Assay — quality control for human-labelled training data.

import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every route × every kind of caller, generated from the route table: a route added without its
/// row here fails `everyRouteHasASample`, and every row is checked for its status and, for vendor
/// A, for anything of gold, consensus or vendor B in the body.
@Suite struct AuthorizationMatrixTests {
    /// A concrete request for a route, and the status each admitted caller should get.
    struct Sample: Sendable {
        /// Who may call the route, as this test states the policy (independently of the route table).
        var gate: Access
        var uri: @Sendable (CallerKind) -> String
        var headers: HTTPFields = [:]
        var body: @Sendable (CallerKind) -> String? = { _ in nil }
        /// Status for callers the route's gate admits; 200 when not listed.
        var expected: [CallerKind: HTTPResponse.Status] = [:]
    }

    /// One sample per route, keyed "METHOD path".
    static func samples(_ f: ServerFixture) -> [String: Sample] {
        let csv: HTTPFields = [.contentType: "text/csv"]
        let delivery: @Sendable (CallerKind) -> String? = { c in "item,worker,label\nm-\(c.rawValue),w,a\n" }
        let vendorQuery: @Sendable (CallerKind) -> String = { $0 == .admin ? "?vendor=VendorA" : "" }
        return [
            "GET /healthz": Sample(gate: .open, uri: { _ in "/healthz" }),
            "GET /metrics": Sample(gate: .open, uri: { _ in "/metrics" }),
            "GET /openapi.yaml": Sample(gate: .open, uri: { _ in "/openapi.yaml" }),
            "GET /v1/projects": Sample(gate: .anyToken, uri: { _ in "/v1/projects" }),
            "POST /v1/projects": Sample(
                gate: .admin, uri: { _ in "/v1/projects" }, headers: [.contentType: "application/json"],
                body: { #"{"name":"new-\#($0.rawValue)","classes":["x","y"]}"# }, expected: [.admin: .created]
            ),
            "GET /v1/projects/{project}": Sample(gate: .anyToken, uri: { _ in "/v1/projects/p" }),
            "PUT /v1/projects/{project}/deliveries/{name}": Sample(
                gate: .vendorOrAdmin,
                uri: { "/v1/projects/p/deliveries/put-\($0.rawValue)\(vendorQuery($0))" }, headers: csv,
                body: delivery,
                expected: [.admin: .created, .vendorA: .created, .vendorB: .created]),
            "POST /v1/projects/{project}/deliveries": Sample(
                gate: .vendorOrAdmin, uri: { "/v1/projects/p/deliveries\(vendorQuery($0))" }, headers: csv,
                body: { "item,worker,label\npost-\($0.rawValue),w,b\n" },
                expected: [.admin: .created, .vendorA: .created, .vendorB: .created]),
            "GET /v1/projects/{project}/deliveries": Sample(
                gate: .readerOrVendor, uri: { _ in "/v1/projects/p/deliveries" }),
            "GET /v1/projects/{project}/deliveries/{name}": Sample(
                gate: .readerOrVendor, uri: { _ in "/v1/projects/p/deliveries/a-delivery" },
                expected: [.vendorB: .notFound]),
            "GET /v1/projects/{project}/gold": Sample(gate: .reader, uri: { _ in "/v1/projects/p/gold" }),
            "POST /v1/projects/{project}/gold": Sample(
                gate: .admin, uri: { _ in "/v1/projects/p/gold" }, headers: csv,
                body: { _ in "item,gold\ng-new,a\n" },
                expected: [.admin: .created]),
            "GET /v1/projects/{project}/batches": Sample(
                gate: .readerOrVendor, uri: { _ in "/v1/projects/p/batches" }),
            "POST /v1/projects/{project}/batches": Sample(
                gate: .admin, uri: { _ in "/v1/projects/p/batches" },
                headers: [.contentType: "application/json"],
                body: { _ in
                    #"{"vendor":"VendorA","columns":["item"],"rows":[["n1"],["n2"]],"gold_rate":0.3}"#
                },
                expected: [.admin: .created]),
            "GET /v1/projects/{project}/batches/{batch}": Sample(
                gate: .readerOrVendor, uri: { _ in "/v1/projects/p/batches/\(f.batchA)" },
                expected: [.vendorB: .notFound]),
            "GET /v1/projects/{project}/scorecard": Sample(
                gate: .reader, uri: { _ in "/v1/projects/p/scorecard" }),
            "GET /v1/projects/{project}/agreement": Sample(
                gate: .reader, uri: { _ in "/v1/projects/p/agreement" }),
            "GET /v1/projects/{project}/consensus": Sample(
                gate: .reader, uri: { _ in "/v1/projects/p/consensus?limit=2" }),
            // The fixture's deliveries carry no cost: a plan is refused (422, no vendor has a price).
            "GET /v1/projects/{project}/plan": Sample(
                gate: .reader, uri: { _ in "/v1/projects/p/plan?budget=100" },
                expected: [.admin: .unprocessableContent, .viewer: .unprocessableContent]),
            "GET /v1/projects/{project}/next": Sample(gate: .reader, uri: { _ in "/v1/projects/p/next" }),
            "GET /v1/projects/{project}/deliveries/{name}/acceptance": Sample(
                gate: .reader,
                uri: { _ in "/v1/projects/p/deliveries/a-delivery/acceptance?aql=0.05&ltpd=0.3" }),
            "GET /v1/projects/{project}/drift": Sample(gate: .reader, uri: { _ in "/v1/projects/p/drift" }),
            "GET /v1/projects/{project}/fraud": Sample(gate: .reader, uri: { _ in "/v1/projects/p/fraud" }),
            "GET /v1/audit": Sample(gate: .admin, uri: { _ in "/v1/audit" }),
        ]
    }

    @Test func everyRouteHasASample() async throws {
        let f = try await ServerFixture.make()
        let samples = Self.samples(f)
        let keys = Set(AssayServer.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(keys == Set(samples.keys), "routes without a sample: \(keys.subtracting(samples.keys))")
    }

    @Test func everyRouteAnswersEveryCallerAsItsGateSays() async throws {
        let f = try await ServerFixture.make()
        let samples = Self.samples(f)
        // Requests that hold body "item,worker,label" are pushes: each caller's has its own name, so
        // the order of the loop does not matter.
        try await f.app.test(.router) { client in
            for route in AssayServer.routes {
                let sample = try #require(samples["\(route.method.rawValue) \(route.path)"])
                for caller in CallerKind.allCases {
                    #expect(
                        route.access == sample.gate,
                        "\(route.method) \(route.path): gate \(route.access), policy says \(sample.gate)")
                    let expected: HTTPResponse.Status
                    if sample.gate == .open {
                        expected = .ok
                    } else if !caller.isValid {
                        expected = .unauthorized
                    } else if !sample.gate.admits(caller.role!) {
                        expected = .forbidden
                    } else {
                        expected = sample.expected[caller] ?? .ok
                    }
                    var headers = f.headers(caller, sample.headers)
                    if route.method == .post && route.path.hasSuffix("/deliveries") {
                        headers[HTTPField.Name("Idempotency-Key")!] = "idem-\(caller.rawValue)"
                    }
                    try await client.execute(
                        uri: sample.uri(caller), method: route.method, headers: headers,
                        body: sample.body(caller).map { ByteBuffer(string: $0) }
                    ) { response in
                        let body = String(buffer: response.body)
                        #expect(
                            response.status == expected,
                            "\(route.method) \(route.path) as \(caller): \(response.status), expected \(expected): \(body.prefix(300))"
                        )
                        if caller == .vendorA && route.access != .open {
                            for secret in ServerFixture.secrets {
                                #expect(
                                    !body.contains(secret),
                                    "\(route.method) \(route.path) showed vendor A '\(secret)'")
                            }
                        }
                        if expected == .unauthorized {
                            #expect(response.headers[.wwwAuthenticate] != nil)
                        }
                        if response.status.code >= 400 {
                            #expect(response.headers[.contentType] == "application/problem+json")
                        }
                    }
                }
            }
        }
    }

    /// A token limited to some projects sees the others as absent (the same 404 as a missing one),
    /// and a vendor's list of deliveries and batches holds only its own.
    @Test func scopeAndOwnershipLookLikeAbsence() async throws {
        let f = try await ServerFixture.make()
        try await f.app.test(.router) { client in
            for uri in ["/v1/projects/other", "/v1/projects/nope"] {
                try await client.execute(uri: uri, method: .get, headers: f.headers(.vendorA)) { response in
                    #expect(response.status == .notFound)
                    #expect(String(buffer: response.body).contains("no project"))
                }
            }
            try await client.execute(uri: "/v1/projects", method: .get, headers: f.headers(.vendorA)) {
                response in
                let body = String(buffer: response.body)
                #expect(body.contains(#""name":"p""#) && !body.contains("other") && !body.contains("counts"))
            }
            try await client.execute(
                uri: "/v1/projects/p/deliveries", method: .get, headers: f.headers(.vendorA)
            ) {
                let body = String(buffer: $0.body)
                #expect(body.contains("a-delivery") && !body.contains("b-delivery"))
            }
            try await client.execute(
                uri: "/v1/projects/p/batches", method: .get, headers: f.headers(.vendorB)
            ) {
                let body = String(buffer: $0.body)
                #expect(body.contains("for-b") && !body.contains("for-a"))
            }
            try await client.execute(
                uri: "/v1/projects/p/batches/\(f.batchB)", method: .get, headers: f.headers(.vendorA)
            ) {
                #expect($0.status == .notFound)
            }
            // The vendor comes from the token: naming another is refused, not obeyed.
            try await client.execute(
                uri: "/v1/projects/p/deliveries/sneaky?vendor=VendorB", method: .put,
                headers: f.headers(.vendorA, [.contentType: "text/csv"]),
                body: ByteBuffer(string: "item,worker,label\ns,w,a\n")
            ) { #expect($0.status == .badRequest) }
            // A row naming another vendor is a row error.
            try await client.execute(
                uri: "/v1/projects/p/deliveries/vendor-column", method: .put,
                headers: f.headers(.vendorA, [.contentType: "text/csv"]),
                body: ByteBuffer(string: "item,worker,label,vendor\ns,w,a,VendorB\n")
            ) { #expect($0.status == .unprocessableContent) }
        }
        let log = try await f.store.auditLog()
        #expect(log.contains { $0.action == "delivery.import" && $0.actor.hasPrefix("token:") })
    }
}
