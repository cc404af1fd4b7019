// Assay — quality control for human-labelled training data.

import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The server over a real socket, on each backend.
@Suite struct LiveServerTests {
    @Test(arguments: Backend.allCases)
    func pushAndReadOverASocket(backend: Backend) async throws {
        let f = try await ServerFixture.make(backend: backend)
        try await f.app.test(.live) { client in
            let status = try await client.execute(
                uri: "/v1/projects/p/deliveries/live", method: .put,
                headers: f.headers(.vendorB, [.contentType: "text/csv"]),
                body: ByteBuffer(
                    string: "item,worker,label\n"
                        + (0..<1000).map { "l\($0),w\($0 % 7),\($0 % 3 == 0 ? "a" : "b")\n" }.joined())
            ) { $0.status }
            #expect(status == .created)
            try await client.execute(uri: "/v1/projects/p", method: .get, headers: f.headers(.viewer)) {
                response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""labels":1005"#))
            }
            try await client.execute(
                uri: "/v1/projects/p/deliveries?limit=1", method: .get, headers: f.headers(.vendorB)
            ) {
                let page =
                    try JSONSerialization.jsonObject(with: Data(String(buffer: $0.body).utf8))
                    as? [String: Any]
                #expect((page?["items"] as? [Any])?.count == 1)
                #expect(page?["next_cursor"] is String)
            }
        }
        await f.store.close()
    }
}
