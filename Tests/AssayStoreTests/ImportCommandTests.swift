// Assay — quality control for human-labelled training data.

import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// `assay import` end to end, through the built executable, on both backends: each failure mode
/// writes nothing and says where the problem is.
@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct ImportCommandTests {
    /// Runs `assay` with `arguments`; its exit status and everything it printed.
    func assay(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = Scratch.file("assay-out").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let status = Spawn.wait(try Spawn.start(assayExecutable!, arguments, log: log))
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: Backend.allCases)
    func failureModesWriteNothing(backend: Backend) async throws {
        let dir = try Scratch.folder("assay-import").path
        let location = try backend.makeLocation()
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", location]).status == 0)
        let good = try write("task,worker,label\ni1,w1,a\ni2,w1,b\n", "good.csv", in: dir)
        let bad = try write("task,worker,label\ni1,w2,a\ni2,w2,maybe\ni3,w2,b\ni4,w2,c\n", "bad.csv", in: dir)
        let otherVendor = try write("task,worker,vendor,label\ni1,w3,X,a\n", "other.csv", in: dir)

        // An invalid row: exit 1, file:line and value named, the total counted, nothing written.
        let r1 = try assay(["import", "p", bad, "--vendor", "V", "--store", location])
        #expect(r1.status == 1)
        #expect(
            r1.output.contains("bad.csv:3") && r1.output.contains("maybe") && r1.output.contains("bad.csv:5"))
        // Several files: a bad one among them means none is written, not even the good one first.
        let r2 = try assay(["import", "p", good, bad, "--vendor", "V", "--store", location])
        #expect(r2.status == 1)
        // A row naming another vendor than the delivery's.
        let r3 = try assay(["import", "p", otherVendor, "--vendor", "V", "--store", location])
        #expect(r3.status == 1 && r3.output.contains("other.csv:2"))
        // An unknown project.
        let r4 = try assay(["import", "nope", good, "--vendor", "V", "--store", location])
        #expect(r4.status == 1 && r4.output.contains("nope"))
        let store = try await backend.open(location)
        let p = try await store.project(named: "p")
        #expect(
            try await store.counts(of: p)
                == ProjectCounts(items: 0, labels: 0, annotators: 0, vendors: 0, deliveries: 0, gold: 0))

        // --skip-invalid: the valid rows go in, the others to bad.csv.rejects.csv with line and reason.
        let r5 = try assay(["import", "p", bad, "--vendor", "V", "--skip-invalid", "--store", location])
        #expect(r5.status == 0)
        #expect(try await store.counts(of: p).labels == 2)
        let rejects = try String(contentsOfFile: bad + ".rejects.csv", encoding: .utf8)
        #expect(
            rejects.split(separator: "\n").count == 3 && rejects.contains("maybe") && rejects.contains("\n5,")
        )
        // The same content again: a no-op that says so.
        let r6 = try assay(["import", "p", good, "--vendor", "V", "--store", location])
        let r7 = try assay(["import", "p", good, "--vendor", "V", "--delivery", "again", "--store", location])
        #expect(r6.status == 0 && r7.status == 0 && r7.output.contains("already imported"))
        #expect(try await store.counts(of: p).deliveries == 2)
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }
}
