// Assay — quality control for human-labelled training data.

import AssayCore
import AssayReport
import AssayStore
import Foundation
import Hummingbird

/// The buyer's decisions for admins and viewers (a vendor sees none of it): the sourcing plan, the
/// items needing another label, a delivery's acceptance, drift and fraud. Each body is the object
/// `assay plan|next|accept|drift|fraud --json` prints for the same store and parameters.
enum DecisionRoutes {
    /// A decision's body: snake-case keys, sorted, as the command line prints it.
    static func body(_ value: some Encodable) throws -> Response {
        body(json: try JSONEncoder.decisions.encode(value))
    }

    /// A body already encoded.
    static func body(json: Data) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    /// The request's query as decision parameters.
    static func query(_ request: Request) -> DecisionQuery {
        DecisionQuery { request.uri.queryParameters[$0[...]].map(String.init) }
    }

    static let routes: [Route] = [
        Route(.get, "/v1/projects/{project}/plan", .reader) { server, request, context in
            let p = try await server.project(context)
            return try body(try await server.sourcingPlan(p, query(request).sourcing).plan)
        },
        Route(.get, "/v1/projects/{project}/next", .reader) { server, request, context in
            let p = try await server.project(context)
            let parameters = try query(request).redundancy
            guard parameters == RedundancyDecision.Parameters() else {
                return try body(try await server.redundancyPlan(p, parameters))
            }
            // Every item below the default target: on a large project a long document (2M items,
            // 52 MB), encoded once per project state.
            return body(
                json: try await server.cache.value(project: p.id, kind: "next-json") {
                    try JSONEncoder.decisions.encode(try await server.redundancyPlan(p, parameters))
                }.0)
        },
        Route(.get, "/v1/projects/{project}/deliveries/{name}/acceptance", .reader) {
            server, request, context in
            let p = try await server.project(context)
            let parameters = try query(request).acceptance
            let project = try await server.decisionProject(p, byDelivery: true)
            let name = try context.parameters.require("name")
            // An unknown delivery is absent, as elsewhere in the API (the detail lists the latest).
            do { _ = try project.delivery(name) } catch let e as DecisionProblem {
                throw Problem(.notFound, e.message)
            }
            let audits = try await server.deliveryAudits(p, project)
            do {
                return try body(try project.acceptance(of: name, parameters, audits: audits).result)
            } catch let e
                as DecisionProblem
            {
                throw Problem(e)
            }
        },
        Route(.get, "/v1/projects/{project}/drift", .reader) { server, request, context in
            let p = try await server.project(context)
            return try body(try await server.drift(p, query(request).drift))
        },
        Route(.get, "/v1/projects/{project}/fraud", .reader) { server, request, context in
            let p = try await server.project(context)
            return try body(try await server.fraud(p, query(request).fraud))
        },
    ]
}

extension AssayServer {
    /// The sourcing plan of `p` under `parameters` (the hierarchy cached for seed 0).
    func sourcingPlan(_ p: ProjectRecord, _ parameters: SourcingDecision.Parameters) async throws
        -> SourcingDecision
    {
        try await quickDecision(p, seed: parameters.seed) { try $0.sourcingPlan(parameters, fit: $1) }
    }

    /// The items of `p` needing another label under `parameters`, cached for the defaults (the
    /// decisions page shows them on every view: a ranking of every item below the target).
    func redundancyPlan(_ p: ProjectRecord, _ parameters: RedundancyDecision.Parameters) async throws
        -> RedundancyPlan
    {
        let make = { @Sendable () async throws -> RedundancyPlan in
            try await self.quickDecision(p, seed: parameters.seed) {
                try $0.redundancyPlan(parameters, fit: $1)
            }
        }
        guard parameters == RedundancyDecision.Parameters() else { return try await make() }
        return try await cache.value(project: p.id, kind: "next") { try await make() }.0
    }

    /// A decision made on `p` with its quick hierarchy for `seed`; its problem as a 422.
    private func quickDecision<T>(
        _ p: ProjectRecord, seed: UInt64, _ decide: (DecisionProject, VendorHierarchyFit) throws -> T
    ) async throws -> T {
        let project = try await decisionProject(p)
        let fit = try await quickHierarchy(p, project, seed: seed)
        do { return try decide(project, fit) } catch let e as DecisionProblem { throw Problem(e) }
    }

    /// The drift report of `p` under `parameters`, cached for the defaults.
    func drift(_ p: ProjectRecord, _ parameters: DriftDecision.Parameters) async throws -> DriftReport {
        let project = try await decisionProject(p, byDelivery: true)
        let make = { @Sendable () throws -> DriftReport in
            do { return try project.drift(parameters) } catch let e as DecisionProblem { throw Problem(e) }
        }
        guard parameters == DriftDecision.Parameters() else { return try make() }
        return try await cache.value(project: p.id, kind: "drift") { try make() }.0
    }

    /// The fraud report of `p` under `parameters` (the full hierarchy cached), cached for the defaults.
    func fraud(_ p: ProjectRecord, _ parameters: FraudDecision.Parameters) async throws -> FraudReport {
        let project = try await decisionProject(p)
        let fit = try await fullHierarchy(p, project)
        let make = { @Sendable () throws -> FraudReport in
            do { return try project.fraud(parameters, fit: fit) } catch let e as DecisionProblem {
                throw Problem(e)
            }
        }
        guard parameters == FraudDecision.Parameters() else { return try make() }
        return try await cache.value(project: p.id, kind: "fraud") { try make() }.0
    }
}

extension JSONEncoder {
    /// The decisions' JSON: the server's (sorted keys, slashes unescaped) with Core's camel-case
    /// names written in snake case, as `assay … --json` prints them.
    static var decisions: JSONEncoder {
        let e = JSONEncoder.api
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }
}
