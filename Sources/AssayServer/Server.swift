// Assay — quality control for human-labelled training data.

public import AssayStore
public import Foundation
public import Hummingbird
import Logging
public import Prometheus

/// What the server allows one request to do.
public struct ServerLimits: Sendable {
    /// Largest delivery body accepted, in bytes (413 beyond it).
    public var maxDeliveryBytes: Int
    /// Where streamed deliveries are written while they are checked.
    public var spoolDirectory: String

    /// Limits; the spool defaults to the system's temporary folder.
    public init(maxDeliveryBytes: Int = 2 << 30, spoolDirectory: String = NSTemporaryDirectory()) {
        self.maxDeliveryBytes = maxDeliveryBytes
        self.spoolDirectory = spoolDirectory
    }
}

/// One route of the API: method, path template, who may call it, and its handler. The route table
/// (`AssayServer.routes`) is the single list the router, the OpenAPI check and the authorization
/// matrix test all read.
public struct Route: Sendable {
    /// HTTP method.
    public let method: HTTPRequest.Method
    /// Path template, `{name}` for a parameter.
    public let path: String
    /// Who may call it.
    public let access: Access
    /// What it does.
    let handler: @Sendable (AssayServer, Request, AssayContext) async throws -> Response

    init(
        _ method: HTTPRequest.Method, _ path: String, _ access: Access,
        _ handler: @escaping @Sendable (AssayServer, Request, AssayContext) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }

    /// Whether `path` (no query) fits this route's template.
    public func matches(path: String) -> Bool {
        let template = self.path.split(separator: "/", omittingEmptySubsequences: false)
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard template.count == parts.count else { return false }
        for (t, p) in zip(template, parts) {
            if t.hasPrefix("{") { if p.isEmpty { return false } } else if t != p { return false }
        }
        return true
    }
}

/// The HTTP service over a store: routes, tokens and roles, metrics.
public final class AssayServer: Sendable {
    /// Where projects live.
    public let store: any Store
    /// Limits on requests.
    public let limits: ServerLimits
    /// The server's own metrics registry, rendered at /metrics.
    public let registry: PrometheusCollectorRegistry
    /// Request and domain metrics.
    let metrics: ServerMetrics
    /// Analysis results per project until its next change.
    let cache = AnalysisCache()
    /// The dashboard's sessions, sign-in links and queue rounds.
    let pages: PageState

    /// A server over `store`.
    public init(
        store: any Store, limits: ServerLimits = ServerLimits(),
        registry: PrometheusCollectorRegistry = .init(), pageOptions: PageOptions = PageOptions()
    ) {
        self.store = store
        self.limits = limits
        self.registry = registry
        self.metrics = ServerMetrics(registry: registry)
        self.pages = PageState(options: pageOptions)
    }

    /// Every route of the API.
    public static let routes: [Route] =
        SystemRoutes.routes + ProjectRoutes.routes + DeliveryRoutes.routes + GoldRoutes.routes
        + BatchRoutes.routes + AnalysisRoutes.routes
        + DecisionRoutes.routes + AuditRoutes.routes

