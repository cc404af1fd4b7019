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

/// Sessions: sign-in with a token sets an HttpOnly, SameSite=Strict cookie (Secure over TLS) that
/// holds a random id, never the token; every form needs the session's CSRF token; sign-out, a
/// revoked token and a used link end or refuse a session.
@Suite struct PageSessionTests {
    static func app(_ server: AssayServer) -> some ApplicationProtocol {
        server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
    }

    @Test func signInSetsAStrictHttpOnlySessionCookie() async throws {
        let (server, _, tokens) = try await PageSupport.simulated()
        try await Self.app(server).test(.router) { client in
            let (pairing, form) = try await client.execute(
                uri: "/signin?next=/projects/sim/gold", method: .get
            ) {
                ($0.headers[.setCookie] ?? "", String(buffer: $0.body))
            }
            #expect(
                pairing.contains("HttpOnly") && pairing.contains("SameSite=Strict")
                    && !pairing.contains("Secure"))
            let pairValue = String(pairing.split(separator: ";")[0].dropFirst("assay_signin=".count))
            #expect(PageSupport.field("csrf", in: form) == pairValue)
            #expect(PageSupport.field("next", in: form) == "/projects/sim/gold")
            for https in [false, true] {
                var headers: HTTPFields = [
                    .cookie: "assay_signin=\(pairValue)", .contentType: "application/x-www-form-urlencoded",
                ]
                if https { headers[HTTPField.Name("X-Forwarded-Proto")!] = "https" }
                try await client.execute(
                    uri: "/signin", method: .post, headers: headers,
                    body: PageSupport.form([
                        "token": tokens["viewer"]!, "csrf": pairValue, "next": "/projects/sim/gold",
                    ])
                ) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/projects/sim/gold")
                    let session =
                        response.headers[values: .setCookie].first { $0.hasPrefix("assay_session=") } ?? ""
                    #expect(
                        session.contains("; HttpOnly") && session.contains("SameSite=Strict")
                            && session.contains("Path=/"))
                    #expect(session.contains("; Secure") == https)
                    // The cookie holds a random id, not the token. (The secret is all after
                    // `assay_ID_`: it may hold `_` itself, and a short piece after one could turn
                    // up in the random id by chance.)
                    let secret = tokens["viewer"]!.split(separator: "_", maxSplits: 2).last!
                    #expect(!session.contains(secret) && session.count > 40)
                }
            }
        }
    }

    @Test func signInRefusesStaleFormsAndBadTokensAndKeepsRedirectsLocal() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        try await Self.app(server).test(.router) { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            // No pairing cookie, or one that does not match the form: the form did not come from here.
            var s = try await client.execute(
                uri: "/signin", method: .post, headers: form,
                body: PageSupport.form(["token": tokens["admin"]!, "csrf": "abc"])
            ) { $0.status }
            #expect(s == .forbidden)
            s = try await client.execute(
                uri: "/signin", method: .post, headers: form + [.cookie: "assay_signin=xyz"],
                body: PageSupport.form(["token": tokens["admin"]!, "csrf": "abc"])
            ) { $0.status }
            #expect(s == .forbidden)
            // A wrong token: the form again, 401, no session.
            let wrong = TokenSecret.format(id: 1, secret: TokenSecret.generate())
            try await client.execute(
                uri: "/signin", method: .post, headers: form + [.cookie: "assay_signin=abc"],
                body: PageSupport.form(["token": wrong, "csrf": "abc"])
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(PageSupport.cookies(response)["assay_session"] == nil)
                #expect(String(buffer: response.body).contains("not valid"))
            }
            // Sign-in never sends a browser to another site.
            for next in ["//evil.example/x", "https://evil.example/", "/\\evil.example"] {
                let location = try await client.execute(
                    uri: "/signin", method: .post, headers: form + [.cookie: "assay_signin=abc"],
                    body: PageSupport.form(["token": tokens["admin"]!, "csrf": "abc", "next": next])
                ) { $0.headers[.location] }
                #expect(location == "/projects", "\(next)")
            }
        }
        // A revoked token signs in no more.
        let id = Int64(tokens["viewer"]!.split(separator: "_")[1])!
        _ = try await store.revokeToken(id: id)
        try await Self.app(server).test(.router) { client in
            _ = await #expect(throws: (any Error).self) {
                try await PageSupport.signIn(client, token: tokens["viewer"]!)
            }
        }
    }

    @Test func formsNeedTheSessionsCSRFToken() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let p = try await store.project(named: "sim")
        try await Self.app(server).test(.router) { client in
            let b = try await PageSupport.signIn(client, token: tokens["admin"]!)
            #expect(b.csrf.count > 40)
            for csrf in [nil, "", "forged", String(b.csrf.dropLast()) + "x"] as [String?] {
                var fields = ["items": "5"]
                fields["csrf"] = csrf
                let status = try await client.execute(
                    uri: "/projects/sim/queue-batch", method: .post, headers: b.formHeaders,
                    body: PageSupport.form(fields)
                ) { $0.status }
                #expect(status == .forbidden, "csrf \(csrf ?? "absent")")
                let out = try await client.execute(
                    uri: "/signout", method: .post, headers: b.formHeaders, body: PageSupport.form(fields)
                ) { $0.status }
                #expect(out == .forbidden)
            }
            #expect(try await store.batches(of: p, vendor: nil).isEmpty)
            // Still signed in; with the token the form works.
            #expect(
                try await client.execute(uri: "/projects", method: .get, headers: b.headers) { $0.status }
                    == .ok)
            let made = try await client.execute(
                uri: "/projects/sim/queue-batch", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["items": "5", "csrf": b.csrf])
            ) { $0.status }
            #expect(made == .seeOther)
            #expect(try await store.batches(of: p, vendor: "in-house").count == 1)
            // Another session's token does not work in this one.
            let other = try await PageSupport.signIn(client, token: tokens["admin"]!)
            #expect(other.csrf != b.csrf)
            let crossed = try await client.execute(
                uri: "/signout", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": other.csrf])
            ) { $0.status }
            #expect(crossed == .forbidden)
            // Sign-out ends the session.
            let out = try await client.execute(
                uri: "/signout", method: .post, headers: b.formHeaders,
                body: PageSupport.form(["csrf": b.csrf])
            ) { response in
                (response.status, response.headers[.setCookie] ?? "")
            }
            #expect(out.0 == .seeOther && out.1.contains("Max-Age=0"))
            let after = try await client.execute(uri: "/projects", method: .get, headers: b.headers) {
                $0.status
            }
            #expect(after == .seeOther)
        }
    }

    @Test func revokingTheTokenEndsItsSessions() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        try await Self.app(server).test(.router) { client in
            let b = try await PageSupport.signIn(client, token: tokens["viewer"]!)
            #expect(
                try await client.execute(uri: "/projects", method: .get, headers: b.headers) { $0.status }
                    == .ok)
            _ = try await store.revokeToken(id: Int64(tokens["viewer"]!.split(separator: "_")[1])!)
            let s = try await client.execute(uri: "/projects", method: .get, headers: b.headers) {
                ($0.status, $0.headers[.location] ?? "")
            }
            #expect(s.0 == .seeOther && s.1.hasPrefix("/signin"))
        }
    }

    @Test func aSignInLinkWorksOnce() async throws {
        let (server, store, _) = try await PageSupport.simulated()
        let admin = try await store.tokens().first { $0.role == .admin }!
        let path = await server.signInLinkPath(tokenID: admin.id)
        try await Self.app(server).test(.router) { client in
            let (status, cookie) = try await client.execute(uri: path, method: .get) {
                ($0.status, PageSupport.cookies($0)["assay_session"] ?? "")
            }
            #expect(status == .seeOther && !cookie.isEmpty)
            let page = try await client.execute(
                uri: "/projects", method: .get, headers: [.cookie: "assay_session=\(cookie)"]
            ) { $0.status }
            #expect(page == .ok)
            let again = try await client.execute(uri: path, method: .get) {
                ($0.status, PageSupport.cookies($0)["assay_session"])
            }
            #expect(again.0 == .unauthorized && again.1 == nil)
        }
    }

    /// Pages run only their own inline style and script (CSP nonces) and load nothing from
    /// elsewhere: every `src` and `href` is a path on this server.
    @Test func pagesLoadNothingFromElsewhere() async throws {
        let (server, _, tokens) = try await PageSupport.simulated()
        try await Self.app(server).test(.router) { client in
            let b = try await PageSupport.signIn(client, token: tokens["admin"]!)
            for uri in [
                "/projects", "/projects/sim", "/projects/sim/vendors/Acme", "/projects/sim/annotators",
                "/projects/sim/agreement", "/projects/sim/review", "/projects/sim/gold",
            ] {
                try await client.execute(uri: uri, method: .get, headers: b.headers) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let html = String(buffer: response.body)
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    let nonce =
                        csp.components(separatedBy: "'nonce-").dropFirst().first?.prefix { $0 != "'" } ?? ""
                    #expect(!nonce.isEmpty)
                    #expect(
                        html.components(separatedBy: "<script").count - 1 == html.components(
                            separatedBy: "<script nonce=\"\(nonce)\""
                        ).count - 1)
                    for attribute in ["src=\"", "href=\"", "action=\""] {
                        for part in html.components(separatedBy: attribute).dropFirst() {
                            #expect(
                                part.hasPrefix("/") || part.hasPrefix("#"),
                                "\(uri): \(attribute)\(part.prefix(40))")
                        }
                    }
                    #expect(html.utf8.count < 400_000, "\(uri) weighs \(html.utf8.count) bytes")
                }
            }
        }
    }
}
