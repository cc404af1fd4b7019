// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import Hummingbird

/// A project as the API shows it. Counts are for readers only: a vendor sees what it needs to
/// deliver (name, type, classes), never how much others delivered.
struct ProjectBody: Codable, Sendable {
    var id: Int64
    var name: String
    var type: String
    var classes: [String]
    var createdAt: String
    var counts: Counts?

    struct Counts: Codable, Sendable {
        var items, labels, annotators, vendors, deliveries, gold: Int
    }

    enum CodingKeys: String, CodingKey {
        case id, name, type, classes
        case createdAt = "created_at"
        case counts
    }

    init(_ p: ProjectRecord, counts c: ProjectCounts?) {
        id = p.id
        name = p.name
        type = p.taskType
        classes = p.classes
        createdAt = p.createdAt
        counts = c.map {
            Counts(
                items: $0.items, labels: $0.labels, annotators: $0.annotators, vendors: $0.vendors,
                deliveries: $0.deliveries, gold: $0.gold)
        }
    }
}

/// What `POST /v1/projects` takes.
struct NewProjectBody: Decodable {
    var name: String
    var type: String?
    var classes: [String]
}

/// Projects: list, create, show.
enum ProjectRoutes {
    static let routes: [Route] = [
        Route(.get, "/v1/projects", .anyToken) { server, request, context in
            let caller = context.caller!
            var shown: [ProjectBody] = []
            for p in try await server.store.projects() where caller.mayReach(project: p.name) {
                shown.append(
                    ProjectBody(
                        p, counts: caller.readsEverything ? try await server.counts(of: p) : nil))
            }
            return try json(PageOf(shown, id: \.id, page: try Page(request)))
        },
        Route(.post, "/v1/projects", .admin) { server, request, context in
            let body: NewProjectBody
            do {
                body = try await request.decode(as: NewProjectBody.self, context: context)
            } catch {
                throw Problem(
                    .badRequest, "expected {\"name\", \"type\", \"classes\": [...]} in JSON: \(error)")
            }
            let project = NewProject(
                name: body.name, taskType: body.type ?? "categorical", classes: body.classes)
            do {
                try project.validate()
                let p = try await server.store.createProject(project)
                return try json(
                    ProjectBody(p, counts: try await server.counts(of: p)), status: .created)
            } catch let e as StoreError {
                if case .projectExists = e { throw Problem(.conflict, e.description) }
                throw Problem(.unprocessableContent, e.description)
            }
        },
        Route(.get, "/v1/projects/{project}", .anyToken) { server, _, context in
            let p = try await server.project(context)
            let counts = context.caller!.readsEverything ? try await server.counts(of: p) : nil
            return try json(ProjectBody(p, counts: counts))
        },
    ]
}
