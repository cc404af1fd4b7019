// Assay — quality control for human-labelled training data.

import Foundation
import Hummingbird

/// Health, metrics and the API's own description: open to anyone, holding no project data.
enum SystemRoutes {
    static let routes: [Route] = [
        Route(.get, "/healthz", .open) { server, _, _ in
            // A store that answers is a healthy server.
            _ = try await server.store.projects().count
            return try json(["status": "ok"])
        },
        Route(.get, "/metrics", .open) { server, _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: server.registry.emitToBuffer())))
        },
        Route(.get, "/openapi.yaml", .open) { _, _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        },
    ]
}
