// Assay — quality control for human-labelled training data.

public import AssayStore
import Foundation
public import Hummingbird

/// Who may open a page. Pages sign in with a session cookie rather than a bearer token; a page a
/// signed-in caller may not open answers 404, as if it did not exist.
public enum PageAccess: String, Sendable, CaseIterable {
    /// Anyone (sign-in, the icon).
    case open
    /// Any signed-in caller (sign-out, the home page that sends each role to its own).
    case signedIn
    /// Admins and viewers: the buyer's pages.
    case reader
    /// Admins only: forms that change something.
    case admin
    /// A vendor: its own deliveries, receipts, errors and batches.
    case vendor
    /// An in-house annotator: the labelling queue.
    case annotator

    /// Whether a caller with `role` may open it.
    public func admits(_ role: TokenRole) -> Bool {
        switch self {
        case .open, .signedIn: true
        case .reader: role == .admin || role == .viewer
        case .admin: role == .admin
        case .vendor: role == .vendor
        case .annotator: role == .annotator
        }
    }
}

/// One page of the dashboard: method, path template, who may open it, and how it is drawn. The
/// page table (`PageRoutes.routes`) is the list the router and the page matrix test read; pages are
/// HTML for people and are not in the OpenAPI document.
public struct PageRoute: Sendable {
    /// HTTP method (GET to look, POST for a form).
    public let method: HTTPRequest.Method
    /// Path template, `{name}` for a parameter.
    public let path: String
    /// Who may open it.
    public let access: PageAccess
    /// What it does.
    let handler: @Sendable (AssayServer, PageRequest) async throws -> Response

    init(
        _ method: HTTPRequest.Method, _ path: String, _ access: PageAccess,
        _ handler: @escaping @Sendable (AssayServer, PageRequest) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }

    /// The route as the router and the error middleware see it: open to the bearer gate (pages
    /// check their session themselves).
    var route: Route {
        let page = self
        return Route(method, path, .open) { server, request, context in
            await server.dispatchPage(page, request, context)
        }
    }
}

/// What a page handler is given: the request, its signed-in caller and session, the form fields
/// of a POST (already checked for the session's CSRF token), and the nonce that lets the page's
/// own inline style and script run under the Content-Security-Policy.
struct PageRequest: Sendable {
    /// The request.
    let request: Request
    /// Its context (path parameters; the caller, once signed in, for project scope).
    var context: AssayContext
    /// The signed-in caller, if any.
    var caller: Caller?
    /// The session, if any.
    var session: Session?
    /// Fields of a submitted form.
    var form: [String: String] = [:]
    /// This response's CSP nonce.
    let nonce: String

    /// A path parameter, percent-decoded.
    func parameter(_ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// The project the path names, or 404 when it does not exist or the caller may not reach it.
    func project(_ server: AssayServer) async throws -> ProjectRecord {
        try await server.project(named: try parameter("project"), caller: caller)
    }

    /// A query parameter.
    func query(_ name: String) -> String? { request.uri.queryParameters[name[...]].map(String.init) }

    /// The signed-in caller (pages behind a gate always have one).
    var signedIn: Caller { caller! }
}
