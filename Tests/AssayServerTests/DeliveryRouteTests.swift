// Assay — quality control for human-labelled training data.

import AssayServer
import AssayStore
import AssayTestSupport
import CZlib
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Pushing deliveries: the same contract as `assay import`, over HTTP.
@Suite struct DeliveryRouteTests {
    static let csv: HTTPFields = [.contentType: "text/csv"]

    func put(
        _ client: some TestClientProtocol, _ f: ServerFixture, _ name: String, _ body: String,
        as caller: CallerKind = .vendorA, headers: HTTPFields = csv
    ) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(
            uri: "/v1/projects/p/deliveries/\(name)", method: .put, headers: f.headers(caller, headers),
            body: ByteBuffer(string: body)
        ) { ($0.status, String(buffer: $0.body)) }
    }

    @Test func replayConflictAndRowErrors() async throws {
        let f = try await ServerFixture.make()
        try await f.app.test(.router) { client in
            let body = "item,worker,label\nx1,w1,a\nx2,w1,b\n"
            let (s1, r1) = try await put(client, f, "d1", body)
            #expect(s1 == .created && r1.contains(#""status":"accepted""#) && r1.contains(#""labels":2"#))
            // Same name, same bytes: a replay, nothing new.
            let (s2, r2) = try await put(client, f, "d1", body)
            #expect(s2 == .ok && r2.contains(#""status":"replayed""#))
            // Same name, other bytes: a conflict.
            let (s3, r3) = try await put(client, f, "d1", body + "x3,w1,a\n")
            #expect(s3 == .conflict && r3.contains("other content"))
            // The same rows under another name (other line ends): refused as a duplicate.
            let (s4, _) = try await put(
                client, f, "d1-crlf", body.replacingOccurrences(of: "\n", with: "\r\n"))
            #expect(s4 == .conflict)
            // Invalid rows: 422 with each row's line, field, value and expectation; nothing written.
            let (s5, r5) = try await put(
                client, f, "bad", "item,worker,label\ny1,w1,a\ny2,w1,maybe\ny3,w1,c\n")
            #expect(s5 == .unprocessableContent)
            let problem = try #require(
                try JSONSerialization.jsonObject(with: Data(r5.utf8)) as? [String: Any])
            let errors = try #require(problem["errors"] as? [[String: Any]])
            #expect(problem["error_total"] as? Int == 2)
            #expect(errors.first?["line"] as? Int == 3 && errors.first?["value"] as? String == "maybe")
            // A header alone is not a delivery.
            let (s6, _) = try await put(client, f, "empty", "item,worker,label\n")
            #expect(s6 == .unprocessableContent)
            // The receipts keep every attempt, errors included.
            try await client.execute(
                uri: "/v1/projects/p/deliveries/bad", method: .get, headers: f.headers(.vendorA)
            ) {
                let text = String(buffer: $0.body)
                #expect($0.status == .ok && text.contains(#""status":"rejected""#) && text.contains("maybe"))
            }
        }
        let counts = try await f.store.counts(of: try await f.store.project(named: "p"))
        // Fixture: 5 labels in 2 deliveries; here one delivery of 2.
        #expect(counts.labels == 7 && counts.deliveries == 3)
    }

    @Test func mediaTypesEncodingsAndLimits() async throws {
        let f = try await ServerFixture.make(limits: ServerLimits(maxDeliveryBytes: 200))
        try await f.app.test(.router) { client in
            let (s1, r1) = try await put(
                client, f, "x", "item,worker,label\nz,w,a\n", headers: [.contentType: "text/plain"])
            #expect(s1 == .unsupportedMediaType && r1.contains("text/csv"))
            let (s2, _) = try await put(
                client, f, "x", "item,worker,label\nz,w,a\n",
                headers: [.contentType: "text/csv", .contentEncoding: "br"])
            #expect(s2 == .unsupportedMediaType)
            let big = "item,worker,label\n" + (0..<40).map { "big\($0),w,a\n" }.joined()
            let (s3, r3) = try await put(client, f, "big", big)
            #expect(s3 == .contentTooLarge && r3.contains("200"))
            // JSON Lines and a gzip body are taken like files.
            let (s4, _) = try await put(
                client, f, "j", #"{"item":"j1","worker":"w","label":"b"}"# + "\n",
                headers: [.contentType: "application/x-ndjson"])
            #expect(s4 == .created)
            let gz = try gzip(Data("item,worker,label\ngz1,w,a\n".utf8))
            let s5 = try await client.execute(
                uri: "/v1/projects/p/deliveries/gz", method: .put,
                headers: f.headers(.vendorA, [.contentType: "text/csv", .contentEncoding: "gzip"]),
                body: ByteBuffer(bytes: gz)
            ) { $0.status }
            #expect(s5 == .created)
            // A known path with another method: 405 and Allow.
            try await client.execute(uri: "/v1/projects", method: .delete, headers: f.headers(.admin)) {
                #expect($0.status == .methodNotAllowed && $0.headers[.allow]?.contains("GET") == true)
            }
        }
    }

    /// Three vendors pushing at once: every label stored once, counts exact.
    @Test func concurrentPushesStoreEveryLabelOnce() async throws {
        let f = try await ServerFixture.make()
        try await f.app.test(.router) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for caller in [CallerKind.vendorA, .vendorB, .admin] {
                    for d in 0..<8 {
                        group.addTask {
                            let rows = (0..<50).map { "c\(d)-\($0),w\(caller.rawValue),a\n" }.joined()
                            return try await client.execute(
                                uri:
                                    "/v1/projects/p/deliveries/c-\(caller.rawValue)-\(d)\(caller == .admin ? "?vendor=VendorC" : "")",
                                method: .put, headers: f.headers(caller, Self.csv),
                                body: ByteBuffer(string: "item,worker,label\n" + rows)
                            ) { $0.status }
                        }
                    }
                }
                for try await status in group { #expect(status == .created) }
            }
        }
        let p = try await f.store.project(named: "p")
        let counts = try await f.store.counts(of: p)
        #expect(counts.labels == 5 + 3 * 8 * 50 && counts.deliveries == 2 + 24)
        let set = try await f.store.labelSet(of: p)
        #expect(set.count == counts.labels && set.repeatedPairs == 0)
        #expect(try await f.store.integrityProblems().isEmpty)
    }

    func gzip(_ data: Data) throws -> [UInt8] {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw TestPostgresError("deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: data.count + 1024)
        let status = input.withUnsafeMutableBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                stream.next_in = i.baseAddress
                stream.avail_in = UInt32(i.count)
                stream.next_out = o.baseAddress
                stream.avail_out = UInt32(o.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw TestPostgresError("deflate failed \(status)") }
        return Array(output.prefix(Int(stream.total_out)))
    }
}

/// The API document and the router agree, route for route.
@Suite struct OpenAPIDocumentTests {
    @Test func documentListsExactlyTheRoutes() async throws {
        let f = try await ServerFixture.make()
        let text = try await f.app.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        var documented = Set<String>()
        var path: String?
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths && !line.hasPrefix(" ") && !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && line.hasSuffix(":") && !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "put", "post", "delete", "patch"].contains(key) {
                    documented.insert("\(key.uppercased()) \(path)")
                }
            }
        }
        let routed = Set(AssayServer.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(
            documented == routed,
            "only documented: \(documented.subtracting(routed)); only routed: \(routed.subtracting(documented))"
        )
    }

    @Test func metricsNameRouteTemplates() async throws {
        let f = try await ServerFixture.make()
        try await f.app.test(.router) { client in
            _ = try await client.execute(uri: "/v1/projects/p", method: .get, headers: f.headers(.admin)) {
                $0.status
            }
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(text.contains(#"route="/v1/projects/{project}""#))
            #expect(text.contains("assay_labels_ingested_total 5"))
            #expect(text.contains("assay_http_request_duration_seconds_bucket"))
        }
    }
}
