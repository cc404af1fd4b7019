// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import Hummingbird

/// Outgoing batches: admins make them for a vendor; a vendor fetches only its own. Honeypots are
/// rows like any other.
enum BatchRoutes {
    /// What `POST …/batches` takes: the items to send and how much gold to mix in.
    struct NewBatchBody: Decodable {
        var vendor: String
        var name: String?
        var goldRate: Double?
        var seed: UInt64?
        var columns: [String]
        var rows: [[String?]]

        enum CodingKeys: String, CodingKey {
            case vendor, name
            case goldRate = "gold_rate"
            case seed, columns, rows
        }
    }

    /// A batch as listed.
    struct BatchBody: Encodable, Sendable {
        var id: Int64
        var vendor: String
        var name: String
        var createdAt: String
        var items: Int
        var content: BatchContent?

        enum CodingKeys: String, CodingKey {
            case id, vendor, name
            case createdAt = "created_at"
            case items, content
        }

        init(_ b: BatchRecord, content: BatchContent? = nil) {
            id = b.id
            vendor = b.vendor
            name = b.name
            createdAt = b.createdAt
            items = b.items
            self.content = content
        }
    }

    static let routes: [Route] = [
        Route(.post, "/v1/projects/{project}/batches", .admin) { server, request, context in
            let p = try await server.project(context)
            let body: NewBatchBody
            do {
                body = try await request.decode(as: NewBatchBody.self, context: context)
            } catch {
                throw Problem(
                    .badRequest,
                    "expected {\"vendor\", \"columns\": [...], \"rows\": [[...]], \"gold_rate\", \"name\", \"seed\"}: \(error)"
                )
            }
            let rate = body.goldRate ?? 0.05
            guard (0..<1).contains(rate) else {
                throw Problem(.badRequest, "gold_rate takes a number in [0, 1)")
            }
            guard !body.vendor.isEmpty else { throw Problem(.badRequest, "vendor must not be empty") }
            guard
                let itemColumn = body.columns.firstIndex(where: {
                    ["task", "item", "question", "task_id", "item_id", "question_id"].contains(
                        $0.lowercased())
                })
            else { throw Problem(.badRequest, "columns need an item column (task, item, question, …)") }
            guard body.rows.allSatisfy({ $0.count == body.columns.count }), !body.rows.isEmpty else {
                throw Problem(.badRequest, "every row needs one value per column, and a batch needs rows")
            }
            let made = BatchMaker.make(
                columns: body.columns, rows: body.rows, itemColumn: itemColumn, vendor: body.vendor,
                goldRate: rate,
                seed: body.seed ?? 0,
                exposure: try await server.store.goldExposure(of: p, vendor: body.vendor))
            let rows = String(decoding: try JSONEncoder.api.encode(made.content), as: UTF8.self)
            let name = body.name ?? "batch-\(ISO8601DateFormatter().string(from: Date()))"
            let id = try await server.store.recordBatch(
                name: name, vendor: body.vendor, items: made.content.rows.count, gold: made.gold, rows: rows,
                in: p)
            let record = try await server.store.batch(id: id, in: p)!.record
            return try json(
                [
                    "batch": AnyEncodable(BatchBody(record, content: made.content)),
                    "warnings": AnyEncodable(made.warnings),
                ],
                status: .created)
        },
        Route(.get, "/v1/projects/{project}/batches", .readerOrVendor) { server, request, context in
            let p = try await server.project(context)
            let all = try await server.store.batches(of: p, vendor: context.caller!.vendor).map {
                BatchBody($0)
            }
            return try json(PageOf(all, id: \.id, page: try Page(request)))
        },
        Route(.get, "/v1/projects/{project}/batches/{batch}", .readerOrVendor) { server, _, context in
            let p = try await server.project(context)
            let text = try context.parameters.require("batch")
            guard let id = Int64(text), let (record, rows) = try await server.store.batch(id: id, in: p),
                context.caller!.vendor == nil || context.caller!.vendor == record.vendor
            else { throw Problem.notFound("batch \(text)") }
            let content = try JSONDecoder().decode(BatchContent.self, from: Data(rows.utf8))
            return try json(BatchBody(record, content: content))
        },
    ]
}
