// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import HTTPTypes
import Hummingbird

/// Signing in with a token, through a one-time link, and out. A session is a fresh random id in an
/// HttpOnly, SameSite=Strict cookie (Secure over TLS); the token itself never reaches a cookie. The
/// sign-in form is paired with its browser by a cookie of its own (there is no session yet to hold
/// its CSRF token).
enum SignInPage {
    /// Where a caller's role starts.
    static func home(_ role: TokenRole) -> String {
        switch role {
        case .admin, .viewer: "/projects"
        case .vendor: "/vendor"
        case .annotator: "/queue"
        }
    }

    /// The sign-in form, with a fresh pairing cookie.
    static func form(_ server: AssayServer, _ page: PageRequest, error: String? = nil) -> Response {
        let pairing = SessionStore.secret()
        let next = AssayServer.localPath(page.query("next") ?? page.form["next"]) ?? ""
        var response = Layout.page(
            "Sign in", page, status: error == nil ? .ok : .unauthorized,
            """
            <div class="signin card"><h1>Sign in to Assay</h1>\
            <p class="muted">Paste the token you were given (<code>assay token create</code> prints it once).</p>\
            \(error.map { "<p class=\"note\" role=\"alert\">\($0)</p>" as HTML } ?? "")\
            <form method="post" action="/signin"><label for="token">Token</label>\
            <input type="password" id="token" name="token" autocomplete="off" autofocus required placeholder="assay_…">\
            <input type="hidden" name="csrf" value="\(pairing)"><input type="hidden" name="next" value="\(next)">\
            <button class="primary" type="submit">Sign in</button></form></div>
            """)
        response.headers[.setCookie] = server.cookie(
            AssayServer.signInCookie, pairing, maxAge: 3600, page.request)
        return response
    }

    /// Opens a session for a valid token and sends the browser on.
    static func start(_ server: AssayServer, _ page: PageRequest, tokenID: Int64, next: String?) async throws
        -> Response
    {
        guard let caller = try await server.liveCaller(tokenID: tokenID) else {
            return form(server, page, error: "That token is not valid (unknown, revoked or expired).")
        }
        let session = await server.pages.sessions.create(tokenID: tokenID)
        var headers = HTTPFields()
        headers.append(
            HTTPField(
                name: .setCookie,
                value: server.cookie(
                    AssayServer.sessionCookie, session.id, maxAge: 7 * 24 * 3600, page.request)))
        headers.append(
            HTTPField(
                name: .setCookie, value: server.cookie(AssayServer.signInCookie, "", maxAge: 0, page.request))
        )
        headers[.location] = AssayServer.localPath(next) ?? home(caller.role)
        return Response(status: .seeOther, headers: headers)
    }

    /// The sign-in form's answer: checks the pairing cookie, then the token.
    static func submit(_ server: AssayServer, _ page: PageRequest) async throws -> Response {
        guard let pairing = page.request.cookies[AssayServer.signInCookie]?.value, !pairing.isEmpty,
            TokenSecret.constantTimeEqual(pairing, page.form["csrf"] ?? "")
        else {
            throw Problem(
                .forbidden, "the sign-in form is stale or was not sent from this browser; reload it")
        }
        let text = (page.form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let (id, secret) = TokenSecret.parse(text), let record = try await server.store.token(id: id),
            TokenSecret.constantTimeEqual(TokenSecret.hash(secret), record.secretHash)
        else {
            return form(server, page, error: "That token is not valid (unknown, revoked or expired).")
        }
        return try await start(server, page, tokenID: record.id, next: page.form["next"])
    }

    /// Ends the session.
    static func signOut(_ server: AssayServer, _ page: PageRequest) async -> Response {
        if let s = page.session { await server.pages.sessions.remove(id: s.id) }
        return Response(
            status: .seeOther,
            headers: [
                .location: "/signin",
                .setCookie: server.cookie(AssayServer.sessionCookie, "", maxAge: 0, page.request),
            ])
    }

    /// Assay's mark, for the browser tab.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#15202b"/>\
        <path d="M7 23 L13 9 L19 23 M9.5 18 H16.5" stroke="#8ec5ff" stroke-width="3" fill="none" stroke-linecap="round"/>\
        <circle cx="24" cy="21" r="3" fill="#E69F00"/></svg>
        """
}
