// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

func temporaryFile(_ name: String, _ contents: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
        "assay-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct ReaderTests {
    @Test func csvQuotingBOMAndCRLF() throws {
        let text =
            "\u{FEFF}question,performer,answer,notes\r\n"
            + "\"a,1\",w1,\"say \"\"yes\"\"\",x\r\n"
            + "\"b\nline\",w2,no,\r\n"
            + "\r\n"
            + "c,w1,no,\"multi\nline\"\r\n"
        let path = try temporaryFile("l.csv", text)
        let (set, report) = try LabelReader.read(path)
        #expect(set.itemIDs == ["a,1", "b\nline", "c"])
        #expect(set.classes == ["no", "say \"yes\""])
        #expect(set.count == 3)
        #expect(report.ignoredColumns == ["notes"])
        #expect(set.annotatorIDs == ["w1", "w2"])
    }

    @Test func badRowNamesFileLineFieldAndValue() throws {
        let path = try temporaryFile(
            "bad.csv", "task,worker,label,duration_s\n1,w,a,3\n2,w,,4\n3,w,b,-1\n4,w\n")
        do {
            _ = try LabelReader.read(path)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            #expect(e.total == 3)
            #expect(e.errors[0].line == 3 && e.errors[0].field == "label")
            #expect(e.errors[1].line == 4 && e.errors[1].field == "duration_s" && e.errors[1].value == "-1")
            #expect(e.errors[2].line == 5 && e.errors[2].expected.contains("4 fields"))
            #expect(e.description.contains("bad.csv:3:"))
        }
        let (set, report) = try LabelReader.read(path, options: .init(skipInvalid: true))
        #expect(set.count == 1)
        #expect(report.rejected.map(\.line) == [3, 4, 5])
        #expect(report.rejected[0].raw == "2,w,,4")
    }

    @Test func missingColumnListsTheColumns() throws {
        let path = try temporaryFile("m.csv", "task,label\n1,a\n")
        #expect {
            try LabelReader.read(path)
        } throws: { error in
            let e = error as? FormatError
            return e?.expected.contains("annotator") == true
                && e?.expected.contains("the columns are: task, label") == true
        }
    }

    @Test func unterminatedQuoteIsAnError() throws {
        let path = try temporaryFile("q.csv", "task,worker,label\n1,w,\"open\n")
        #expect(throws: FormatError.self) { try LabelReader.read(path) }
    }

    @Test func tsvAndJSONLAgreeWithCSV() throws {
        let csv = try temporaryFile("a.csv", "task,worker,label\n1,w1,2\n1,w2,10\n2,w1,2\n")
        let tsv = try temporaryFile("a.tsv", "item\tannotator\tlabel\n1\tw1\t2\n1\tw2\t10\n2\tw1\t2\n")
        let jsonl = try temporaryFile(
            "a.jsonl",
            "{\"task\":\"1\",\"worker\":\"w1\",\"label\":2}\n{\"task\":1,\"worker\":\"w2\",\"label\":10,\"meta\":{\"x\":[1]}}\n\n{\"task\":\"2\",\"worker\":\"w1\",\"label\":\"2\"}\n"
        )
        let a = try LabelReader.read(csv).0
        let b = try LabelReader.read(tsv).0
        let (c, report) = try LabelReader.read(jsonl)
        for s in [a, b, c] {
            #expect(s.classes == ["2", "10"])  // numeric order, literal text kept
            #expect(s.value == [0, 1, 0])
            #expect(s.itemIDs == ["1", "2"])
        }
        #expect(report.ignoredColumns == ["meta"])
    }

    @Test func repeatedPairsAreKeptAndCounted() throws {
        let path = try temporaryFile("r.csv", "task,worker,label\n1,w,a\n1,w,b\n1,w,a\n2,w,a\n")
        let (set, _) = try LabelReader.read(path)
        #expect(set.count == 4)
        #expect(set.repeatedPairs == 2)
    }

    @Test func vendorScopesAnnotators() throws {
        let path = try temporaryFile(
            "v.csv", "task,worker,label,vendor,cost,created_at\n1,w,a,X,0.5,2024-01-01T00:00:10Z\n1,w,b,Y,,\n"
        )
        let (set, _) = try LabelReader.read(path)
        #expect(set.annotatorCount == 2)
        #expect(set.vendorIDs == ["", "X", "Y"])
        #expect(set.extras.cost[0] == 0.5 && set.extras.cost[1].isNaN)
        #expect(set.extras.createdAt[0] == 1_704_067_210)
    }

    @Test func answersMatchAndConflict() throws {
        let labels = try temporaryFile("l.csv", "task,worker,label\n1,w,a\n2,w,b\n")
        let (set, _) = try LabelReader.read(labels)
        let truth = try temporaryFile("t.csv", "task,truth\n1,b\n3,a\n2,z\n")
        let (gold, unknownItems, unknownClasses) = AnswerReader.match(try AnswerReader.read(truth), to: set)
        #expect(gold.answer == [1, -1])
        #expect(unknownItems == ["3"])
        #expect(unknownClasses.map(\.answer) == ["z"])
        let conflict = try temporaryFile("c.csv", "task,gold\n1,a\n1,b\n")
        #expect(throws: InputErrors.self) { try AnswerReader.read(conflict) }
    }

    @Test func projectClassesAndDeliveryVendorAreEnforcedPerRow() throws {
        let path = try temporaryFile("p.csv", "task,worker,label,vendor\n1,w,a,V\n2,w,z,V\n3,w,b,W\n")
        var options = LabelReadOptions()
        options.allowedClasses = ["a", "b"]
        options.requiredVendor = "V"
        do {
            _ = try LabelReader.read(path, options: options)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            #expect(e.total == 2)
            #expect(
                e.errors[0].line == 3 && e.errors[0].value == "z" && e.errors[0].expected.contains("a, b"))
            #expect(e.errors[1].line == 4 && e.errors[1].field == "vendor" && e.errors[1].value == "W")
        }
        let jsonl = try temporaryFile("p.jsonl", "{\"task\":1,\"worker\":\"w\",\"label\":\"z\"}\n")
        #expect(throws: InputErrors.self) { try LabelReader.read(jsonl, options: options) }
    }

    @Test func timestamps() {
        #expect(Timestamp.parse("1700000000") == 1_700_000_000)
        #expect(Timestamp.parse("1970-01-02") == 86400)
        #expect(Timestamp.parse("2024-03-01T12:30:00.5+02:00") == Timestamp.parse("2024-03-01T10:30:00.5Z"))
        #expect(Timestamp.parse("yesterday") == nil)
        #expect(Timestamp.parse("2024-13-01") == nil)
    }

    /// A file with quoted ids (commas, line ends, doubled quotes) in some stretches, stray quotes
    /// inside unquoted ids in others (they upset a split chosen by counting quotes, so the chunk is
    /// read again on one core), CRLF and LF lines, blank lines, three vendors and invalid rows, read
    /// in chunks small enough that many chunks are split between the two cores and quoted records
    /// straddle chunk ends: every chunk size gives the label set built from the generator's own
    /// list, and the same rejected lines.
    @Test(arguments: [300, 4096, 1 << 16, 1 << 23])
    func chunkedReadingKeepsEveryRecordInOrder(chunkBytes: Int) throws {
        var text = "item,worker,label,vendor\n"
        var line = 2
        var expected: [(item: String, worker: String, vendor: String, label: String)] = []
        var invalidLines: [Int] = []
        var state: UInt64 = 12345
        func next(_ n: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % n)
        }
        for row in 0..<6000 {
            let quoted = (row / 500) % 3 == 1  // quotes only in some stretches
            var item = "i\(next(1500))"
            if quoted && next(4) == 0 { item += next(2) == 0 ? ",x\n\"y\"" : "\r\nz" }
            let stray = (row / 500) % 3 != 0 && next(8) == 0
            let worker = "w\(next(40))" + (stray ? "\"in" : "")
            let vendor = ["A", "B", "C"][next(3)]
            let label = next(50) == 0 ? "" : "c\(next(4))"
            let field = quoted ? "\"" + item.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : item
            let end = next(2) == 0 ? "\r\n" : "\n"
            text += "\(field),\(worker),\(label),\(vendor)\(end)"
            if label.isEmpty {
                invalidLines.append(line)
            } else {
                expected.append((item, worker, vendor, label))
            }
            line += 1 + item.filter { $0 == "\n" || $0 == "\r\n" }.count
            if next(100) == 0 {
                text += "\n"
                line += 1
            }
        }
        let path = try temporaryFile("chunks.csv", text)
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = chunkBytes
        let (set, report) = try LabelReader.read(path, options: options)
        #expect(report.rejected.map(\.line) == invalidLines)
        #expect(report.rows == 6000)
        // Items in first-seen order; labels grouped by item in file order.
        var order: [String] = []
        var seen: Set<String> = []
        for e in expected where seen.insert(e.item).inserted { order.append(e.item) }
        #expect(set.itemIDs == order)
        var byItem: [String: [(String, String, String)]] = [:]
        for e in expected { byItem[e.item, default: []].append((e.worker, e.vendor, e.label)) }
        let want = order.flatMap { i in byItem[i]!.map { "\(i)|\($0.0)|\($0.1)|\($0.2)" } }
        let got = (0..<set.count).map { l in
            let a = Int(set.annotator[l])
            return "\(set.itemIDs[Int(set.item[l])])|\(set.annotatorIDs[a])|"
                + "\(set.vendorIDs[Int(set.annotatorVendor[a])])|\(set.classes[Int(set.value[l])])"
        }
        #expect(got == want)
        var annotators: [String] = []
        var seenAnnotators: Set<String> = []
        for e in expected where seenAnnotators.insert(e.vendor + "/" + e.worker).inserted {
            annotators.append(e.worker)
        }
        #expect(set.annotatorIDs == annotators)
    }
}
