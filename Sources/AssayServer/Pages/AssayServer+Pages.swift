// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import HTTPTypes
import Hummingbird

/// A page answer that is a redirection (after a form, or to the sign-in page).
struct PageRedirect: Error {
    /// Where to.
    let location: String
    /// Extra headers (cookies).
    var headers: HTTPFields = [:]
}

extension AssayServer {
    /// The session cookie's name.
    static let sessionCookie = "assay_session"
    /// The cookie that pairs a sign-in form with its browser before there is a session.
    static let signInCookie = "assay_signin"

    /// A one-time link that signs a browser in as the token `tokenID` (for `assay demo`), valid for
    /// `lifetime` seconds: the path to append to the server's address.
    public func signInLinkPath(tokenID: Int64, lifetime: Double = 3600) async -> String {
        "/signin/link/" + (await pages.sessions.link(tokenID: tokenID, lifetime: lifetime))
    }

    /// Runs a page: finds its session, applies its gate (sign-in redirect for a visitor, 404 for a
    /// caller of another role or project), checks a form's CSRF token, draws it, and turns any
    /// failure into an HTML page with the failure's status.
    func dispatchPage(_ route: PageRoute, _ request: Request, _ context: AssayContext) async -> Response {
        var page = PageRequest(
            request: request, context: context, caller: nil, session: nil,
            nonce: String(SessionStore.secret().prefix(22)))
        var response: Response
        do {
            if let id = request.cookies[Self.sessionCookie]?.value,
                let s = await pages.sessions.session(id: id)
            {
                if let caller = try await liveCaller(tokenID: s.tokenID) {
                    page.session = s
                    page.caller = caller
                    page.context.caller = caller
                } else {
                    await pages.sessions.remove(id: id)
                }
            }
            if route.access != .open {
                guard let caller = page.caller else {
                    if request.method == .get {
                        let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                        throw PageRedirect(location: "/signin?next=" + Self.formEncode(next))
                    }
                    throw Problem(.forbidden, "your session has ended; sign in again")
                }
                guard route.access.admits(caller.role) else { throw Problem.notFound("such page") }
            }
            if request.method == .post {
                page.form = try await Self.form(request)
                if route.access != .open {
                    guard let given = page.form["csrf"],
                        TokenSecret.constantTimeEqual(given, page.session!.csrf)
                    else {
                        throw Problem(
                            .forbidden,
                            "the form is missing its security token or it is stale; reload the page")
                    }
                }
            }
            response = try await route.handler(self, page)
        } catch let r as PageRedirect {
            response = Response(status: .seeOther, headers: [.location: r.location] + r.headers)
        } catch let p as Problem {
            response = Layout.errorPage(p, page)
        } catch let p as ProblemResponse {
            response = Layout.errorPage(p.problem, page)
        } catch {
            context.logger.error("page \(route.path) failed: \(error)")
            response = Layout.errorPage(
                Problem(.internalServerError, "the server failed; the error is in its log"), page)
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'nonce-\(page.nonce)'; script-src 'nonce-\(page.nonce)'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        response.headers[.cacheControl] = "no-store"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }

    /// The caller behind a stored token when it is still valid (not revoked, not expired).
    func liveCaller(tokenID: Int64) async throws -> Caller? {
        guard let record = try await store.token(id: tokenID), record.revokedAt == nil else { return nil }
        if let expires = record.expiresAt, let date = ISO8601DateFormatter().date(from: expires),
            date <= Date()
        {
            return nil
        }
        return Caller(token: record)
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Strict, for the whole site, Secure over TLS.
    func cookie(_ name: String, _ value: String, maxAge: Int, _ request: Request) -> String {
        let secure =
            pages.options.secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
        return "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
            + (secure ? "; Secure" : "")
    }

    /// The fields of an `application/x-www-form-urlencoded` body (at most 4 MiB); 415 for another
    /// body type.
    static func form(_ request: Request) async throws -> [String: String] {
        let type = (request.headers[.contentType] ?? "").lowercased()
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw Problem(.unsupportedMediaType, "a form is sent as application/x-www-form-urlencoded")
        }
        let body = try await request.body.collect(upTo: 4 << 20)
        return parseForm(String(buffer: body))
    }

    /// Fields of an urlencoded text; the first of a repeated name wins.
    static func parseForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if out[name] == nil { out[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return out
    }

    /// `text` percent-encoded for a query value or a path part.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A path local to this server (`/…`, not `//host`), or nil: where a sign-in may send a browser.
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"),
            !text.contains(where: { $0.isNewline })
        else { return nil }
        return text
    }
}
