// Assay — quality control for human-labelled training data.

import AssayCore
import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A project of a type the dashboard has no panels for yet (rating) opens on every page with its
/// head and a note instead of failing, and has no labelling queue.
@Suite struct PageTypedProjectTests {
    @Test func ratingProjectPagesShowTheNote() async throws {
        let (server, store, tokens) = try await PageSupport.simulated()
        let scale = try RatingScale(minimum: 1, maximum: 5)
        let p = try await store.createProject(NewProject(name: "stars", type: .rating(scale: scale)))
        let set = RatingSet(
            itemIDs: ["i1", "i2"], annotatorIDs: ["w1", "w2"], annotatorVendor: [0, 0], vendorIDs: ["Acme"],
            scale: scale, item: [0, 0, 1], annotator: [0, 1, 0], value: [4, 5, 2])
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "Acme", source: "r.csv", sha256: "r", costPerLabel: nil, labels: .rating(set)),
            into: p)
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["admin"]!)
            for suffix in ["", "/vendors/Acme", "/annotators", "/agreement", "/review", "/gold"] {
                try await client.execute(uri: "/projects/stars" + suffix, method: .get, headers: b.headers) {
                    #expect($0.status == .ok, "\(suffix)")
                    #expect(
                        String(buffer: $0.body).contains(
                            "The dashboard has no panels for rating projects yet."),
                        "\(suffix)")
                }
            }
            try await client.execute(uri: "/projects", method: .get, headers: b.headers) {
                let html = String(buffer: $0.body)
                #expect($0.status == .ok && html.contains("stars") && html.contains("rating"))
            }
            let a = try await PageSupport.signIn(client, token: tokens["annotator"]!)
            try await client.execute(uri: "/queue/stars", method: .get, headers: a.headers) {
                #expect($0.status == .notFound)
            }
        }
    }
}
