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
}
