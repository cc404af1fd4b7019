// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import AssayTestSupport
import Foundation
import GRDB
import Testing

/// Stores written by the assay of commit 4436172 (categorical projects only: SQLite schema v5,
/// PostgreSQL v3), made by `Fixtures/make-fixtures.sh` and kept as SQL dumps, open under the typed
/// schema with every project, label, gold answer, batch, token and audit entry as they were.
@Suite struct MigrationTests {
    /// A fresh store holding the fixture of `backend`, at the version that wrote it.
    static func oldStore(_ backend: Backend) throws -> String {
        let name = backend == .sqlite ? "v5-store.sqlite" : "v3-store.postgres"
        let dump = try #require(
            Bundle.module.url(forResource: name, withExtension: "sql", subdirectory: "Fixtures"))
        let location = try backend.makeLocation()
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: location)
            let sql = try String(contentsOf: dump, encoding: .utf8)
            try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        case .postgres:
            try Spawn.shell("psql -q -v ON_ERROR_STOP=1 -d '\(location)' -f '\(dump.path)' > /dev/null")
        }
        return location
    }

    /// One label as `lines` prints it, from its fields.
    static func line(
        _ item: String, _ annotator: String, _ value: String, created: Double = .nan, duration: Double = .nan,
        cost: Double = .nan
    ) -> String {
        func bits(_ x: Double) -> String { x.isNaN ? "-" : String(x.bitPattern, radix: 16) }
        return "\(item)|\(annotator)|\(value)|\(bits(created))|\(bits(duration))|\(bits(cost))"
    }

    @Test(arguments: Backend.allCases)
    func categoricalStoresOpenUnchanged(backend: Backend) async throws {
        let store = try await backend.open(try Self.oldStore(backend))
        let projects = try await store.projects()
        #expect(projects.map(\.name) == ["old", "empty"])
        #expect(
            projects.map(\.type) == [
                .categorical(classes: ["neg", "pos", "neutral"]), .categorical(classes: ["a", "b"]),
            ])
        let p = projects[0]
        #expect(
            try await store.counts(of: p)
                == ProjectCounts(items: 5, labels: 7, annotators: 4, vendors: 2, deliveries: 2, gold: 2))
        // acme.csv and beta.csv of make-fixtures.sh, sorted by item (store ids in order of creation).
        let newYear = 1_767_225_600.0
        let set = try await store.labelSet(of: p)
        #expect(set.itemIDs == ["i1", "i2", "i3", "i4", "g1"] && set.vendorIDs == ["Acme", "Beta"])
        #expect(
            lines(.categorical(set)) == [
                Self.line("i1", "Acme/w1", "pos", created: newYear, duration: 3.5, cost: 0.1),
                Self.line("i1", "Acme/w2", "neg", cost: 0.1),
                Self.line("i1", "Beta/w9", "pos", cost: 0.05),
                Self.line("i2", "Acme/w1", "neutral", created: newYear),
                Self.line("i2", "Beta/w1", "neg", cost: 0.05),
                Self.line("i3", "Acme/w2", "pos", duration: 12, cost: 0.2),
                Self.line("i4", "Beta/w9", "pos", cost: 0.05),
            ])
        #expect(try await store.goldAnswers(of: p).map { "\($0.item)=\($0.answer)" } == ["i4=pos", "g1=neg"])
        let deliveries = try await store.deliveries(of: p)
        #expect(deliveries.map(\.source) == ["acme.csv", "beta.csv"] && deliveries.map(\.rows) == [4, 3])
        #expect(abs(deliveries[0].cost! - 0.4) < 1e-12 && abs(deliveries[1].cost! - 0.15) < 1e-12)
        let batches = try await store.batches(of: p, vendor: "Acme")
        #expect(batches.count == 1 && batches[0].items == 4)
        let exposure = try await store.goldExposure(of: p, vendor: "Acme")
        #expect(exposure.map(\.item) == ["i4", "g1"] && exposure.map(\.shown) == [1, 1])
        #expect(exposure.map(\.payload) == [#"{"text":"good film"}"#, #"{"text":"bad film"}"#])
        #expect(try await store.tokens().map(\.roleText) == ["viewer"])
        #expect(
            try await store.auditLog().map(\.action) == [
                "project.create", "project.create", "delivery.import", "delivery.import", "gold.add",
                "item.payload", "batch.make", "token.create",
            ])
        // The rows digest of today's categorical deliveries is the one the old version stored: Acme's
        // rows again, in another order and under another name, are refused.
        let acme = LabelSet(
            itemIDs: ["i3", "i2", "i1"], annotatorIDs: ["w2", "w1"], annotatorVendor: [0, 0],
            vendorIDs: ["Acme"],
            classes: ["pos", "neutral", "neg"], item: [2, 0, 2, 1], annotator: [0, 0, 1, 1],
            value: [2, 0, 0, 1],
            extras: LabelExtras(
                createdAt: [.nan, .nan, newYear, newYear], durationSeconds: [.nan, 12, 3.5, .nan],
                cost: [0.1, 0.2, 0.1, .nan]))
        let again = try await store.importDelivery(
            DeliveryImport(
                vendor: "Acme", source: "again.csv", sha256: "new", costPerLabel: nil, labels: acme),
            into: p)
        #expect(again == .sameRows(as: deliveries[0]))
        let bytes = try await store.importDelivery(
            DeliveryImport(
                vendor: "Acme", source: "x", sha256: deliveries[1].sha256, costPerLabel: nil, labels: acme),
            into: p)
        #expect(bytes == .duplicate(of: deliveries[1]))
        // New types live beside the old projects.
        let r = try await store.createProject(
            NewProject(name: "stars", type: .rating(scale: try RatingScale(minimum: 1, maximum: 5, step: 1))))
        let stars = ratings([("i1", "w1", 4)], scale: r.scale!)
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "Acme", source: "s", sha256: "s", costPerLabel: nil, labels: .rating(stars)), into: r)
        guard case .rating(let back) = try await store.labels(of: r) else { return }
        #expect(back.value == [4] && back.index.itemIDs == ["i1"])
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }
}
