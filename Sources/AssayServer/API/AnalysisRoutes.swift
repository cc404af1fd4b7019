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

    /// A cached JSON body.
    static func body(_ json: Data, _ cached: Bool) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"] + cacheHeader(cached),
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    static let routes: [Route] = [
        Route(.get, "/v1/projects/{project}/scorecard", .reader) { server, request, context in
            let page = try Page(request)
            let p = try await server.project(context)
            // A typed project's report: its annotators a page at a time, as for categorical ones.
            if let (typed, cached) = try await server.typedReport(p) {
                let first = page.after == 0 && page.limit == Page.defaultLimit
                return body(first ? typed.firstPage : try typed.page(page.after, page.limit), cached)
            }
            let (value, cached) = try await server.scorecard(p)
            // The first page is encoded once with the report; later pages on demand.
            let bytes =
                page.after == 0 && page.limit == Page.defaultLimit
                ? value.json
                : try JSONEncoder.api.encode(
                    ScorecardPage(value.report, after: page.after, limit: page.limit))
            return body(bytes, cached)
        },
        Route(.get, "/v1/projects/{project}/agreement", .reader) { server, _, context in
            let p = try await server.project(context)
            if let (typed, cached) = try await server.typedReport(p) {
                return body(typed.agreement, cached)
            }
            let (value, cached) = try await server.agreement(p)
            return body(value.json, cached)
        },
        Route(.get, "/v1/projects/{project}/consensus", .reader) { server, request, context in
            let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
            guard format == "json" || format == "jsonl" else {
                throw Problem(.badRequest, "format takes json or jsonl, got '\(format)'")
            }
            // Checked for both formats: a bad limit or cursor is a 400 even where JSON Lines ignores them.
            let page = try Page(request)
            let p = try await server.project(context)
            // One row per item: the categorical consensus, or the row of the project's type.
            let count: Int
            let row: @Sendable (Int) -> AnyEncodable
            let cached: Bool
            if let (typed, hit) = try await server.typedInference(p) {
                (count, cached) = (typed.itemCount, hit)
                row = { AnyEncodable(typed.consensusRow($0)) }
            } else {
                let (inf, hit) = try await server.inference(p)
                (count, cached) = (inf.set.itemCount, hit)
                row = { AnyEncodable(ConsensusRow(item: $0, of: inf.set, result: inf.result)) }
            }
            if format == "jsonl" {
                // Every item, streamed a block at a time.
                let encoder = JSONEncoder.api
                return Response(
                    status: .ok, headers: [.contentType: "application/x-ndjson"] + cacheHeader(cached),
                    body: ResponseBody { writer in
                        var start = 0
                        while start < count {
                            var bytes = Data()
                            for i in start..<min(count, start + 4096) {
                                bytes += try encoder.encode(row(i))
                                bytes.append(10)
                            }
                            try await writer.write(ByteBuffer(bytes: bytes))
                            start += 4096
                        }
                        try await writer.finish(nil)
                    })
            }
            // Items in the store's order; the cursor is the position of the page's last item.
            let first = Int(min(page.after, Int64(count)))
            let last = min(count, first + page.limit)
            let rows = (first..<last).map(row)
            let next: String? = last < count ? "\(last)" : nil
            return try json(
                ["items": AnyEncodable(rows), "next_cursor": AnyEncodable(next)], headers: cacheHeader(cached)
            )
        },
    ]
}
