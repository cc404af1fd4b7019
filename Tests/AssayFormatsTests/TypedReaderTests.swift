// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// Each label of an index as `item|annotator`, in the set's label order.
func indexRows(_ index: LabelIndex) -> [String] {
    (0..<index.count).map {
        "\(index.itemIDs[Int(index.item[$0])])|\(index.annotatorIDs[Int(index.annotator[$0])])"
    }
}

@Suite struct RatingReaderTests {
    /// Numbers on a declared 1..5 scale; an off-scale, off-step or non-numeric value is refused with
    /// the scale in the message, at its line; the valid rows are kept with `skipInvalid`.
    @Test func declaredScale() throws {
        let text =
            "task,worker,label\na,w1,5\na,w2,1.0\nb,w1,6\nb,w2,2.5\nc,w1,abc\nc,w2, 3 \nd,w1,inf\nd,w2,0x3\n"
        let path = try temporaryFile("r.csv", text)
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
        let e = try #require(readErrors(5) { _ = try TypedLabelReader.readRating(path, scale: scale) })
        #expect(e.errors.map(\.line) == [4, 5, 6, 8, 9])
        #expect(e.errors.map(\.value) == ["6", "2.5", "abc", "inf", "0x3"])
        #expect(e.errors.allSatisfy { $0.field == "label" })
        #expect(e.errors[0].expected == "a number from 1 to 5 in steps of 1 (the project's rating scale)")
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = 64
        let (set, report) = try TypedLabelReader.readRating(path, scale: scale, options: options)
        #expect(indexRows(set.index) == ["a|w1", "a|w2", "c|w2"])
        #expect(set.value == [5, 1, 3])
        #expect(set.scale == scale)
        #expect(report.rejected.count == 5 && report.notes.isEmpty)
    }

    /// Without a scale: whole numbers give their range in steps of 1 (and a note); decimals a
    /// continuous one; one value alone a range one wide.
    @Test func inferredScale() throws {
        let ints = try temporaryFile("i.csv", "item,rater,value\na,r,-100\na,s,40\nb,r,100\n")
        let (a, report) = try TypedLabelReader.readRating(ints)
        #expect(a.scale == (try RatingScale(minimum: -100, maximum: 100, step: 1)))
        #expect(
            report.notes == [
                "rating scale inferred from the file: a number from -100 to 100 in steps of 1 (its smallest and "
                    + "largest values; whole numbers give steps of 1); declare the scale when the file may not reach both ends"
            ])
        let decimals = try temporaryFile("d.csv", "item,rater,value\na,r,-81.4\na,s,0\n")
        let (b, _) = try TypedLabelReader.readRating(decimals)
        #expect(b.scale == (try RatingScale(minimum: -81.4, maximum: 0)))
        #expect(b.value == [-81.4, 0])
        let one = try temporaryFile("o.csv", "item,rater,value\na,r,3\n")
        #expect(
            try TypedLabelReader.readRating(one).0.scale == (try RatingScale(minimum: 3, maximum: 4, step: 1))
        )
        let bad = try temporaryFile("b.csv", "item,rater,value\na,r,x\n")
        let e = try #require(readErrors(1) { _ = try TypedLabelReader.readRating(bad) })
        #expect(e.errors[0].expected == "a number (the scale is inferred from the file)")
    }

    /// JSON Lines numbers and strings read alike; gzip; created_at kept.
    @Test func jsonLinesAndGzip() throws {
        let json =
            #"{"item":"a","worker":"w","label":4,"created_at":"2024-01-01T00:00:10Z"}"# + "\n"
            + #"{"item":"a","worker":"v","label":"2"}"# + "\n"
            + #"{"item":"b","worker":"w","label":null}"# + "\n"
        let path = try temporaryFile("r.jsonl.gz", bytes: gzipped(Array(json.utf8)))
        let (set, report) = try TypedLabelReader.readRating(
            path, scale: try RatingScale(minimum: 1, maximum: 5, step: 1), options: .init(skipInvalid: true))
        #expect(set.value == [4, 2])
        #expect(set.index.extras.createdAt[0] == 1_704_067_210 && set.index.extras.createdAt[1].isNaN)
        try #require(report.rejected.map(\.line) == [3])
        #expect(report.rejected[0].error.expected == "a non-empty label (a string or number)")
    }

    /// A rating file reads with the same items, annotators and vendors as the categorical reader
    /// gives for it (same interning), and the values follow the labels.
    @Test func sameIdsAsCategorical() throws {
        var text = "item,worker,label,vendor\n"
        for r in 0..<500 { text += "i\(r % 37),w\(r % 11),\(r % 7),V\(r % 3)\n" }
        let path = try temporaryFile("r.csv", text)
        var options = LabelReadOptions()
        options.chunkBytes = 256
        let (rating, _) = try TypedLabelReader.readRating(path, options: options)
        let (categorical, _) = try LabelReader.read(path, options: options)
        #expect(rating.index.itemIDs == categorical.itemIDs)
        #expect(rating.index.annotatorIDs == categorical.annotatorIDs)
        #expect(rating.index.vendorIDs == categorical.vendorIDs)
        #expect(rating.index.item == categorical.item && rating.index.annotator == categorical.annotator)
        #expect(rating.value == categorical.value.map { Double(categorical.classes[Int($0)])! })
    }
}

