// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// Each label of `set` as `item|annotator|left>right|outcome` (left and right as shown), in the
/// set's label order, with `|s=strength` when the set has strengths and `|!` for a flagged label.
func pairwiseRows(_ set: PairwiseSet) -> [String] {
    (0..<set.count).map { l in
        let i = Int(set.index.item[l])
        let shownLeft = set.leftObject(l)
        let shownRight = shownLeft == set.itemFirst[i] ? set.itemSecond[i] : set.itemFirst[i]
        let outcome = ["left", "right", "tie"][Int(set.outcome[l])]
        var s =
            "\(set.index.itemIDs[i])|\(set.index.annotatorIDs[Int(set.index.annotator[l])])|"
            + "\(set.objectIDs[Int(shownLeft)])>\(set.objectIDs[Int(shownRight)])|\(outcome)"
        if !set.strength.isEmpty { s += "|s=\(set.strength[l])" }
        if !set.flaggedInconsistent.isEmpty && set.flaggedInconsistent[l] { s += "|!" }
        return s
    }
}

/// The errors a read throws (`InputErrors`) when there are `count` of them, or nil after a failed
/// expectation (so that a test indexing the errors stops instead of crashing).
func readErrors(_ count: Int, _ body: () throws -> Void) -> InputErrors? {
    do {
        try body()
        Issue.record("expected the read to fail")
    } catch let e as InputErrors {
        #expect(e.errors.count == count, "\(e)")
        return e.errors.count == count ? e : nil
    } catch {
        Issue.record("expected InputErrors, got \(error)")
    }
    return nil
}

