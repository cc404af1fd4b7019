// Assay — quality control for human-labelled training data.

import AssaySQLite
import AssayStore
import Foundation
import Testing

/// The built `assay` executable next to the test bundle, if it was built.
let assayExecutable: String? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("assay").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}()

@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct KillTests {
    /// Writes a delivery of `rows` labels.
    func delivery(rows: Int, at path: String) throws {
        var text = "task,worker,label\n"
        text.reserveCapacity(rows * 20)
        for r in 0..<rows { text += "item\(r / 3),w\(r % 50),\(["a", "b", "c"][(r * 7) % 3])\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func run(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: assayExecutable!)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// An import killed with SIGKILL at several instants leaves the store consistent, with the
    /// delivery wholly present or wholly absent; importing again then completes it exactly once.
    @Test func killedImportIsAllOrNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "assay-kill-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/big.csv"
        let rows = 200_000
        try delivery(rows: rows, at: file)
        // Time one whole import, then kill others at fractions of it: early ones land while the
        // file is read, late ones inside the write transaction.
        let timing = dir + "/timing.db"
        try run(["project", "create", "p", "--classes", "a,b,c", "--store", timing]).waitUntilExit()
        let start = Date()
        try run(["import", "p", file, "--vendor", "V", "--store", timing]).waitUntilExit()
        let full = Date().timeIntervalSince(start)
        for (attempt, fraction) in [0.2, 0.5, 0.7, 0.85, 0.95].enumerated() {
            let delay = full * fraction
            let db = dir + "/kill\(attempt).db"
            let create = try run(["project", "create", "p", "--classes", "a,b,c", "--store", db])
            create.waitUntilExit()
            let p = try run(["import", "p", file, "--vendor", "V", "--store", db])
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let store = try SQLiteStore(path: db)
            #expect(try store.integrityProblems().isEmpty)
            let project = try store.project(named: "p")
            let labels = try store.counts(of: project).labels
            #expect(labels == 0 || labels == rows, "after a kill at \(delay) s: \(labels) labels")
            let again = try run(["import", "p", file, "--vendor", "V", "--store", db])
            again.waitUntilExit()
            #expect(again.terminationStatus == 0)
            #expect(try store.counts(of: project).labels == rows)
            #expect(try store.deliveries(of: project).count == 1)
            #expect(try store.integrityProblems().isEmpty)
        }
    }
}
