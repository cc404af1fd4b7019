// Assay — quality control for human-labelled training data.

import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// The command line as a user meets it, through the built executable: outputs that never lie and
/// never lose data (issue 12 §2). Each test names the defect it guards against.
@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct CommandLineTests {
    /// A fresh folder for one test.
    func folder() throws -> String {
        try Scratch.folder("assay-cli").path
    }

    @discardableResult
    func assay(
        _ arguments: [String], in directory: String? = nil, stdin: String = "/dev/null",
        stdout: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Spawn.Outcome {
        try Spawn.run(
            assayExecutable!, arguments, stdin: stdin, stdout: stdout, directory: directory,
            environment: environment)
    }

    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Ten labels by two annotators on five items, classes a and b.
    static let labels =
        "task,worker,label\n" + (0..<5).map { "i\($0),w1,a\ni\($0),w2,\($0 % 2 == 0 ? "a" : "b")\n" }.joined()

    /// §2.1: a project name made to inject JSON keys, and quotes, backslashes in classes, come out
    /// as valid JSON holding exactly those texts; control characters are refused.
    @Test func projectJSONIsEncodedNotPasted() throws {
        let dir = try folder()
        let store = dir + "/s.db"
        let name = #"inj","labels":-1,"x":""#
        #expect(
            try assay(["project", "create", name, "--classes", #"a,b"c,d\e"#, "--store", store]).status == 0)
        let shown = try assay(["project", "show", name, "--json", "--store", store])
        #expect(shown.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(object["name"] as? String == name)
        #expect(object["labels"] as? Int == 0)
        #expect(object["x"] == nil)
        #expect(object["classes"] as? [String] == ["a", #"b"c"#, #"d\e"#])
        let listed = try assay(["project", "list", "--json", "--store", store])
        let array = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(array.first?["name"] as? String == name)
        let tab = try assay(["project", "create", "a\tb", "--classes", "x,y", "--store", store])
        #expect(tab.status == 1 && tab.stderr.contains("control character"))
        let newline = try assay(["project", "create", "ok", "--classes", "x,y\nz", "--store", store])
        #expect(newline.status == 1)
    }

    /// §2.2: a failed write is an error naming the path, for files and for standard output, and a
    /// batch whose file could not be written is not recorded.
    @Test func writeErrorsFailTheCommand() throws {
        let dir = try folder()
        let labels = try write(Self.labels, "labels.csv", in: dir)
        let store = dir + "/s.db"
        let infer = try assay(["infer", labels, "--out", "/dev/full"])
        #expect(infer.status == 1 && infer.stderr.contains("cannot write /dev/full"))
        let stdout = try assay(["infer", labels], stdout: "/dev/full")
        #expect(stdout.status == 1 && stdout.stderr.contains("cannot write standard output"))
        let annotators = try assay([
            "infer", labels, "--out", dir + "/items.csv", "--annotators-out", "/dev/full",
        ])
        #expect(annotators.status == 1)
        #expect(try assay(["report", labels], stdout: "/dev/full").status == 1)
        #expect(
            try assay(["simulate", "--out", dir + "/sim", "--items", "20"], stdout: "/dev/full").status == 1)
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        #expect(try assay(["import", "p", labels, "--vendor", "V", "--store", store]).status == 0)
        #expect(try assay(["export", "p", "--out", "/dev/full", "--store", store]).status == 1)
        _ = try write("task,gold,text\ng1,a,hello\ng2,b,bye\n", "gold.csv", in: dir)
        #expect(try assay(["gold", "add", "p", dir + "/gold.csv", "--store", store]).status == 0)
        let items = try write("task,text\nx1,a\nx2,b\n", "items.csv", in: dir)
        let batch = try assay(
            [
                "batch", "make", "p", "--vendor", "V", "--items", items, "--gold-rate", "0.5", "--out",
                "/dev/full",
                "--store", store,
            ])
        #expect(batch.status == 1 && batch.stderr.contains("/dev/full"))
        let audit = try assay(["project", "show", "p", "--store", store])
        #expect(audit.status == 0)
        // No batch was recorded: the next batch still sees the gold as never shown (no "runs low").
        let ok = try assay(
            [
                "batch", "make", "p", "--vendor", "V", "--items", items, "--gold-rate", "0.5", "--out",
                dir + "/b.csv",
                "--store", store,
            ])
        #expect(ok.status == 0 && ok.stdout.contains("wrote batch 1 "))
        // A written file appears whole: no temporary file is left beside it.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp") }
        #expect(left.isEmpty)
    }

    /// §2.3: a pipe is hashed as read, so two pipe imports of different content both land; standard
    /// input is read as `-`.
    @Test func pipesAndStandardInputAreHashedAsRead() throws {
        let dir = try folder()
        let store = dir + "/s.db"
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        let first = try write("task,worker,label\ni1,w1,a\n", "1.csv", in: dir)
        let second = try write("task,worker,label\ni2,w1,b\n", "2.csv", in: dir)
        let fifo = dir + "/fifo.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        for file in [first, second] {
            let feeder = try Spawn.start("/bin/sh", ["-c", "cat '\(file)' > '\(fifo)'"])
            let r = try assay(["import", "p", fifo, "--vendor", "V", "--store", store])
            Spawn.wait(feeder)
            #expect(r.status == 0 && r.stdout.contains("imported"))
        }
        let third = try write("task,worker,label\ni3,w1,a\ni4,w1,b\n", "3.csv", in: dir)
        let piped = try assay(["import", "p", "-", "--vendor", "V", "--store", store], stdin: third)
        #expect(piped.status == 0 && piped.stdout.contains("imported standard input"))
        let shown = try assay(["project", "show", "p", "--json", "--store", store])
        #expect(shown.stdout.contains(#""labels":4"#) && shown.stdout.contains(#""deliveries":3"#))
    }

    /// §2.4 and §2.5: an empty store location is refused, and commands that only read create no
    /// store where the user stands.
    @Test func emptyOrMissingStoresCreateNothing() throws {
        let dir = try folder()
        let labels = try write(Self.labels, "labels.csv", in: dir)
        let empty = try assay(["project", "create", "p", "--classes", "a,b", "--store", ""], in: dir)
        #expect(empty.status != 0)
        let env = try assay(
            ["project", "create", "p", "--classes", "a,b"], in: dir, environment: ["ASSAY_STORE": ""])
        #expect(env.status == 1 && env.stderr.contains("empty"))
        #expect(try assay(["project", "list"], in: dir).status == 1)
        #expect(try assay(["stats", "nosuch.csv"], in: dir).status == 1)
        let typo = try assay(["infer", "labels.cvs"], in: dir)
        #expect(typo.status == 1 && typo.stderr.contains("neither a file nor a project"))
        #expect(try assay(["infer", labels, "--out", dir + "/out.csv"], in: dir).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/assay.db"))
        #expect(try assay(["project", "create", "p", "--classes", "a,b"], in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/assay.db"))
    }

    /// §2.6: a store this user cannot write is still readable, and a write says why it failed in a
    /// sentence (exit 1), not SQLite's raw text.
    @Test func readOnlyStoreReadsAndRefusesWritesInWords() throws {
        let dir = try folder()
        let store = dir + "/s.db"
        let labels = try write(Self.labels, "labels.csv", in: dir)
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        #expect(try assay(["import", "p", labels, "--vendor", "V", "--store", store]).status == 0)
        // As root, permissions do not bind: run as `nobody` with the folder and file left as root's.
        let asOther: [String]
        if getuid() == 0 {
            try Spawn.shell("chmod 755 '\(dir)' && chmod 644 '\(store)' && chmod 755 '\(assayExecutable!)'")
            asOther = [
                "/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", assayExecutable!,
            ]
        } else {
            try Spawn.shell("chmod 555 '\(dir)' && chmod 444 '\(store)'")
            asOther = [assayExecutable!]
        }
        defer { _ = try? Spawn.shell("chmod 755 '\(dir)'; chmod 644 '\(store)'") }
        let read = try Spawn.run(
            asOther[0], Array(asOther.dropFirst()) + ["project", "show", "p", "--json", "--store", store])
        #expect(read.status == 0 && read.stdout.contains(#""labels":10"#))
        let report = try Spawn.run(
            asOther[0], Array(asOther.dropFirst()) + ["report", "p", "--store", store])
        #expect(report.status == 0)
        let writeAttempt = try Spawn.run(
            asOther[0],
            Array(asOther.dropFirst()) + ["project", "create", "q", "--classes", "a,b", "--store", store])
        #expect(writeAttempt.status == 1)
        #expect(
            writeAttempt.stderr.contains("cannot be written here")
                && !writeAttempt.stderr.contains("SQLite error"))
    }

    /// §2.8: an output path that is one of the inputs is refused and the input is left as it was.
    @Test func outputsNeverOverwriteInputs() throws {
        let dir = try folder()
        let labels = try write(Self.labels, "labels.csv", in: dir)
        let r = try assay(["infer", labels, "--out", labels])
        #expect(r.status == 1 && r.stderr.contains("refusing to overwrite"))
        // Another spelling of the same file is caught too.
        #expect(try assay(["infer", labels, "--annotators-out", dir + "/./labels.csv"]).status == 1)
        #expect(try String(contentsOfFile: labels, encoding: .utf8) == Self.labels)
        let store = dir + "/s.db"
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        let items = try write("task,text\nx1,a\n", "items.csv", in: dir)
        let batch = try assay([
            "batch", "make", "p", "--vendor", "V", "--items", items, "--out", items, "--store", store,
        ])
        #expect(batch.status == 1)
        #expect(try String(contentsOfFile: items, encoding: .utf8) == "task,text\nx1,a\n")
    }

    /// §2.9: the same rows again (other line ends, an extra newline, another order) are refused for
    /// the same vendor unless asked; empty deliveries are errors, not deliveries.
    @Test(arguments: Backend.allCases)
    func duplicateAndEmptyDeliveriesAreRefused(backend: Backend) async throws {
        let dir = try folder()
        let store = try backend.makeLocation()
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        let lf = try write(Self.labels, "lf.csv", in: dir)
        let crlf = try write(
            Self.labels.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n", "crlf.csv", in: dir)
        let rows = Self.labels.split(separator: "\n")
        let shuffled = try write(
            ([rows[0]] + rows.dropFirst().reversed()).joined(separator: "\n") + "\n\n", "rev.csv", in: dir)
        #expect(try assay(["import", "p", lf, "--vendor", "V", "--store", store]).status == 0)
        for again in [crlf, shuffled] {
            let r = try assay(["import", "p", again, "--vendor", "V", "--store", store])
            #expect(r.status == 1 && r.stderr.contains("equal delivery 1"))
        }
        // Another vendor may deliver the same rows (its annotators are its own).
        #expect(try assay(["import", "p", crlf, "--vendor", "W", "--store", store]).status == 0)
        #expect(
            try assay(["import", "p", shuffled, "--vendor", "V", "--allow-duplicate", "--store", store])
                .status == 0)
        let header = try write("task,worker,label\n", "header.csv", in: dir)
        let h = try assay(["import", "p", header, "--vendor", "V", "--store", store])
        #expect(h.status == 1 && h.stderr.contains("no labels"))
        let allBad = try write("task,worker,label\ni1,w1,zzz\n", "bad.csv", in: dir)
        #expect(
            try assay(["import", "p", allBad, "--vendor", "V", "--skip-invalid", "--store", store]).status
                == 1)
        let shown = try assay(["project", "show", "p", "--json", "--store", store])
        #expect(shown.stdout.contains(#""deliveries":3"#) && shown.stdout.contains(#""labels":30"#))
        #expect(try assay(["demo", "--items", "0", "--store", dir + "/demo.db"]).status == 2)
    }

    /// §2.10: gold that changes a stored answer is refused unless `--replace`, and the count of
    /// changes is printed.
    @Test func goldChangesAreCountedAndNeedReplace() throws {
        let dir = try folder()
        let store = dir + "/s.db"
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        let g1 = try write("task,gold\ni1,a\ni2,b\n", "g1.csv", in: dir)
        let g2 = try write("task,gold\ni1,b\ni2,b\ni3,a\n", "g2.csv", in: dir)
        #expect(try assay(["gold", "add", "p", g1, "--store", store]).stdout.contains("2 new"))
        let refused = try assay(["gold", "add", "p", g2, "--store", store])
        #expect(refused.status == 1 && refused.stderr.contains("i1: a → b"))
        let replaced = try assay(["gold", "add", "p", g2, "--replace", "--store", store])
        #expect(replaced.status == 0 && replaced.stdout.contains("1 new, 1 changed, 1 unchanged"))
    }

    /// §2.12 and §2.14: help lists only what a command accepts; --version answers.
    @Test func helpAndVersionSayTheTruth() throws {
        for command in ["infer", "export", "simulate"] {
            let help = try assay([command, "--help"])
            let formatLine = help.stdout.split(separator: "\n").first { $0.contains("--format") } ?? ""
            #expect(!formatLine.contains("tsv"), "\(command) --help: \(formatLine)")
        }
        #expect(try assay(["infer", Self.labelsPath(), "--format", "tsv"]).status == 2)
        let version = try assay(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("assay "))
    }

    static func labelsPath() throws -> String {
        let path = Scratch.file("assay-cli-labels").path + ".csv"
        try labels.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// §2.13: what `simulate --single-file` writes, `import` takes: each vendor's rows become its
    /// own delivery.
    @Test func singleFileSimulationImportsByVendorColumn() throws {
        let dir = try folder()
        let store = dir + "/s.db"
        #expect(
            try assay(["simulate", "--out", dir + "/sim", "--items", "100", "--single-file"]).status == 0)
        #expect(try assay(["project", "create", "p", "--classes", "c0,c1,c2", "--store", store]).status == 0)
        let r = try assay(["import", "p", dir + "/sim/labels.csv", "--store", store])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("imported") }.count == 3)
        let noVendor = try write("task,worker,label\ni1,w1,c0\n", "plain.csv", in: dir)
        let refused = try assay(["import", "p", noVendor, "--store", store])
        #expect(refused.status == 1 && refused.stderr.contains("--vendor"))
    }

    /// §2.14 and §1: small truths — no per-label memory on a one-label file; ignored columns are
    /// mentioned on import; a file that shares a project's name says which was read; free text is
    /// not taken for categories.
    @Test func smallTruths() throws {
        let dir = try folder()
        let one = try write("task,worker,label,comment\ni1,w1,a,hi\n", "one.csv", in: dir)
        let stats = try assay(["stats", one])
        #expect(stats.status == 0 && !stats.stdout.contains("bytes a label"))
        let store = dir + "/assay.db"
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        let imported = try assay(["import", "p", one, "--vendor", "V", "--store", store])
        #expect(imported.stderr.contains("ignored columns comment"))
        _ = try write(Self.labels, "p", in: dir)
        let ambiguous = try assay(["infer", "p", "--out", dir + "/o.csv"], in: dir)
        #expect(ambiguous.status == 0 && ambiguous.stderr.contains("also has a project of that name"))
        let text =
            "task,worker,label\n" + (0..<200).map { "i\($0),w\($0 % 3),answer number \($0)\n" }.joined()
        let free = try assay(["infer", try write(text, "text.csv", in: dir)])
        #expect(free.status == 1 && free.stderr.contains("text project"))
    }

    /// §2.14: the demo's "Next:" command prints the same vendor figures as the demo.
    @Test func demoNextCommandReproducesTheDemo() throws {
        let dir = try folder()
        let demo = try assay(["demo", "--items", "400", "--no-serve", "--store", dir + "/demo.db"])
        #expect(demo.status == 0)
        let next = try #require(demo.stdout.split(separator: "\n").first { $0.hasPrefix("Next: assay ") })
        let arguments = next.dropFirst("Next: assay ".count).split(separator: "(")[0].split(separator: " ")
            .map(String.init)
        let report = try assay(arguments)
        #expect(report.status == 0)
        // Every vendor row of the demo's table appears, figure for figure, in the report.
        let vendorRows = demo.stdout.split(separator: "\n").filter {
            ["Acme ", "Budget ", "Crowd "].contains(where: $0.hasPrefix)
        }
        #expect(vendorRows.count >= 3)
        for row in vendorRows.prefix(3) {
            #expect(report.stdout.contains(row), "missing from the report: \(row)")
        }
    }

    /// §1: infer, export, report and agreement --by annotator use one default method unless told,
    /// and every output names it; infer and export agree on every item.
    @Test func oneDefaultMethodEverywhere() throws {
        let dir = try folder()
        var text = "task,worker,label\n"
        for i in 0..<60 {
            for w in 0..<5 { text += "i\(i),w\(w),\((i + (w == 4 ? 1 : 0)) % 3 == 0 ? "a" : "b")\n" }
        }
        let labels = try write(text, "labels.csv", in: dir)
        let infer = try assay(["infer", labels, "--out", dir + "/infer.csv"])
        #expect(infer.status == 0)
        let export = try assay(["export", labels, "--format", "csv", "--out", dir + "/export.csv"])
        #expect(export.status == 0)
        let report = try assay(["report", labels, "--format", "json", "--bootstrap", "0"])
        let agreement = try assay(["agreement", labels, "--by", "annotator"])
        #expect(agreement.status == 0)
        func rows(_ path: String) throws -> [[Substring]] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: ",")
            }
        }
        let inferred = try rows(dir + "/infer.csv")
        let exported = try rows(dir + "/export.csv")
        #expect(inferred[0].last == "method" && exported[0].last == "method")
        let methods = Set(
            inferred.dropFirst().map { String($0.last!) } + exported.dropFirst().map { String($0.last!) })
        #expect(methods == ["cds"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "cds")
        #expect(agreement.stderr.contains("consensus by method cds"))
        // The same label for every item from infer and export.
        let byItem = Dictionary(uniqueKeysWithValues: inferred.dropFirst().map { ($0[0], $0[1]) })
        #expect(exported.count == inferred.count)
        for row in exported.dropFirst() { #expect(byItem[row[0]] == row[1]) }
    }

    /// §2.11: the command line reads numbers with the parser files use: decimal and finite only.
    @Test func numberOptionsTakeWhatFilesTake() throws {
        let dir = try folder()
        let store = dir + "/s.db"
        let labels = try write(Self.labels, "labels.csv", in: dir)
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        for bad in ["inf", "nan", "0x10", "0x1p4", "1,5"] {
            let r = try assay([
                "import", "p", labels, "--vendor", "V", "--cost-per-label", bad, "--store", store,
            ])
            #expect(r.status == 2, "--cost-per-label \(bad): \(r.status)")
        }
        #expect(
            try assay(["export", labels, "--out", dir + "/e.jsonl", "--min-confidence", "infinity"]).status
                == 2)
        let ok = try assay([
            "import", "p", labels, "--vendor", "V", "--cost-per-label", "0.05", "--store", store,
        ])
        #expect(ok.status == 0)
    }
}
