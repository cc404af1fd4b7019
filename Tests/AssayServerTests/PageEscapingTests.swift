// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import AssayServer

/// The HTML type escapes whatever is interpolated unless it is HTML; a vendor called `<script>` and
/// an annotator whose id closes an attribute render as text on every page that names them.
@Suite struct PageEscapingTests {
    @Test func interpolatedTextIsEscapedAndMarkupIsNot() {
        let name = #"<script>alert('x')</script> & "q""#
        let cell: HTML = "<td title=\"\(name)\">\(name)</td>"
        #expect(
            cell.markup
                == #"<td title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</td>"#
        )
        let inner: HTML = "<b>\(name)</b>"
        let outer: HTML = "<p>\(inner)</p>"
        #expect(outer.markup == "<p>" + inner.markup + "</p>")  // HTML is not escaped twice
        #expect(HTML.escape("plain text") == "plain text")
        #expect(HTML.escape("é < ü") == "é &lt; ü")
        #expect(HTML.trusted("<svg/>").markup == "<svg/>")
        let pieces: HTML = "\([HTML]([ "<i>\("<")</i>", "<i>\(">")</i>" ]))"
        #expect(pieces.markup == "<i>&lt;</i><i>&gt;</i>")
    }

    @Test func hostileNamesRenderAsText() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let p = try await store.project(named: "sim")
        let vendor = "<script>alert(1)</script>"
        let annotator = #""><img src=x onerror=alert(2)>"#
        let set = AssayCore.LabelSet(
            itemIDs: ["it1", "it2", "<b>it</b>"], annotatorIDs: [annotator], annotatorVendor: [0],
            vendorIDs: [vendor],
            classes: ["a", "b", "c"], item: [0, 1, 2], annotator: [0, 0, 0], value: [0, 1, 2])
        _ = try await store.importDelivery(
            DeliveryImport(vendor: vendor, source: "x", sha256: "hostile", costPerLabel: nil, labels: set),
            into: p)
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["admin"]!)
            for uri in [
                "/projects", "/projects/sim", "/projects/sim/annotators",
                "/projects/sim/vendors/" + AssayServer.formEncode(vendor), "/projects/sim/review?page=1",
                "/projects/sim/gold",
            ] {
                try await client.execute(uri: uri, method: .get, headers: b.headers) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let html = String(buffer: response.body)
                    #expect(!html.contains("<script>alert"), "\(uri) runs the vendor's name")
                    #expect(!html.contains("<img src=x"), "\(uri) opens the annotator's tag")
                    #expect(!html.contains("<b>it</b>"), "\(uri) renders the item's tag")
                    if uri.contains("annotators") || uri.contains("vendors/") {
                        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
                    }
                }
            }
        }
    }
}