@Suite struct PairwiseReaderTests {
    /// `item,worker,left,right,label`: the label names the chosen object by id, or says left, right,
    /// A, B or tie in any case; positions are known (columns named left and right).
    @Test func leftRightLabelShape() throws {
        let path = try temporaryFile(
            "p.csv",
            "item,worker,left,right,label,note\n"
                + "i1,w1,x,y,y,n\n"  // the right object by id
                + "i1,w2,y,x,Left,\n"  // keyword: left (y)
                + "i2,w1,x,z,B,\n"  // keyword: right (z)
                + "i2,w2,z,x,tie,\n"
                + "i3,w1,A,B,A,\n")  // an object id wins over the keyword (here they agree)
        let (set, report) = try TypedLabelReader.readPairwise(path)
        #expect(set.positionsKnown)
        #expect(set.objectIDs == ["x", "y", "z", "A", "B"])
        #expect(set.index.itemIDs == ["i1", "i2", "i3"])
        #expect(
            pairwiseRows(set) == [
                "i1|w1|x>y|right", "i1|w2|y>x|left", "i2|w1|x>z|right", "i2|w2|z>x|tie", "i3|w1|A>B|left",
            ])
        // Canonical outcomes: i1 (x, y): w1 chose y = second, w2 chose y = second.
        #expect(set.canonicalOutcome(0) == PairwiseSet.secondBetter)
        #expect(set.canonicalOutcome(1) == PairwiseSet.secondBetter)
        #expect(report.ignoredColumns == ["note"])
        #expect(report.notes.isEmpty)
        #expect(set.strength.isEmpty && set.flaggedInconsistent.isEmpty)
    }

    /// An object id wins over a keyword that reads otherwise: objects named B and A, label "A".
    @Test func objectIDWinsOverKeyword() throws {
        let path = try temporaryFile("p.csv", "item,worker,left,right,label\ni,w,B,A,A\ni,v,B,A,b\n")
        let (set, _) = try TypedLabelReader.readPairwise(path)
        #expect(pairwiseRows(set) == ["i|w|B>A|right", "i|v|B>A|right"])
    }

    /// Bad rows name file, line, field, value and what was expected; with `skipInvalid` they are
    /// returned with their reasons and the rest is kept.
    @Test func badRowsNameLineFieldAndValue() throws {
        let text =
            "item,worker,left,right,label\n"
            + "i1,w1,x,y,x\n"
            + "i2,w1,x,x,x\n"  // line 3: an object compared with itself
            + "i3,w1,x,y,z\n"  // line 4: the label names neither
            + "i4,,x,y,x\n"  // line 5: no annotator
            + "i5,w1,,y,y\n"  // line 6: no left object
            + "i6,w1,x,y\n"  // line 7: a field short
            + "i7,w2,y,x,TIE\n"
        let path = try temporaryFile("bad.csv", text)
        let e = try #require(readErrors(5) { _ = try TypedLabelReader.readPairwise(path) })
        #expect(e.total == 5)
        #expect(e.errors.map(\.line) == [3, 4, 5, 6, 7])
        #expect(e.errors[0].field == "right" && e.errors[0].value == "x")
        #expect(e.errors[0].expected == "an object other than the left one")
        #expect(e.errors[1].field == "label" && e.errors[1].value == "z")
        #expect(e.errors[1].expected.hasPrefix("the chosen object ('x' or 'y'), left, right, A, B"))
        #expect(e.errors[2].field == "worker")
        #expect(e.errors[3].field == "left" && e.errors[3].expected == "a non-empty left")
        #expect(e.errors[4].expected.contains("5 fields"))
        #expect(e.description.contains("bad.csv:4: field 'label': value 'z'"))
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = 64
        let (set, report) = try TypedLabelReader.readPairwise(path, options: options)
        #expect(pairwiseRows(set) == ["i1|w1|x>y|left", "i7|w2|y>x|tie"])
        try #require(report.rejected.map(\.line) == [3, 4, 5, 6, 7])
        #expect(report.rejected[1].raw == "i3,w1,x,y,z")
        #expect(report.rows == 7 && report.labels == 2)
    }

    /// readability's shape: no item, no position. Items are the unordered pairs; the note says
    /// positions are unknown; a winner equal to the loser is refused.
    @Test func winnerLoserShape() throws {
        let path = try temporaryFile(
            "wl.csv", "worker,winner,loser\nw0,127,307\nw1,307,127\nw1,5,127\nw2,5,5\n")
        let e = try #require(readErrors(1) { _ = try TypedLabelReader.readPairwise(path) })
        #expect(e.total == 1 && e.errors[0].line == 5 && e.errors[0].field == "loser")
        #expect(e.errors[0].expected == "an object other than the winner one")
        let (set, report) = try TypedLabelReader.readPairwise(path, options: .init(skipInvalid: true))
        #expect(!set.positionsKnown)
        #expect(set.objectIDs == ["127", "307", "5"])
        #expect(set.index.itemIDs == ["127|307", "127|5"])
        // The winner is given first (as the left object): outcome left in each.
        #expect(
            pairwiseRows(set) == [
                "127|307|w0|127>307|left", "127|307|w1|307>127|left", "127|5|w1|5>127|left",
            ])
        #expect(report.notes.contains { $0.hasPrefix("positions unknown: winner and loser") })
    }

    /// MT-bench's JSON Lines: question_id and turn with the unordered model pair form the item
    /// (a question is shown with several pairs), judge is the annotator, winner is the label,
    /// `tie (inconsistent)` is a flagged tie, and model_a/model_b do not say which was on the left.
    /// A pair's id names its objects in byte order (claude-v1 before gpt-4 though gpt-4 is seen
    /// first), so that another file with the same shown pair gives it the same id.
    @Test func mtbenchShape() throws {
        let lines = [
            #"{"judge":"expert_1","model_a":"gpt-4","model_b":"claude-v1","question_id":81,"turn":1,"winner":"model_a"}"#,
            #"{"judge":"expert_2","model_a":"claude-v1","model_b":"gpt-4","question_id":81,"turn":1,"winner":"model_b"}"#,
            #"{"judge":"expert_1","model_a":"gpt-4","model_b":"llama-13b","question_id":81,"turn":1,"winner":"tie"}"#,
            #"{"judge":"gpt4_pair","model_a":"gpt-4","model_b":"claude-v1","question_id":81,"turn":2,"winner":"tie (inconsistent)"}"#,
            "",
            #"{"judge":"expert_3","model_a":"gpt-4","model_b":"gpt-4","question_id":82,"turn":1,"winner":"model_a"}"#,
            #"{"judge":"expert_3","model_a":"gpt-4","model_b":"claude-v1","question_id":82,"turn":1,"winner":"model_c"}"#,
        ]
        let path = try temporaryFile("mt.jsonl", lines.joined(separator: "\r\n") + "\r\n")
        let e = try #require(readErrors(2) { _ = try TypedLabelReader.readPairwise(path) })
        #expect(e.errors.map(\.line) == [6, 7])
        #expect(e.errors[0].field == "model_b")
        #expect(e.errors[1].field == "winner" && e.errors[1].value == "model_c")
        let (set, report) = try TypedLabelReader.readPairwise(path, options: .init(skipInvalid: true))
        #expect(!set.positionsKnown)
        #expect(
            set.index.itemIDs == ["81/1/claude-v1|gpt-4", "81/1/gpt-4|llama-13b", "81/2/claude-v1|gpt-4"])
        #expect(
            pairwiseRows(set) == [
                "81/1/claude-v1|gpt-4|expert_1|gpt-4>claude-v1|left",
                "81/1/claude-v1|gpt-4|expert_2|claude-v1>gpt-4|right",
                "81/1/gpt-4|llama-13b|expert_1|gpt-4>llama-13b|tie",
                "81/2/claude-v1|gpt-4|gpt4_pair|gpt-4>claude-v1|tie|!",
            ])
        #expect(set.flaggedInconsistent == [false, false, false, true])
        // expert_1 and expert_2 agree (gpt-4 better) in the canonical orientation.
        #expect(set.canonicalOutcome(0) == set.canonicalOutcome(1))
        #expect(report.notes.contains { $0.hasPrefix("positions unknown: the columns model_a and model_b") })
        #expect(report.notes.contains { $0.hasPrefix("items are (item, turn, pair of objects)") })
    }

    /// A signed strength without a label: −2..2 inferred (any negative value), low favours the left
    /// object, 0 is a tie; strength = |v| / 2.
    @Test func signedStrengthWithoutLabel() throws {
        let path = try temporaryFile(
            "s.tsv", "item\tworker\tleft\tright\tstrength\ni\tw1\tx\ty\t-2\ni\tw2\tx\ty\t1\ni\tw3\ty\tx\t0\n")
        let (set, report) = try TypedLabelReader.readPairwise(path)
        #expect(set.positionsKnown)
        #expect(pairwiseRows(set) == ["i|w1|x>y|left|s=1.0", "i|w2|x>y|right|s=0.5", "i|w3|y>x|tie|s=nan"])
        #expect(report.notes.contains { $0.hasPrefix("strength scale inferred from the file: -2..2") })
    }

    /// A 1–7 Likert preference: the middle (4) is a tie, 1 the strongest for the left object;
    /// strength = |v − 4| / 3. Declared, a value off the scale is refused with the scale.
    @Test func likertPreference() throws {
        let text = "item,worker,left,right,likert\ni,a,x,y,1\ni,b,x,y,4\ni,c,x,y,6\ni,d,x,y,8\ni,e,x,y,4.5\n"
        let path = try temporaryFile("l.csv", text)
        let scale = try RatingScale(minimum: 1, maximum: 7, step: 1, level: .ordinal)
        let e = try #require(
            readErrors(2) { _ = try TypedLabelReader.readPairwise(path, strengthScale: scale) })
        #expect(e.errors.map(\.line) == [5, 6])
        #expect(e.errors[0].field == "likert" && e.errors[0].value == "8")
        #expect(e.errors[0].expected.hasPrefix("a number from 1 to 7 in steps of 1 (a preference"))
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = 64
        let (set, report) = try TypedLabelReader.readPairwise(path, strengthScale: scale, options: options)
        #expect(
            pairwiseRows(set) == ["i|a|x>y|left|s=1.0", "i|b|x>y|tie|s=nan", "i|c|x>y|right|s=0.6666667"])
        #expect(report.notes.isEmpty)
        // Without the scale, 1..8 is inferred from the file (every value ≥ 1): its middle 4.5 is a
        // tie and the note says to declare the scale.
        let (inferred, notes) = try TypedLabelReader.readPairwise(path)
        #expect(inferred.outcome == [0, 0, 1, 1, 2])
        #expect(notes.notes.contains { $0.contains("1..8") && $0.contains("declare it") })
    }

    /// A strength beside a label is a magnitude: 1..3 inferred as 0..3, strength = v / 3; a tie's
    /// strength is NaN; an empty strength is NaN; a negative one is refused.
    @Test func magnitudeBesideLabel() throws {
        let text =
            "item,worker,left,right,label,strength\ni,a,x,y,x,3\ni,b,x,y,y,1\ni,c,x,y,tie,2\ni,d,x,y,y,\ni,e,x,y,x,-1\n"
        let path = try temporaryFile("m.csv", text)
        let e = try #require(readErrors(1) { _ = try TypedLabelReader.readPairwise(path) })
        #expect(e.total == 1 && e.errors[0].line == 6 && e.errors[0].field == "strength")
        #expect(e.errors[0].expected.hasPrefix("a number ≥ 0 (how strong"))
        let (set, report) = try TypedLabelReader.readPairwise(path, options: .init(skipInvalid: true))
        #expect(
            pairwiseRows(set) == [
                "i|a|x>y|left|s=1.0", "i|b|x>y|right|s=0.33333334", "i|c|x>y|tie|s=nan",
                "i|d|x>y|right|s=nan",
            ])
        #expect(report.notes.contains { $0.contains("0..3 (strength = value / 3)") })
        // A declared scale that cannot hold a magnitude is refused before any row is read.
        #expect(throws: FormatError.self) {
            try TypedLabelReader.readPairwise(path, strengthScale: try RatingScale(minimum: -2, maximum: 2))
        }
    }

    /// Files without the columns of any shape are refused with the columns listed.
    @Test func missingColumns() throws {
        let path = try temporaryFile("x.csv", "item,worker,left,label\ni,w,x,x\n")
        #expect {
            try TypedLabelReader.readPairwise(path)
        } throws: { error in
            let e = error as? FormatError
            return e?.line == 1
                && e?.expected.hasPrefix("pairwise columns: winner and loser, or left and right") == true
                && e?.expected.hasSuffix("the columns are: item, worker, left, label") == true
        }
        let noLabel = try temporaryFile("y.csv", "item,worker,left,right\ni,w,x,y\n")
        #expect(throws: FormatError.self) { try TypedLabelReader.readPairwise(noLabel) }
        let noWorker = try temporaryFile("z.csv", "winner,loser\nx,y\n")
        #expect {
            try TypedLabelReader.readPairwise(noWorker)
        } throws: { ($0 as? FormatError)?.expected.hasPrefix("an annotator column (one of: worker,") == true }
    }

    /// The same comparisons read alike from CSV, gzip'd CSV with CRLF, TSV and JSON Lines, with
    /// vendor and cost columns kept.
    @Test func formatsAgree() throws {
        let rows = [("i1", "w1", "V", "x", "y", "x", "0.5"), ("i2", "w2", "U", "y", "z", "tie", "")]
        let csv =
            "item,worker,vendor,left,right,label,cost\n"
            + rows.map {
                [$0.0, $0.1, $0.2, $0.3, $0.4, $0.5, $0.6].joined(separator: ",")
            }.joined(separator: "\r\n") + "\r\n"
        let tsv = csv.replacingOccurrences(of: ",", with: "\t")
        let json = rows.map {
            #"{"item":"\#($0.0)","worker":"\#($0.1)","vendor":"\#($0.2)","left":"\#($0.3)","right":"\#($0.4)","label":"\#($0.5)""#
                + ($0.6.isEmpty ? "}" : #","cost":\#($0.6)}"#)
        }.joined(separator: "\n")
        let paths = [
            try temporaryFile("a.csv", csv), try temporaryFile("a.csv.gz", bytes: gzipped(Array(csv.utf8))),
            try temporaryFile("a.tsv", tsv), try temporaryFile("a.jsonl", json),
        ]
        for path in paths {
            let (set, report) = try TypedLabelReader.readPairwise(path)
            #expect(pairwiseRows(set) == ["i1|w1|x>y|left", "i2|w2|y>z|tie"], "\(path)")
            #expect(set.index.vendorIDs == ["", "V", "U"])
            #expect(
                set.index.extras.cost.count == 2 && set.index.extras.cost[0] == 0.5
                    && set.index.extras.cost[1].isNaN)
            #expect(report.rows == 2 && report.ignoredColumns.isEmpty)
        }
    }

    /// A generated file of 3,000 comparisons (blank lines, CRLF, invalid rows, quoted object ids
    /// with commas when `quoted`) reads to the same comparisons whatever the chunk size: the typed
    /// columns of both cores' halves and of every chunk line up with their labels.
    @Test(arguments: [(64, false), (64, true), (300, false), (300, true), (1 << 16, false), (1 << 16, true)])
    func chunkingKeepsEveryComparison(chunkBytes: Int, quoted: Bool) throws {
        var g = SeededGenerator(seed: 11)
        let objects = (0..<30).map { quoted && $0 % 4 == 0 ? "o,\($0)" : "o\($0)" }
        func field(_ s: String) -> String { s.contains(",") ? "\"\(s)\"" : s }
        let pairs = (0..<200).map { _ -> (Int, Int) in
            let a = Int.random(in: 0..<30, using: &g)
            return (a, (a + Int.random(in: 1..<30, using: &g)) % 30)
        }
        var text = "item,worker,left,right,label\r\n"
        var expected: [(item: String, row: String)] = []
        var rejected: [Int] = []
        var line = 1
        for _ in 0..<3_000 {
            line += 1
            if g.next() % 50 == 0 {
                text += "\r\n"
                continue
            }
            let i = Int.random(in: 0..<200, using: &g)
            var (a, b) = pairs[i]
            if g.next() & 1 == 0 { swap(&a, &b) }
            let worker = "w\(Int.random(in: 0..<40, using: &g))"
            let (left, right) = (objects[a], objects[b])
            let roll = Int.random(in: 0..<10, using: &g)
            let labels = [left, right, "left", "Right", "A", "b", "tie", "tie (inconsistent)", "x", left]
            let outcomes = ["left", "right", "left", "right", "left", "right", "tie", "tie", "", "left"]
            let sameObjects = roll == 9
            text +=
                "i\(i),\(worker),\(field(left)),\(field(sameObjects ? left : right)),\(field(labels[roll]))\r\n"
            if roll == 8 || sameObjects {
                rejected.append(line)
            } else {
                expected.append(
                    ("i\(i)", "i\(i)|\(worker)|\(left)>\(right)|\(outcomes[roll])" + (roll == 7 ? "|!" : "")))
            }
        }
        var order: [String] = []
        var seen: Set<String> = []
        for e in expected where seen.insert(e.item).inserted { order.append(e.item) }
        let want = order.flatMap { i in expected.filter { $0.item == i }.map(\.row) }
        let path = try temporaryFile("c.csv", text)
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = chunkBytes
        let (set, report) = try TypedLabelReader.readPairwise(path, options: options)
        #expect(pairwiseRows(set) == want)
        #expect(report.rejected.map(\.line) == rejected)
        #expect(set.positionsKnown)
    }
}