    /// The router: every route behind its gate, errors as problem documents, metrics per route;
    /// the dashboard's pages beside the API.
    public func router() -> Router<AssayContext> {
        let router = Router(context: AssayContext.self)
        let all = Self.routes + PageRoutes.routes.map(\.route)
        router.add(middleware: ProblemMiddleware(routes: all, metrics: metrics))
        for route in all {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.dispatch(route, request, context)
            }
        }
        return router
    }

    /// Checks the caller against the route's gate, then runs it with the caller as the audit actor.
    func dispatch(_ route: Route, _ request: Request, _ context: AssayContext) async throws -> Response {
        guard route.access != .open else { return try await route.handler(self, request, context) }
        let caller = try await authenticate(request)
        guard route.access.admits(caller.role) else {
            throw Problem(
                .forbidden, "a \(caller.role.rawValue) token may not \(route.method.rawValue) \(route.path)")
        }
        var context = context
        context.caller = caller
        return try await AuditActor.$current.withValue(caller.actor) {
            try await route.handler(self, request, context)
        }
    }

    /// The caller behind a request's `Authorization: Bearer` token; 401 for a missing, malformed,
    /// unknown, revoked or expired token (one answer for all, so that none can be told apart).
    func authenticate(_ request: Request) async throws -> Caller {
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"assay\""]
        let unauthorized = Problem(
            .unauthorized, "a valid bearer token is required (Authorization: Bearer assay_…)")
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let (id, secret) = TokenSecret.parse(
                String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else { throw ProblemResponse(unauthorized, headers: challenge) }
        // The hash is compared even when the id is unknown, so both take the same time.
        let record = try await store.token(id: id)
        let matches = TokenSecret.constantTimeEqual(
            TokenSecret.hash(secret), record?.secretHash ?? String(repeating: "0", count: 64))
        guard let record, matches, record.revokedAt == nil else {
            throw ProblemResponse(unauthorized, headers: challenge)
        }
        if let expires = record.expiresAt, let date = ISO8601DateFormatter().date(from: expires),
            date <= Date()
        {
            throw ProblemResponse(unauthorized, headers: challenge)
        }
        return Caller(token: record)
    }

    /// The counts of `project` (labels, items, vendors, gold, …), kept with its analysis until its
    /// next delivery or gold change: on a 10M-label SQLite project they take ~45 ms to count, and
    /// the overview, project and decisions pages show them on every view.
    func counts(of project: ProjectRecord) async throws -> ProjectCounts {
        try await cache.value(project: project.id, kind: "counts") { [store] in
            try await store.counts(of: project)
        }.0
    }

    /// Forgets the cached analysis of `project` (after a delivery or a gold change).
    func invalidate(project: ProjectRecord) async {
        await cache.invalidate(project: project.id)
    }

    /// The project a route names, or 404 when it does not exist or the caller may not reach it.
    func project(_ context: AssayContext) async throws -> ProjectRecord {
        try await project(named: try context.parameters.require("project"), caller: context.caller)
    }

    /// The project called `name`, or 404 when it does not exist or `caller` may not reach it.
    func project(named name: String, caller: Caller?) async throws -> ProjectRecord {
        if let caller, !caller.mayReach(project: name) {
            throw Problem.notFound("project \(name)")
        }
        do {
            return try await store.project(named: name)
        } catch StoreError.unknownProject {
            throw Problem.notFound("project \(name)")
        }
    }
}

/// A problem with extra response headers (401's challenge, 405's Allow).
struct ProblemResponse: Error {
    let problem: Problem
    let headers: HTTPFields

    init(_ problem: Problem, headers: HTTPFields) {
        self.problem = problem
        self.headers = headers
    }
}

/// Turns every error into a problem document, answers 405 (with `Allow`) for a known path called
/// with another method, and counts requests per route template.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AssayContext
    let routes: [Route]
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: AssayContext, next: (Request, AssayContext) async throws -> Response
    )
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = answer(error, request, context)
        }
        let route =
            routes.first { $0.method == request.method && $0.matches(path: request.uri.path) }?.path
            ?? "unmatched"
        metrics.request(
            method: request.method.rawValue, route: route, status: Int(response.status.code), since: start)
        return response
    }

    func answer(_ error: any Error, _ request: Request, _ context: AssayContext) -> Response {
        switch error {
        case let p as Problem: return p.response()
        case let p as ProblemResponse: return p.problem.response(headers: p.headers)
        case let e as HTTPError:
            if e.status == .notFound {
                let allowed = routes.filter { $0.matches(path: request.uri.path) }.map(\.method.rawValue)
                if !allowed.isEmpty {
                    return Problem(
                        .methodNotAllowed, "\(request.uri.path) answers \(allowed.joined(separator: ", "))"
                    )
                    .response(headers: [.allow: allowed.joined(separator: ", ")])
                }
                return Problem.notFound("such path").response()
            }
            return Problem(e.status, e.body ?? e.status.reasonPhrase).response(headers: e.headers)
        default:
            context.logger.error("request failed: \(error)")
            return Problem(.internalServerError, "the server failed; the error is in its log").response()
        }
    }
}
