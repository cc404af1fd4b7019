// Assay — quality control for human-labelled training data.

import AssaySQLite
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

/// The decision routes against the command line on one store (`assay demo --items 600`: three
/// priced vendors, four weekly deliveries each, gold honeypots): each body is byte for byte what
/// `assay … --json` prints, and every bad parameter is a problem naming it.
@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct DecisionRouteTests {
    let dir: String
    let store: String
    let server: AssayServer
    let admin: String

    init() async throws {
        dir = try Scratch.folder("assay-decapi").path
        store = dir + "/d.db"
        let made = try Spawn.run(
            assayExecutable!, ["demo", "--items", "600", "--no-serve", "--store", store], directory: dir)
        guard made.status == 0 else { throw TestPostgresError("demo failed: \(made.stderr)") }
        let s = try SQLiteStore(path: store, access: .write)
        let secret = TokenSecret.generate()
        let token = try await s.createToken(
            NewToken(
                role: .admin, subject: nil, projects: [], expiresAt: nil, secretHash: TokenSecret.hash(secret)
            ))
        admin = TokenSecret.format(id: token.id, secret: secret)
        server = AssayServer(store: s)
    }

    /// What the command prints with `--json` (its one line, newline included).
    func cli(_ arguments: [String]) throws -> String {
        let r = try Spawn.run(assayExecutable!, arguments + ["--store", store, "--json"], directory: dir)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        return r.stdout
    }

    /// The body and status of a GET as the admin.
    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(admin)"]) {
            ($0.status, String(buffer: $0.body))
        }
    }

    var app: some ApplicationProtocol {
        server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
    }

    @Test func bodiesAreTheCommandLinesJSON() async throws {
        let pairs: [(String, [String])] = [
            ("plan?budget=250", ["plan", "demo", "--budget", "250"]),
            (
                "plan?budget=1000&max_share=0.6&min_share=0.1&samples=500&seed=3",
                [
                    "plan", "demo", "--budget", "1000", "--max-share", "0.6", "--min-share", "0.1",
                    "--samples", "500",
                    "--seed", "3",
                ]
            ),
            ("next?budget=15&target=0.9", ["next", "demo", "--budget", "15", "--target", "0.9"]),
            ("next", ["next", "demo"]),
            (
                "deliveries/Budget-week3.csv/acceptance?aql=0.05&ltpd=0.2",
                ["accept", "demo", "Budget-week3.csv", "--aql", "0.05", "--ltpd", "0.2"]
            ),
            (
                "deliveries/4/acceptance?aql=0.02&ltpd=0.15&alpha=0.1&beta=0.2",
                ["accept", "demo", "4", "--aql", "0.02", "--ltpd", "0.15", "--alpha", "0.1", "--beta", "0.2"]
            ),
            ("drift", ["drift", "demo"]),
            (
                "drift?lambda=0.3&baseline=2&all_annotators=true",
                ["drift", "demo", "--lambda", "0.3", "--baseline", "2", "--all-annotators"]
            ),
            ("fraud", ["fraud", "demo"]),
            (
                "fraud?level=0.1&min_shared=5&shown=3",
                ["fraud", "demo", "--level", "0.1", "--min-shared", "5", "--shown", "3"]
            ),
        ]
        try await app.test(.router) { client in
            for (uri, arguments) in pairs {
                let (status, body) = try await get(client, "/v1/projects/demo/" + uri)
                #expect(status == .ok, "\(uri): \(body)")
                #expect(
                    body + "\n" == (try cli(arguments)),
                    "\(uri) differs from assay \(arguments.joined(separator: " "))")
                // Asked again (cached for the defaults), the same bytes.
                #expect(try await get(client, "/v1/projects/demo/" + uri).1 == body)
            }
        }
    }

    @Test func aNewDeliveryRenewsTheCachedDecisions() async throws {
        try await app.test(.router) { client in
            func points(_ vendor: String) async throws -> Int {
                let (_, body) = try await get(client, "/v1/projects/demo/drift")
                let report = try #require(
                    try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                let series = try #require(report["series"] as? [[String: Any]])
                let mine = try #require(
                    series.first { $0["scope"] as? String == "vendor" && $0["vendor"] as? String == vendor })
                return (mine["points"] as? [Any])?.count ?? 0
            }
            let before = try await points("Acme")
            let next = try await get(client, "/v1/projects/demo/next").1
            let pushed = try await client.execute(
                uri: "/v1/projects/demo/deliveries/extra?vendor=Acme", method: .put,
                headers: [.authorization: "Bearer \(admin)", .contentType: "text/csv"],
                body: ByteBuffer(string: "item,worker,label\nitem1,acme-0,positive\nitem2,acme-0,negative\n")
            ) { $0.status }
            #expect(pushed == .created)
            // Acme's drift series gains the delivery, `next` is computed again, and the new delivery
            // can be judged.
            #expect(try await points("Acme") == before + 1)
            #expect(
                try await get(client, "/v1/projects/demo/next").1 == (try cli(["next", "demo"])).dropLast())
            #expect(try await get(client, "/v1/projects/demo/next").1 != next)
            #expect(
                try await get(client, "/v1/projects/demo/deliveries/extra/acceptance?aql=0.05&ltpd=0.2").0
                    == .ok)
        }
    }

    @Test func badParametersNameTheParameterAndValue() async throws {
        let cases: [(String, HTTPResponse.Status, String)] = [
            ("plan", .badRequest, "budget is required"),
            ("plan?budget=ten", .badRequest, "budget takes an amount > 0, got 'ten'"),
            (
                "plan?budget=10&max_share=0.2&min_share=0.3", .unprocessableContent,
                "min_share takes a share in [0, max share 0.2] (got 0.3)"
            ),
            (
                "plan?budget=10&max_share=0.2", .unprocessableContent,
                "3 vendors cannot each get between 0.05 and 0.2"
            ),
            (
                "plan?budget=10&samples=99", .unprocessableContent,
                "samples takes a count from 100 to 100000 (got 99)"
            ),
            ("plan?budget=10&seed=-1", .badRequest, "seed takes a seed from 0 to 2^64 − 1, got '-1'"),
            ("next?target=1", .unprocessableContent, "target takes a probability in (0, 1) (got 1.0)"),
            ("next?budget=-2", .unprocessableContent, "budget takes a count ≥ 0 (got -2)"),
            ("deliveries/4/acceptance?aql=0.05", .badRequest, "ltpd is required"),
            (
                "deliveries/4/acceptance?aql=0.3&ltpd=0.2", .unprocessableContent,
                "aql and ltpd take defect rates with 0 < aql < ltpd < 1 (got 0.3, 0.2)"
            ),
            (
                "deliveries/4/acceptance?aql=0.05&ltpd=0.2&beta=1", .unprocessableContent,
                "alpha and beta take probabilities in (0, 1) (got 0.05, 1.0)"
            ),
            (
                "deliveries/nope/acceptance?aql=0.05&ltpd=0.2", .notFound,
                "project demo has no delivery nope; expected an id or a name (latest: 3 Acme-week3.csv"
            ),
            ("drift?lambda=0", .unprocessableContent, "lambda takes a weight in (0, 1] (got 0.0)"),
            ("drift?all_annotators=yes", .badRequest, "all_annotators takes true or false, got 'yes'"),
            ("fraud?min_shared=1", .unprocessableContent, "min_shared takes a count ≥ 2 (got 1)"),
            ("fraud?level=nan", .badRequest, "level takes a rate in (0, 1), got 'nan'"),
        ]
        try await app.test(.router) { client in
            for (uri, status, detail) in cases {
                let (got, body) = try await get(client, "/v1/projects/demo/" + uri)
                #expect(got == status, "\(uri): \(body)")
                #expect(body.contains(detail), "\(uri): \(body)")
            }
            // A project of another type: the decisions say what they work on.
            let (got, body) = try await get(client, "/v1/projects/rating-demo/plan?budget=10")
            #expect(got == .unprocessableContent)
            #expect(
                body.contains("project rating-demo is rating; the decisions work on categorical projects"))
        }
    }
}
