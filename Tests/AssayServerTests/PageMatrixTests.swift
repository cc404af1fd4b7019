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
import Testing

/// Every page × every kind of caller, generated from the page table: a page added without its row
/// here fails `everyPageHasASample`. A visitor is sent to sign in (GET) or refused (POST); a
/// signed-in caller of a role the page is not for gets 404, as if the page did not exist; the
/// vendor sees nothing of another vendor.
@Suite struct PageMatrixTests {
    enum Who: String, CaseIterable, Sendable { case visitor, admin, viewer, vendor, annotator }

    struct Sample: Sendable {
        /// The policy as this test states it (independently of the page table).
        var gate: PageAccess
        var uri: String
        var form: [String: String]? = nil
        /// Status for callers the gate admits (200 when not listed); for open pages, every caller.
        var expected: [Who: HTTPResponse.Status] = [:]
    }

    static func samples(batch: Int64) -> [String: Sample] {
        let everyone: (HTTPResponse.Status) -> [Who: HTTPResponse.Status] = { s in
            Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, s) })
        }
        return [
            "GET /favicon.svg": Sample(gate: .open, uri: "/favicon.svg", expected: everyone(.ok)),
            "GET /": Sample(gate: .open, uri: "/", expected: everyone(.seeOther)),
            "GET /signin": Sample(
                gate: .open, uri: "/signin",
                expected: everyone(.seeOther).merging([.visitor: .ok]) { $1 }),
            "POST /signin": Sample(
                gate: .open, uri: "/signin", form: ["token": "x"], expected: everyone(.forbidden)),
            "GET /signin/link/{code}": Sample(
                gate: .open, uri: "/signin/link/not-a-code", expected: everyone(.unauthorized)),
            "POST /signout": Sample(
                gate: .signedIn, uri: "/signout", form: [:], expected: everyone(.seeOther)),
            "GET /projects": Sample(gate: .reader, uri: "/projects"),
            "GET /projects/{project}": Sample(gate: .reader, uri: "/projects/sim"),
            "POST /projects/{project}/queue-batch": Sample(
                gate: .admin, uri: "/projects/sim/queue-batch", form: ["items": "5"],
                expected: [.admin: .seeOther]),
            "GET /projects/{project}/vendors/{vendor}": Sample(
                gate: .reader, uri: "/projects/sim/vendors/Acme"),
            "GET /projects/{project}/annotators": Sample(gate: .reader, uri: "/projects/sim/annotators"),
            "GET /projects/{project}/agreement": Sample(gate: .reader, uri: "/projects/sim/agreement"),
            "GET /projects/{project}/review": Sample(gate: .reader, uri: "/projects/sim/review"),
            "GET /projects/{project}/gold": Sample(gate: .reader, uri: "/projects/sim/gold"),
            "GET /projects/{project}/decisions": Sample(gate: .reader, uri: "/projects/sim/decisions"),
            "GET /vendor": Sample(gate: .vendor, uri: "/vendor"),
            "GET /vendor/projects/{project}/batches/{batch}": Sample(
                gate: .vendor, uri: "/vendor/projects/sim/batches/\(batch)"),
            "GET /queue": Sample(gate: .annotator, uri: "/queue"),
            "GET /queue/{project}": Sample(gate: .annotator, uri: "/queue/sim"),
            "POST /queue/{project}": Sample(
                gate: .annotator, uri: "/queue/sim", form: ["round": "stale", "answers": "0:0:100"],
                expected: [.annotator: .conflict]),
        ]
    }

    @Test func everyPageHasASample() {
        let keys = Set(PageRoutes.routes.map { "\($0.method.rawValue) \($0.path)" })
        let samples = Set(Self.samples(batch: 0).keys)
        #expect(keys == samples, "pages without a sample: \(keys.subtracting(samples))")
        // Pages are not API routes: the OpenAPI document and its matrix stay the API's.
        #expect(Set(AssayServer.routes.map(\.path)).isDisjoint(with: PageRoutes.routes.map(\.path)))
    }

    @Test func everyPageAnswersEveryCallerAsItsGateSays() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let p = try await store.project(named: "sim")
        let batch = try await store.recordBatch(
            name: "for-acme", vendor: "Acme", items: 1, gold: [],
            rows: #"{"columns":["item"],"rows":[["it1"]]}"#, in: p)
        let samples = Self.samples(batch: batch)
        let app = server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.router) { client in
            for page in PageRoutes.routes {
                let sample = try #require(samples["\(page.method.rawValue) \(page.path)"])
                #expect(
                    page.access == sample.gate, "\(page.path): gate \(page.access), policy \(sample.gate)")
                for who in Who.allCases {
                    var browser: Browser?
                    if who != .visitor {
                        browser = try await PageSupport.signIn(client, token: tokens[who.rawValue]!)
                    }
                    let role: TokenRole? = [
                        .admin: .admin, .viewer: .viewer, .vendor: .vendor, .annotator: .annotator,
                    ][who]
                    let expected: HTTPResponse.Status
                    if sample.gate == .open {
                        expected = sample.expected[who] ?? .ok
                    } else if role == nil {
                        expected = page.method == .get ? .seeOther : .forbidden
                    } else if !sample.gate.admits(role!) {
                        expected = .notFound
                    } else {
                        expected = sample.expected[who] ?? .ok
                    }
                    var headers: HTTPFields = browser?.headers ?? [:]
                    var body: ByteBuffer?
                    if var form = sample.form {
                        headers[.contentType] = "application/x-www-form-urlencoded"
                        if let b = browser { form["csrf"] = b.csrf }
                        body = PageSupport.form(form)
                    }
                    try await client.execute(
                        uri: sample.uri, method: page.method, headers: headers, body: body
                    ) {
                        response in
                        let text = String(buffer: response.body)
                        #expect(
                            response.status == expected,
                            "\(page.method) \(page.path) as \(who): \(response.status), expected \(expected): \(text.prefix(200))"
                        )
                        if who == .visitor && sample.gate != .open && page.method == .get {
                            #expect(response.headers[.location]?.hasPrefix("/signin?next=") == true)
                        }
                        if who == .vendor {
                            for secret in ["Budget", "budget0", "acme0"] {
                                #expect(!text.contains(secret), "\(page.path) showed the vendor '\(secret)'")
                            }
                        }
                        if response.headers[.contentType]?.hasPrefix("text/html") == true {
                            #expect(
                                response.headers[.contentSecurityPolicy]?.contains("default-src 'none'")
                                    == true)
                        }
                    }
                }
            }
        }
    }

    /// A token limited to other projects sees this one as absent.
    @Test func projectScopeLooksLikeAbsence() async throws {
        let (server, store, _) = try await PageSupport.simulated()
        _ = try await store.createProject(
            NewProject(name: "other", taskType: "categorical", classes: ["x", "y"]))
        let secret = TokenSecret.generate()
        let r = try await store.createToken(
            NewToken(
                role: .viewer, subject: nil, projects: ["other"], expiresAt: nil,
                secretHash: TokenSecret.hash(secret)))
        let app = server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.router) { client in
            let b = try await PageSupport.signIn(client, token: TokenSecret.format(id: r.id, secret: secret))
            for uri in ["/projects/sim", "/projects/sim/annotators", "/projects/nope"] {
                let status = try await client.execute(uri: uri, method: .get, headers: b.headers) {
                    $0.status
                }
                #expect(status == .notFound, "\(uri)")
            }
            let list = try await client.execute(uri: "/projects", method: .get, headers: b.headers) {
                String(buffer: $0.body)
            }
            #expect(list.contains(">other</a>") && !list.contains(">sim</a>"))
        }
    }
}
