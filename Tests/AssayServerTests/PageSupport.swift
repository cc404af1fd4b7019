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

/// A signed-in browser in the page tests: its session cookie and the CSRF token its forms carry.
struct Browser: Sendable {
    /// `Cookie` header value.
    var cookie: String
    /// The session's CSRF token (read from a page's sign-out form).
    var csrf: String

    /// Headers for a GET.
    var headers: HTTPFields { [.cookie: cookie] }

    /// Headers for a form POST.
    var formHeaders: HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }
}

/// Page-test helpers: signing in through the real form, reading cookies and form fields.
enum PageSupport {
    /// The `name=value` part of each `Set-Cookie` header.
    static func cookies(_ response: TestResponse) -> [String: String] {
        var out: [String: String] = [:]
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            out[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
        }
        return out
    }

    /// The value of the first hidden input called `name` in `html`.
    static func field(_ name: String, in html: String) -> String? {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[r.upperBound...]
        return String(rest.prefix { $0 != "\"" })
    }

    /// A form body.
    static func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
            }.joined(separator: "&"))
    }

    /// Signs in with `token` through GET and POST /signin and reads the CSRF token from the first page.
    static func signIn(_ client: some TestClientProtocol, token: String) async throws -> Browser {
        let pairing = try await client.execute(uri: "/signin", method: .get) { response in
            (cookies(response)["assay_signin"] ?? "", String(buffer: response.body))
        }
        let (cookie, location) = try await client.execute(
            uri: "/signin", method: .post,
            headers: [
                .cookie: "assay_signin=\(pairing.0)", .contentType: "application/x-www-form-urlencoded",
            ],
            body: form(["token": token, "csrf": field("csrf", in: pairing.1) ?? ""])
        ) { response in
            (cookies(response)["assay_session"] ?? "", response.headers[.location] ?? "")
        }
        guard !cookie.isEmpty else { throw TestPostgresError("sign-in failed") }
        let page = try await client.execute(
            uri: location, method: .get, headers: [.cookie: "assay_session=\(cookie)"]
        ) { String(buffer: $0.body) }
        return Browser(cookie: "assay_session=\(cookie)", csrf: field("csrf", in: page) ?? "")
    }

    /// A store with a simulated categorical project `sim` (classes a, b, c; vendors Acme and
    /// Budget, three annotators each; 120 items, three labels each, 10% gold with payloads) and
    /// tokens for an admin, a viewer, a vendor (Acme) and an annotator (`ann`).
    static func simulated(backend: Backend = .sqlite, items: Int = 120) async throws -> (
        server: AssayServer, store: any Store, tokens: [String: String]
    ) {
        let store = try await backend.make()
        let classes = ["a", "b", "c"]
        let p = try await store.createProject(
            NewProject(name: "sim", taskType: "categorical", classes: classes))
        let vendors = [
            Simulation.Vendor(name: "Acme", annotators: 3, accuracy: 0.9, costPerLabel: 0.08),
            Simulation.Vendor(name: "Budget", annotators: 3, accuracy: 0.7, costPerLabel: 0.03),
        ]
        let sim = Simulation(vendors: vendors, items: items, classes: 3, overlap: 3, goldRate: 0.1, seed: 5)
            .run()
        for (v, vendor) in vendors.enumerated() {
            let mine = sim.labels.filter { $0.vendor == v }
            let set = LabelSet(
                itemIDs: (0..<items).map { "it\($0)" },
                annotatorIDs: (0..<3).map { "\(vendor.name.lowercased())\($0)" },
                annotatorVendor: [0, 0, 0], vendorIDs: [vendor.name], classes: classes,
                item: mine.map { Int32($0.item) }, annotator: mine.map { Int32($0.annotator) },
                value: mine.map { Int32($0.value) },
                extras: LabelExtras(durationSeconds: mine.map(\.seconds), cost: mine.map(\.cost)))
            _ = try await store.importDelivery(
                DeliveryImport(
                    vendor: vendor.name, source: "\(vendor.name).csv", sha256: "sha-\(v)", costPerLabel: nil,
                    labels: set), into: p)
        }
        _ = try await store.addGold(
            (0..<items).filter { sim.isGold[$0] }.map { ("it\($0)", classes[sim.truth[$0]]) }, source: "gold",
            to: p)
        try await store.setPayloads(
            (0..<items).map { ("it\($0)", #"{"text":"text of item \#($0)"}"#) }, in: p)
        var tokens: [String: String] = [:]
        for (name, role, subject) in [
            ("admin", TokenRole.admin, nil), ("viewer", .viewer, nil), ("vendor", .vendor, "Acme"),
            ("annotator", .annotator, "ann"),
        ] as [(String, TokenRole, String?)] {
            let secret = TokenSecret.generate()
            let r = try await store.createToken(
                NewToken(
                    role: role, subject: subject, projects: [], expiresAt: nil,
                    secretHash: TokenSecret.hash(secret)))
            tokens[name] = TokenSecret.format(id: r.id, secret: secret)
        }
        return (AssayServer(store: store), store, tokens)
    }
}