@Suite struct MultiLabelReaderTests {
    /// A `labels` column of `;`-joined classes (spaces trimmed, empty = none), checked against the
    /// project's classes, whose order the set keeps.
    @Test func listShapeWithProjectClasses() throws {
        let text = "item,worker,labels\na,w1,x;y\na,w2,\nb,w1, z ;x\nb,w2,q\nc,w1,x;;y\nc,w2,y;y\n"
        let path = try temporaryFile("m.csv", text)
        let classes = ["z", "y", "x"]
        let e = try #require(
            readErrors(2) { _ = try TypedLabelReader.readMultiLabel(path, classes: classes) })
        #expect(e.errors.map(\.line) == [5, 6])
        #expect(e.errors[0].field == "labels" && e.errors[0].value == "q")
        #expect(e.errors[0].expected.hasPrefix("classes from the project's (z, y, x)"))
        #expect(e.errors[0].expected.hasSuffix("'q' is not one"))
        #expect(e.errors[1].expected == "class names separated by ';' (an empty name stands between two)")
        let (set, report) = try TypedLabelReader.readMultiLabel(
            path, classes: classes, options: .init(skipInvalid: true))
        #expect(set.classes == classes)
        #expect(indexRows(set.index) == ["a|w1", "a|w2", "b|w1", "c|w2"])
        #expect((0..<set.count).map { set.classes(ofLabel: $0) } == [[1, 2], [], [0, 2], [1]])
        #expect(report.notes.isEmpty)
        // Without project classes: the classes the file names, by text.
        let (free, _) = try TypedLabelReader.readMultiLabel(path, options: .init(skipInvalid: true))
        #expect(free.classes == ["q", "x", "y", "z"])
    }

    /// One row per class: the rows of an (item, annotator) form one set; an empty row alone is the
    /// empty set; the note counts the merge.
    @Test func rowPerClassShape() throws {
        let text = "item,worker,label,duration_s\na,w1,x,3\na,w2,,4\na,w1,y,5\nb,w1,y,6\n"
        let (set, report) = try TypedLabelReader.readMultiLabel(try temporaryFile("r.csv", text))
        #expect(set.classes == ["x", "y"])
        #expect(indexRows(set.index) == ["a|w1", "a|w2", "b|w1"])
        #expect((0..<set.count).map { set.classes(ofLabel: $0) } == [[0, 1], [], [1]])
        #expect(set.index.extras.durationSeconds == [3, 4, 6])
        #expect(
            report.notes == [
                "one row per class: 4 rows form 3 label sets (the rows of an item and annotator are one set)"
            ])
    }

    /// JSON arrays (with escapes) and `;` strings in JSON Lines; a null or an object is refused.
    @Test func jsonArrays() throws {
        let json = [
            #"{"item":"a","worker":"w","labels":["x","y\u0021"]}"#,
            #"{"item":"a","worker":"v","labels":[]}"#,
            #"{"item":"b","worker":"w","labels":"x;y!"}"#,
            #"{"item":"b","worker":"v","labels":[1, 2]}"#,
            #"{"item":"c","worker":"w","labels":{"x":1}}"#,
            #"{"item":"c","worker":"v","labels":["x",]}"#,
        ].joined(separator: "\n")
        let path = try temporaryFile("m.jsonl", json)
        let (set, report) = try TypedLabelReader.readMultiLabel(path, options: .init(skipInvalid: true))
        #expect(set.classes == ["1", "2", "x", "y!"])
        #expect((0..<set.count).map { set.classes(ofLabel: $0) } == [[2, 3], [], [2, 3], [0, 1]])
        try #require(report.rejected.map(\.line) == [5, 6])
        #expect(report.rejected[0].error.expected == "a JSON array of class names (strings or numbers)")
    }
}

@Suite struct TextReaderTests {
    /// Answers are kept exactly: quoted CSV with line ends (LF and CRLF inside the quotes), doubled
    /// quotes, spaces, non-ASCII text; an empty answer is refused at its line.
    @Test func quotedCSVKeptExactly() throws {
        let text =
            "item,worker,label\r\n"
            + "a,w1,\"two\nlines\"\r\n"
            + "a,w2,\"say \"\"hi\"\" \r\nthere \"\r\n"
            + "b,w1,  spaced  \r\n"
            + "b,w2,\"\"\r\n"
            + "c,w1,日本語 のテキスト\r\n"
        let path = try temporaryFile("t.csv", text)
        let e = try #require(readErrors(1) { _ = try TypedLabelReader.readText(path) })
        #expect(e.total == 1 && e.errors[0].line == 7 && e.errors[0].field == "label")
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = 64
        let (set, _) = try TypedLabelReader.readText(path, options: options)
        #expect(set.answers == ["two\nlines", "say \"hi\" \r\nthere ", "  spaced  ", "日本語 のテキスト"])
        #expect(indexRows(set.index) == ["a|w1", "a|w2", "b|w1", "c|w1"])
    }

