// Assay — quality control for human-labelled training data.

import AssayCore
import AssayReport
import Foundation
import HTTPTypes
import Hummingbird

/// Scorecards, agreement and consensus, for admins and viewers (a vendor sees none of it).
enum AnalysisRoutes {
    static func cacheHeader(_ cached: Bool) -> HTTPFields {
        [HTTPField.Name("X-Assay-Cache")!: cached ? "hit" : "miss"]
    }

    static let routes: [Route] = [
        Route(.get, "/v1/projects/{project}/scorecard", .reader) { server, _, context in
            let (value, cached) = try await server.scorecard(try await server.project(context))
            return Response(
                status: .ok, headers: [.contentType: "application/json"] + cacheHeader(cached),
                body: .init(byteBuffer: ByteBuffer(bytes: value.json)))
        },
        Route(.get, "/v1/projects/{project}/agreement", .reader) { server, _, context in
            let (value, cached) = try await server.agreement(try await server.project(context))
            return Response(
                status: .ok, headers: [.contentType: "application/json"] + cacheHeader(cached),
                body: .init(byteBuffer: ByteBuffer(bytes: value.json)))
        },
        Route(.get, "/v1/projects/{project}/consensus", .reader) { server, request, context in
            let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
            guard format == "json" || format == "jsonl" else {
                throw Problem(.badRequest, "format takes json or jsonl, got '\(format)'")
            }
            let (inf, cached) = try await server.inference(try await server.project(context))
            let set = inf.set
            if format == "jsonl" {
                // Every item, streamed a block at a time.
                let encoder = JSONEncoder.api
                return Response(
                    status: .ok, headers: [.contentType: "application/x-ndjson"] + cacheHeader(cached),
                    body: ResponseBody { writer in
                        var start = 0
                        while start < set.itemCount {
                            var bytes = Data()
                            for i in start..<min(set.itemCount, start + 4096) {
                                bytes += try encoder.encode(
                                    ConsensusRow(item: i, of: set, result: inf.result))
                                bytes.append(10)
                            }
                            try await writer.write(ByteBuffer(bytes: bytes))
                            start += 4096
                        }
                        try await writer.finish(nil)
                    })
            }
            let page = try Page(request)
            // Items in the store's order; the cursor is the position of the page's last item.
            let first = Int(min(page.after, Int64(set.itemCount)))
            let last = min(set.itemCount, first + page.limit)
            let rows = (first..<last).map { ConsensusRow(item: $0, of: set, result: inf.result) }
            let next: String? = last < set.itemCount ? "\(last)" : nil
            return try json(
                ["items": AnyEncodable(rows), "next_cursor": AnyEncodable(next)], headers: cacheHeader(cached)
            )
        },
    ]
}
