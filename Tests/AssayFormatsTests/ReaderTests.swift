// Assay — quality control for human-labelled training data.

import AssayCore
import AssayTestSupport
import Foundation
import Testing

@testable import AssayFormats

func temporaryFile(_ name: String, _ contents: String) throws -> String {
    let dir = try Scratch.folder("reader")
    let path = dir.appendingPathComponent(name).path
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// Checks that `set` holds exactly the labels `expected` (in file order): items numbered in
/// first-seen order, and each item's labels in the order the file gave them.
func expectItemsAndLabelsInFileOrder(
    _ set: LabelSet, _ expected: [(item: String, worker: String, vendor: String, label: String)]
) {
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
            return e?.expected.hasPrefix("an annotator column (one of: worker,") == true
                && e?.expected.contains("the columns are: task, label") == true
        }
        // Every role's article: "an item", "an annotator", "an answer", "a label".
        let articles = ColumnRole.allCases.map { "\($0.article) \($0.rawValue)" }
        #expect(
            articles == [
                "an item", "an annotator", "a label", "a vendor", "a created_at", "a duration_s", "a cost",
                "an answer", "a left", "a right", "a winner", "a loser", "a strength", "a turn",
            ])
        let json = try temporaryFile("m.jsonl", "{\"worker\": \"w\", \"label\": \"a\"}\n")
        let (_, report) = try LabelReader.read(json, options: .init(skipInvalid: true))
        #expect(report.rejected[0].error.expected.hasPrefix("an \"item\" key (one of: task,"))
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
        let answers = try AnswerReader.read(truth)
        #expect(answers.map(\.line) == [2, 3, 4])
        let (gold, unknownItems, unknownClasses) = AnswerReader.match(
            answers.map { ($0.item, $0.answer) }, to: set)
        #expect(gold.answer == [1, -1])
        #expect(unknownItems == ["3"])
        #expect(unknownClasses.map(\.answer) == ["z"])
        let direct = try AnswerReader.readMatched(truth, to: set)
        #expect(direct.gold.answer == gold.answer && direct.unknownItems == unknownItems)
        #expect(direct.unknownClasses.map(\.item) == ["2"] && direct.unknownClasses.map(\.answer) == ["z"])
        let jsonl = try temporaryFile(
            "t.jsonl",
            "{\"task\": 1, \"truth\": \"b\"}\n{\"task\": \"3\", \"truth\": \"a\"}\n\n{\"task\": \"2\", \"gold\": \"z\"}\n"
        )
        let fromJSON = try AnswerReader.readMatched(jsonl, to: set)
        #expect(fromJSON.gold.answer == [1, -1] && fromJSON.unknownItems == ["3"])
        let badJSON = try temporaryFile(
            "b.jsonl",
            "{\"task\": \"1\", \"truth\": \"b\"}\n{\"task\": \"2\"}\n{\"task\": \"3\", \"truth\": null}\n{\"task\"\n"
        )
        do {
            _ = try AnswerReader.read(badJSON)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            #expect(e.total == 3 && e.errors.map(\.line) == [2, 3, 4])
            #expect(e.errors[0].expected.hasSuffix("the keys are: task"))
            #expect(e.errors[1].field == "truth" && e.errors[1].expected == "a non-empty answer")
            #expect(e.errors[2].expected == "':' after member \"task\"")
        }
        let conflict = try temporaryFile("c.csv", "task,gold\n1,a\n2,a\n1,a\n1,b\n")
        for read in [
            { _ = try AnswerReader.read(conflict) }, { _ = try AnswerReader.readMatched(conflict, to: set) },
        ] {
            do {
                try read()
                Issue.record("expected an error")
            } catch let e as InputErrors {
                #expect(e.total == 1 && e.errors[0].line == 5 && e.errors[0].value == "b")
                #expect(e.errors[0].expected == "the same answer as line 2 ('a') for item '1'")
            }
        }
    }

    /// Truth and gold answers come with their lines, and their errors name the file's own column
    /// headers (`gold`, not `answer`); limited to a project's classes, an answer outside them is an
    /// error on its line.
    @Test func answersKeepTheirLinesAndColumnNames() throws {
        let gold = try temporaryFile(
            "g.csv", "task,gold,text\nh1,c0,hello\n\nh2,c1,bye\nh1,c0,again\nh3,x,no\n")
        let answers = try AnswerReader.read(gold)
        #expect(answers.map(\.item) == ["h1", "h2", "h3"] && answers.map(\.line) == [2, 4, 6])
        do {
            _ = try AnswerReader.read(gold, allowedClasses: ["c0", "c1"])
            Issue.record("expected an error")
        } catch let e as InputErrors {
            #expect(
                e.total == 1 && e.errors[0].line == 6 && e.errors[0].field == "gold"
                    && e.errors[0].value == "x")
            #expect(e.errors[0].expected == "one of the project's classes: c0, c1 (item 'h3')")
        }
        let json = try temporaryFile("g.jsonl", "{\"item\": \"h1\", \"true_label\": \"c9\"}\n")
        #expect {
            try AnswerReader.read(json, allowedClasses: ["c0"])
        } throws: { error in
            (error as? InputErrors)?.errors.first.map { $0.line == 1 && $0.field == "true_label" } == true
        }
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
        expectItemsAndLabelsInFileOrder(set, expected)
        var annotators: [String] = []
        var seenAnnotators: Set<String> = []
        for e in expected where seenAnnotators.insert(e.vendor + "/" + e.worker).inserted {
            annotators.append(e.worker)
        }
        #expect(set.annotatorIDs == annotators)
    }

    /// JSON lines with keys in varying order and aliases, escaped strings (quotes, backslashes,
    /// \u escapes and a surrogate pair), numbers and booleans as labels, nested members that are
    /// not kept, a vendor on some lines only, CRLF and LF, blank lines and invalid lines, read in
    /// chunks small enough that many are split between the two cores: every chunk size gives the
    /// label set built from the generator's own list, the same rejected lines and the same ignored
    /// keys.
    @Test(arguments: [200, 4096, 1 << 16, 1 << 23])
    func chunkedJSONLinesKeepEveryRecordInOrder(chunkBytes: Int) throws {
        var text = "\u{FEFF}"
        var line = 1
        var expected: [(item: String, worker: String, vendor: String, label: String)] = []
        var invalidLines: [Int] = []
        var state: UInt64 = 777
        func next(_ n: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % n)
        }
        func quoted(_ s: String) -> String {
            var out = "\""
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "é": out += "\\u00e9"
                case "😀": out += "\\ud83d\\ude00"
                default: out.unicodeScalars.append(ch)
                }
            }
            return out + "\""
        }
        for _ in 0..<5000 {
            var item = "i\(next(1200))"
            if next(6) == 0 { item += ["\"q\"", "\\b", "é", "😀"][next(4)] }
            let worker = "w\(next(40))"
            let vendor = next(3) == 0 ? "" : ["A", "B"][next(2)]
            let numeric = next(5) == 0
            let label = numeric ? "\(next(3))" : "c\(next(4))"
            var members = [
                "\"\(["task", "item"][next(2)])\": \(quoted(item))",
                "\"worker\":\(quoted(worker))",
                "\"label\": \(numeric ? label : quoted(label))",
            ]
            if !vendor.isEmpty { members.append("\"vendor\":\(quoted(vendor))") }
            if next(4) == 0 { members.append("\"meta\": {\"x\": [1, \"}\"], \"y\": null}") }
            if next(7) == 0 { members.append("\"ok\": true") }
            for _ in 0..<3 { members.swapAt(next(UInt64(members.count)), next(UInt64(members.count))) }
            let broken = next(60)
            let record: String
            switch broken {
            case 0: record = "{" + members.joined(separator: ", ")  // no closing brace
            case 1: record = "{" + members.filter { !$0.hasPrefix("\"label") }.joined(separator: ",") + "}"
            case 2: record = "{" + members.joined(separator: ",") + ", \"answer\": \"c1\"}"  // two labels
            default: record = "{" + members.joined(separator: ",") + "}"
            }
            text += record + (next(2) == 0 ? "\r\n" : "\n")
            if broken < 3 {
                invalidLines.append(line)
            } else {
                expected.append((item, worker, vendor, label))
            }
            line += 1
            if next(80) == 0 {
                text += "  \n"
                line += 1
            }
        }
        let path = try temporaryFile("chunks.jsonl", text)
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = chunkBytes
        let (set, report) = try LabelReader.read(path, options: options)
        #expect(report.rejected.map(\.line) == invalidLines)
        #expect(report.rows == 5000)
        #expect(Set(report.ignoredColumns) == ["meta", "ok"])
        expectItemsAndLabelsInFileOrder(set, expected)
    }

    /// Each kind of bad JSON line is refused with its line, the member at fault and what was
    /// expected; the good lines around them are kept.
    @Test func badJSONLinesNameLineMemberAndValue() throws {
        let lines = [
            #"{"task": "1", "worker": "w", "label": "a"}"#,
            #"{"task": "2", "worker": "w"}"#,
            #"{"task": "3", "worker": "w", "label": null}"#,
            #"{"task": "4", "worker": "w", "label": "a", "cost": -1}"#,
            #"{"task": "5", "worker": "w", "label": "a"} x"#,
            #"{"task": "6", "worker": "w", "label": "a\q"}"#,
            #"{"task": "7", "worker": "w", "label": "a", "item": "8"}"#,
            #"{"task": "9", "worker": "w", "label": tru}"#,
            #"{"task": "10", "worker": "w", "label": "a", "vendor": null}"#,
            #"[1, 2]"#,
            #"{"task": "11", "worker": "w", "label": "b", "cost": 0.5, "created_at": 1700000000}"#,
            #"{"task": "12", "worker": "w", "label": ["a"]}"#,
            #"{"task": "13", "worker": "w", "label": 1e, "cost": NaN}"#,
        ]
        let path = try temporaryFile("bad.jsonl", lines.joined(separator: "\n") + "\n")
        var options = LabelReadOptions(skipInvalid: true)
        options.maxErrors = 100
        let (set, report) = try LabelReader.read(path, options: options)
        #expect(set.count == 2)
        #expect(set.extras.cost.count == 2 && set.extras.cost[0].isNaN && set.extras.cost[1] == 0.5)
        #expect(set.extras.createdAt[1] == 1_700_000_000)
        let byLine = Dictionary(uniqueKeysWithValues: report.rejected.map { ($0.line, $0.error) })
        #expect(report.rejected.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13])
        #expect(
            byLine[2]!.expected.contains("\"label\" key")
                && byLine[2]!.expected.contains("the keys are: task, worker"))
        #expect(byLine[3]!.field == "label" && byLine[3]!.value == "null")
        #expect(byLine[4]!.field == "cost" && byLine[4]!.value == "-1")
        #expect(byLine[5]!.expected.contains("nothing after the closing"))
        #expect(byLine[6]!.expected.contains("JSON escape"))
        #expect(byLine[7]!.expected.contains("\"task\" and \"item\" both name it"))
        #expect(byLine[8]!.expected.contains("a JSON value"))
        #expect(byLine[9]!.field == "vendor" && byLine[9]!.expected == "a vendor name")
        #expect(byLine[10]!.expected.contains("a JSON object"))
        #expect(byLine[12]!.field == "label" && byLine[12]!.value == "[\"a\"]")
        #expect(byLine[13]!.expected.contains("a JSON value"))
        #expect(report.rejected[0].raw == lines[1])
        do {
            _ = try LabelReader.read(path)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            #expect(e.total == 11)
            #expect(e.description.contains("bad.jsonl:2:"))
        }
    }
}
