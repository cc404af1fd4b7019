// Assay — quality control for human-labelled training data.

import AssayStore
import AssayTestSupport
import Foundation
import Testing

@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct KillTests {
    /// Writes a delivery of `rows` labels.
    func delivery(rows: Int, at path: String) throws {
        var text = "task,worker,label\n"
        text.reserveCapacity(rows * 20)
        for r in 0..<rows { text += "item\(r / 3),w\(r % 50),\(["a", "b", "c"][(r * 7) % 3])\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func run(_ arguments: [String]) throws -> pid_t { try Spawn.start(assayExecutable!, arguments) }

    /// An import killed with SIGKILL at several instants leaves the store consistent, with the
    /// delivery wholly present or wholly absent; importing again then completes it exactly once.
    @Test(arguments: Backend.allCases)
    func killedImportIsAllOrNothing(backend: Backend) async throws {
        let dir = try Scratch.folder("assay-kill").path
        let file = dir + "/big.csv"
        let rows = 200_000
        try delivery(rows: rows, at: file)
        // Time one whole import, then kill others at fractions of it: early ones land while the
        // file is read, late ones inside the write transaction.
        let timing = try backend.makeLocation()
        #expect(
            Spawn.wait(try run(["project", "create", "p", "--classes", "a,b,c", "--store", timing])) == 0)
        let start = Date()
        #expect(Spawn.wait(try run(["import", "p", file, "--vendor", "V", "--store", timing])) == 0)
        let full = Date().timeIntervalSince(start)
        for fraction in [0.2, 0.5, 0.7, 0.85, 0.95] {
            let delay = full * fraction
            let db = try backend.makeLocation()
            #expect(
                Spawn.wait(try run(["project", "create", "p", "--classes", "a,b,c", "--store", db])) == 0)
            let p = try run(["import", "p", file, "--vendor", "V", "--store", db])
            try await Task.sleep(for: .seconds(delay))
            kill(p, SIGKILL)
            Spawn.wait(p)
            let store = try await backend.open(db)
            #expect(try await store.integrityProblems().isEmpty)
            let project = try await store.project(named: "p")
            let labels = try await store.counts(of: project).labels
            #expect(labels == 0 || labels == rows, "after a kill at \(delay) s: \(labels) labels")
            let again = try run(["import", "p", file, "--vendor", "V", "--store", db])
            #expect(Spawn.wait(again) == 0)
            #expect(try await store.counts(of: project).labels == rows)
            #expect(try await store.deliveries(of: project).count == 1)
            #expect(try await store.integrityProblems().isEmpty)
            await store.close()
        }
    }
}
