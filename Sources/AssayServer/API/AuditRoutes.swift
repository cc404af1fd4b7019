// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import Hummingbird

/// The audit log, for admins.
enum AuditRoutes {
    /// One entry as the API shows it.
    struct EntryBody: Encodable, Sendable {
        var position: Int64
        var at: String
        var action: String
        var detail: String
        var actor: String
    }

    static let routes: [Route] = [
        Route(.get, "/v1/audit", .admin) { server, request, _ in
            let all = try await server.store.auditLog().enumerated().map {
                EntryBody(
                    position: Int64($0.offset + 1), at: $0.element.at, action: $0.element.action,
                    detail: $0.element.detail, actor: $0.element.actor)
            }
            return try json(PageOf(all, id: \.position, page: try Page(request)))
        }
    ]
}