    /// JSON strings with escapes are kept as the text they stand for; bytes that are not UTF-8 are
    /// refused.
    @Test func jsonStringsAndBadBytes() throws {
        let json = #"{"item":"a","worker":"w","label":"tab\there \"q\" \u00e9"}"# + "\n"
        let (set, _) = try TypedLabelReader.readText(try temporaryFile("t.jsonl", json))
        #expect(set.answers == ["tab\there \"q\" é"])
        var bytes = Array("item,worker,label\na,w,ok\na,v,bad ".utf8)
        bytes += [0xFF, 0x0A]
        let e = try #require(
            readErrors(1) { _ = try TypedLabelReader.readText(try temporaryFile("b.csv", bytes: bytes)) })
        #expect(e.errors[0].line == 3 && e.errors[0].field == "label")
    }
}

@Suite struct TypeDetectionTests {
    /// The type from the columns: pairwise shapes, a labels column or `;` lists, else categorical.
    @Test func typesFromColumns() throws {
        let cases: [(String, String, String)] = [
            ("a.csv", "worker,winner,loser\nw,1,2\n", "pairwise"),
            ("b.csv", "item,worker,left,right,label\ni,w,x,y,x\n", "pairwise"),
            (
                "c.jsonl",
                #"{"question_id":1,"model_a":"x","model_b":"y","judge":"j","winner":"tie"}"# + "\n",
                "pairwise"
            ),
            ("d.csv", "item,worker,labels,split\ni,w,,train\n", "multilabel"),
            ("e.csv", "item,worker,label\ni,w,a\ni,v,a;b\n", "multilabel"),
            ("f.jsonl", #"{"item":"i","worker":"w","label":["a"]}"# + "\n", "multilabel"),
            ("g.tsv", "task\tworker\tlabel\ni\tw\t3\n", "categorical"),
        ]
        for (name, text, type) in cases {
            let (kind, reason) = try TypedLabelReader.detectType(try temporaryFile(name, text))
            #expect(kind.name == type, "\(name): \(reason)")
            #expect(!reason.isEmpty)
        }
    }

    /// `read(_:type:)` hands back the Core set of each type.
    @Test func readByType() throws {
        let path = try temporaryFile("r.csv", "item,worker,label\ni,w,1\ni,v,2\n")
        let kinds: [LabelKind] = [.categorical, .rating(nil), .multilabel(classes: nil), .text]
        for kind in kinds {
            let (labels, report) = try TypedLabelReader.read(path, type: kind)
            #expect(labels.typeName == kind.name && labels.count == 2 && report.labels == 2)
        }
        let pairs = try temporaryFile("p.csv", "worker,winner,loser\nw,1,2\n")
        let (labels, _) = try TypedLabelReader.read(pairs, type: .pairwise)
        guard case .pairwise(let set) = labels else {
            Issue.record("expected a pairwise set")
            return
        }
        #expect(set.objectIDs == ["1", "2"])
    }
}

@Suite struct TupleInternerTests {
    /// The same ids, in first-seen order, as a dictionary gives, on 200k random tuples of few
    /// distinct values (collisions, growth from 16 slots, repeats).
    @Test func idsAsADictionary() {
        var g = SeededGenerator(seed: 3)
        let n = 200_000
        let columns = (0..<4).map { c in
            (0..<n).map { _ in Int32.random(in: -3..<(c == 0 ? 5_000 : 7), using: &g) }
        }
        let (ids, first) = TupleInterner.ids(columns[0], columns[1], columns[2], columns[3])
        var index: [SIMD4<Int32>: Int32] = [:]
        var expected: [Int32] = []
        var expectedFirst: [Int32] = []
        for r in 0..<n {
            let key = SIMD4(columns[0][r], columns[1][r], columns[2][r], columns[3][r])
            if index[key] == nil {
                index[key] = Int32(index.count)
                expectedFirst.append(Int32(r))
            }
            expected.append(index[key]!)
        }
        #expect(ids == expected && first == expectedFirst)
        #expect(first.count > 100_000)
        // Two columns: the others count as 0.
        let (pairs, _) = TupleInterner.ids([1, 1, 2, 1], [0, 0, 0, 5], nil, nil)
        #expect(pairs == [0, 0, 1, 2])
    }
}
