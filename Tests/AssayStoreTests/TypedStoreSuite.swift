// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import AssayTestSupport
import Foundation
import GRDB
import Testing

/// Pairwise, rating, multi-label and text projects on every backend: types and their settings,
/// labels round trip, refusals that write nothing, duplicates, gold.
@Suite struct TypedStoreSuite {
    static let likert = try! RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
    /// An MQM-style penalty: any number up to 0.
    static let penalty = try! RatingScale(minimum: -.infinity, maximum: 0)

    /// A project of each type, created and read back (also by a second connection).
    @Test(arguments: Backend.allCases)
    func everyTypeIsStoredWithItsSettings(backend: Backend) async throws {
        let location = try backend.makeLocation()
        let store = try await backend.open(location)
        let types: [ProjectType] = [
            .categorical(classes: ["a", "b"]), .pairwise, .rating(scale: Self.likert),
            .rating(scale: Self.penalty),
            .rating(scale: try RatingScale(minimum: -3, maximum: 1, step: 0.5, level: .interval)),
            .rating(scale: try RatingScale(minimum: 0, maximum: 100)), .multilabel(classes: ["x", "y", "z"]),
            .text,
        ]
        var created: [ProjectRecord] = []
        for (k, t) in types.enumerated() {
            created.append(try await store.createProject(NewProject(name: "p\(k)", type: t)))
        }
        #expect(created.map(\.type) == types)
        #expect(try await store.projects() == created)
        let again = try await backend.open(location)
        #expect(try await again.projects().map(\.type) == types)
        #expect(try await again.project(named: "p3").scale == Self.penalty)
        // The description form a command line or request uses.
        let rating = NewProject(name: "r", taskType: "rating", classes: [], scale: Self.likert)
        #expect(try await store.createProject(rating).type == .rating(scale: Self.likert))
        #expect(
            try await store.auditLog().last?.detail
                == "project r: rating, scale a number from 1 to 5 in steps of 1 (ordinal)")
        await store.close()
        await again.close()
    }

    /// Descriptions that name no usable type are refused and create nothing.
    @Test(arguments: Backend.allCases)
    func unusableTypesAreRefused(backend: Backend) async throws {
        let store = try await backend.make()
        let refused: [(NewProject, String)] = [
            (NewProject(name: "r", taskType: "rating", classes: []), "a rating project needs a scale"),
            (
                NewProject(name: "k", taskType: "ranking", classes: ["a", "b"]),
                "task type 'ranking' is not one of"
            ),
            (
                NewProject(name: "p", taskType: "pairwise", classes: ["a", "b"]),
                "a pairwise project has no classes"
            ),
            (
                NewProject(name: "c", taskType: "categorical", classes: ["a", "b"], scale: Self.likert),
                "only rating projects do"
            ),
            (NewProject(name: "m", type: .multilabel(classes: ["a;b", "c"])), "holds ';'"),
            (NewProject(name: "m", type: .multilabel(classes: ["a", "a"])), "distinct"),
            (NewProject(name: "m", type: .multilabel(classes: [])), "at least one class"),
        ]
        for (project, words) in refused {
            do {
                _ = try await store.createProject(project)
                Issue.record("created \(project.name) (\(project.taskType))")
            } catch let e as StoreError {
                #expect(e.description.contains(words), "\(e)")
            }
        }
        #expect(try await store.projects().isEmpty)
        await store.close()
    }

    /// Comparisons with positions known and unknown, strengths, inconsistency marks and extras come
    /// back label for label; the objects keep their ids; items keep their pair.
    @Test(arguments: Backend.allCases)
    func pairwiseRoundTrips(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(NewProject(name: "prefs", type: .pairwise))
        typealias Row = PairwiseSet.Row
        let rows: [Row] = [
            Row(
                item: "q1", annotator: "w1", vendor: "V", left: "gpt", right: "claude", outcome: .left,
                strength: 1),
            Row(item: "q1", annotator: "w2", vendor: "V", left: "claude", right: "gpt", outcome: .tie),
            Row(
                item: "q2", annotator: "w1", vendor: "V", left: "llama", right: "gpt", outcome: .right,
                strength: 0.5, flaggedInconsistent: true),
            Row(
                item: "q3 \"tab\t\"", annotator: "judge", vendor: "V", left: "claude", right: "llama",
                outcome: .left, positionUnknown: true),
        ]
        let first = try PairwiseSet(rows: rows, positionsKnown: true)
        let created = [1.7e9, .nan, 1.8e9, .nan]
        let delivered = try PairwiseSet(
            objectIDs: first.objectIDs, itemIDs: first.index.itemIDs, annotatorIDs: first.index.annotatorIDs,
            annotatorVendor: first.index.annotatorVendor, vendorIDs: ["V"], item: first.index.item,
            annotator: first.index.annotator, left: (0..<4).map { first.leftObject($0) },
            right: (0..<4).map { l in
                let i = Int(first.index.item[l])
                return first.firstOnLeft[l] ? first.itemSecond[i] : first.itemFirst[i]
            }, outcome: first.outcome, strength: first.strength,
            flaggedInconsistent: first.flaggedInconsistent,
            positionsKnown: true, positionUnknown: (0..<4).map { !first.isPositionKnown($0) },
            extras: LabelExtras(createdAt: created))
        #expect(lines(.pairwise(delivered)).count == 4)
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "p1.jsonl", sha256: "p1", costPerLabel: 0.5, labels: .pairwise(delivered)
            ),
            into: p)
        guard case .pairwise(let back) = try await store.labels(of: p) else {
            Issue.record("not pairwise")
            return
        }
        #expect(back.objectIDs == delivered.objectIDs && back.index.itemIDs == delivered.index.itemIDs)
        #expect(back.positionsKnown && back.positionUnknown == [false, false, false, true])
        // The stated cost per label is kept with every label (the last field, "-" in the delivery).
        let half = String((0.5).bitPattern, radix: 16)
        #expect(lines(.pairwise(back)) == lines(.pairwise(delivered)).map { $0.dropLast() + half })
        // A second delivery whose display order is lost, over an item and objects known already.
        let later = try PairwiseSet(
            rows: [Row.winner("gpt", loser: "claude", annotator: "w9", item: "q1")], positionsKnown: false)
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "W", source: "p2.csv", sha256: "p2", costPerLabel: nil, labels: .pairwise(later)),
            into: p)
        guard case .pairwise(let all) = try await store.labels(of: p) else { return }
        #expect(all.count == 5 && all.objectCount == 3 && all.itemCount == 3)
        #expect(all.positionsKnown && (0..<5).filter { !all.isPositionKnown($0) }.count == 2)
        #expect(lines(.pairwise(all)).contains { $0.hasPrefix("q1|W/w9|gpt vs claude outcome 0") })
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }

    /// A set whose every comparison has lost its display order loads as such; comparisons without
    /// an item column are items of their unordered pair.
    @Test(arguments: Backend.allCases)
    func pairwiseWithoutPositionsOrItemsRoundTrips(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(NewProject(name: "read", type: .pairwise))
        let set = try PairwiseSet(
            rows: [
                .winner("b", loser: "a", annotator: "w1"), .winner("a", loser: "c", annotator: "w2"),
                .winner("a", loser: "b", annotator: "w2"),
            ], positionsKnown: false)
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "", source: "r.csv", sha256: "r", costPerLabel: nil, labels: .pairwise(set)),
            into: p)
        guard case .pairwise(let back) = try await store.labels(of: p) else { return }
        #expect(!back.positionsKnown && back.index.itemIDs == ["a|b", "a|c"])
        #expect(lines(.pairwise(back)) == lines(.pairwise(set)))
        await store.close()
    }

    /// An item shown with another pair of objects than before is refused, and nothing is written.
    @Test(arguments: Backend.allCases)
    func itemsKeepTheirPair(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(NewProject(name: "p", type: .pairwise))
        let one = try PairwiseSet(
            rows: [.init(item: "q1", annotator: "w1", left: "a", right: "b", outcome: .left)],
            positionsKnown: true)
        _ = try await store.importDelivery(
            DeliveryImport(vendor: "V", source: "1", sha256: "1", costPerLabel: nil, labels: .pairwise(one)),
            into: p)
        let before = try await store.counts(of: p)
        let other = try PairwiseSet(
            rows: [
                .init(item: "q0", annotator: "w2", left: "c", right: "d", outcome: .tie),
                .init(item: "q1", annotator: "w2", left: "c", right: "a", outcome: .left),
            ], positionsKnown: true)
        await #expect(
            throws: StoreError.invalidValue(
                "a, c", at: "objects of item q1",
                expected: "the objects this item was shown with before (a, b)")
        ) {
            try await store.importDelivery(
                DeliveryImport(
                    vendor: "V", source: "2", sha256: "2", costPerLabel: nil, labels: .pairwise(other)),
                into: p)
        }
        #expect(try await store.counts(of: p) == before)
        guard case .pairwise(let back) = try await store.labels(of: p) else { return }
        #expect(back.objectIDs == ["a", "b"] && back.index.itemIDs == ["q1"])
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }

    /// Ratings on stepped and open-ended scales come back label for label with their extras.
    @Test(arguments: Backend.allCases)
    func ratingsRoundTrip(backend: Backend) async throws {
        let store = try await backend.make()
        let likert = try await store.createProject(NewProject(name: "l", type: .rating(scale: Self.likert)))
        let set = ratings(
            [("i2", "w1", 5), ("i1", "w1", 1), ("i1", "w2", 3), ("i10", "w2", 4.0000001)], scale: Self.likert,
            extras: LabelExtras(durationSeconds: [12, .nan, 3.5, 1], cost: [0.1, 0.2, .nan, 0.3]))
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "r.csv", sha256: "r1", costPerLabel: nil, labels: .rating(set)),
            into: likert)
        guard case .rating(let back) = try await store.labels(of: likert) else {
            Issue.record("not ratings")
            return
        }
        #expect(back.scale == Self.likert && back.index.itemIDs == ["i1", "i10", "i2"])
        #expect(lines(.rating(back)) == lines(.rating(set)))
        #expect(back.value == [1, 3, 4.0000001, 5])
        let mqm = try await store.createProject(NewProject(name: "m", type: .rating(scale: Self.penalty)))
        let penalties = ratings(
            [("s1", "r1", -25.5), ("s1", "r2", 0), ("s2", "r1", -1e6)], scale: Self.penalty)
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "m.csv", sha256: "m1", costPerLabel: nil, labels: .rating(penalties)),
            into: mqm)
        guard case .rating(let m) = try await store.labels(of: mqm) else { return }
        #expect(m.value == [-25.5, 0, -1e6] && m.scale == Self.penalty)
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }

    /// A rating off the project's scale is refused with the item, the annotator and the scale, and
    /// nothing is written; so are labels of another type.
    @Test(arguments: Backend.allCases)
    func invalidRatingsAndOtherTypesWriteNothing(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(NewProject(name: "l", type: .rating(scale: Self.likert)))
        let wide = try RatingScale(minimum: 0, maximum: 10)
        for (value, text) in [(4.5, "4.5"), (6, "6"), (0, "0")] {
            let bad = ratings([("i1", "w1", 3), ("i2", "w7", value)], scale: wide, vendor: "Acme")
            await #expect(
                throws: StoreError.invalidValue(
                    text, at: "item i2, annotator w7 of vendor Acme",
                    expected: "a number from 1 to 5 in steps of 1")
            ) {
                try await store.importDelivery(
                    DeliveryImport(
                        vendor: "Acme", source: "b.csv", sha256: "b\(value)", costPerLabel: nil,
                        labels: .rating(bad)),
                    into: p)
            }
        }
        let text = texts([("i1", "w1", "hello")])
        await #expect(
            throws: StoreError.wrongType(
                project: "l", type: "rating", expected: "rating labels, got text labels")
        ) {
            try await store.importDelivery(
                DeliveryImport(vendor: "V", source: "t", sha256: "t", costPerLabel: nil, labels: .text(text)),
                into: p)
        }
        await #expect(
            throws: StoreError.wrongType(
                project: "l", type: "rating", expected: "a categorical project (load it with labels(of:))")
        ) {
            try await store.labelSet(of: p)
        }
        #expect(
            try await store.counts(of: p)
                == ProjectCounts(items: 0, labels: 0, annotators: 0, vendors: 0, deliveries: 0, gold: 0))
        await store.close()
    }

    /// Label sets come back over the project's classes, whatever the order of the delivery's class
    /// table; a project of more than 64 classes keeps two words a label.
    @Test(arguments: Backend.allCases)
    func multilabelsRoundTrip(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "tags", type: .multilabel(classes: ["abuse", "sexism", "racism", "other"])))
        // The delivery's table lists fewer classes, in another order.
        let set = multilabels(
            [("c1", "w1", ["racism", "abuse"]), ("c1", "w2", []), ("c2", "w1", ["other"])],
            classes: ["other", "racism", "abuse"], extras: LabelExtras(createdAt: [1, 2, 3]))
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "t.csv", sha256: "t1", costPerLabel: nil, labels: .multilabel(set)),
            into: p)
        guard case .multilabel(let back) = try await store.labels(of: p) else {
            Issue.record("not multilabel")
            return
        }
        #expect(back.classes == ["abuse", "sexism", "racism", "other"])
        #expect(back.words == [0b0101, 0, 0b1000])
        #expect(lines(.multilabel(back)) == lines(.multilabel(set)))
        let many = (0..<70).map { "c\($0)" }
        let wide = try await store.createProject(NewProject(name: "wide", type: .multilabel(classes: many)))
        let rows = [("i1", "w1", ["c0", "c69"]), ("i1", "w2", ["c64"]), ("i2", "w1", many)]
        let wideSet = multilabels(rows, classes: many)
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "w.csv", sha256: "w1", costPerLabel: nil, labels: .multilabel(wideSet)),
            into: wide)
        guard case .multilabel(let w) = try await store.labels(of: wide) else { return }
        #expect(w.wordsPerLabel == 2 && lines(.multilabel(w)) == lines(.multilabel(wideSet)))
        let unknown = multilabels([("c1", "w1", ["spam"])], classes: ["spam"])
        await #expect(
            throws: StoreError.unknownClass("spam", classes: ["abuse", "sexism", "racism", "other"])
        ) {
            try await store.importDelivery(
                DeliveryImport(
                    vendor: "V", source: "u.csv", sha256: "u", costPerLabel: nil, labels: .multilabel(unknown)
                ),
                into: p)
        }
        #expect(try await store.counts(of: p).labels == 3)
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }

    /// Answers come back byte for byte (newlines, tabs, quotes, backslashes, emoji, the empty
    /// answer); a delivery of more answer bytes than one chunk holds is cut into several.
    @Test(arguments: Backend.allCases)
    func textsRoundTrip(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(NewProject(name: "asr", type: .text))
        let answers = [
            "hello world", "line one\nline two\r\n", "tab\there \"quoted\" back\\slash", "", "naïve 😀 日本",
        ]
        let set = texts(
            answers.enumerated().map { ("u\($0.offset % 2)", "w\($0.offset)", $0.element) },
            extras: LabelExtras(cost: [1, 2, 3, 4, 5]))
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "t.jsonl", sha256: "t1", costPerLabel: nil, labels: .text(set)),
            into: p)
        guard case .text(let back) = try await store.labels(of: p) else {
            Issue.record("not text")
            return
        }
        #expect(lines(.text(back)) == lines(.text(set)))
        #expect(Set(back.answers) == Set(answers))
        // 300 answers of 64 KiB: more than `LabelChunk.textBytes` (16 MiB) in all.
        let long = (0..<300).map { k in
            String(repeating: Character(UnicodeScalar(UInt8(65 + k % 26))), count: 1 << 16)
        }
        let big = texts(long.enumerated().map { ("long\($0.offset)", "w1", $0.element) })
        var cutter = try LabelChunkCutter(
            DeliveryImport(vendor: "V", source: "b", sha256: "b", costPerLabel: nil, labels: .text(big)),
            itemIDs: (0..<300).map { Int64($0 + 1) }, annotatorIDs: [1],
            values: try DeliveryImport(
                vendor: "V", source: "b", sha256: "b", costPerLabel: nil, labels: .text(big)
            ).values(in: p))
        var sizes: [Int] = []
        while let chunk = cutter.next() { sizes.append(chunk.count) }
        #expect(sizes == [256, 44])
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "big.jsonl", sha256: "t2", costPerLabel: nil, labels: .text(big)),
            into: p)
        guard case .text(let all) = try await store.labels(of: p) else { return }
        #expect(all.count == 305)
        let kept = (0..<all.count).filter { all.index.itemIDs[Int(all.index.item[$0])].hasPrefix("long") }
        #expect(Set(kept.map { all.answers[$0] }) == Set(long))
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }

    /// Per type: the same bytes are a duplicate; the same rows in another order (or from another
    /// delivery name) are refused unless allowed; other values are a new delivery.
    @Test(arguments: Backend.allCases)
    func duplicatesAndSameRowsPerType(backend: Backend) async throws {
        let store = try await backend.make()
        let rowsA: [(String, String, Double)] = [("i1", "w1", 2), ("i2", "w1", 3), ("i1", "w2", 5)]
        let classes = ["x", "y", "z"]
        let cases: [(ProjectType, TypedLabels, TypedLabels, TypedLabels)] = [
            (
                .rating(scale: Self.likert), .rating(ratings(rowsA, scale: Self.likert)),
                .rating(ratings(rowsA.reversed(), scale: Self.likert)),
                .rating(ratings([("i1", "w1", 2), ("i2", "w1", 3), ("i1", "w2", 4)], scale: Self.likert))
            ),
            (
                .multilabel(classes: classes),
                .multilabel(multilabels([("i1", "w1", ["x", "z"]), ("i2", "w1", [])], classes: classes)),
                .multilabel(
                    multilabels([("i2", "w1", []), ("i1", "w1", ["z", "x"])], classes: ["z", "x"])),
                .multilabel(multilabels([("i1", "w1", ["x"]), ("i2", "w1", [])], classes: classes))
            ),
            (
                .text, .text(texts([("i1", "w1", "a cat"), ("i2", "w2", "a dog")])),
                .text(texts([("i2", "w2", "a dog"), ("i1", "w1", "a cat")])),
                .text(texts([("i1", "w1", "a cat"), ("i2", "w2", "a dog.")]))
            ),
            (
                .pairwise,
                .pairwise(
                    try PairwiseSet(
                        rows: [
                            .winner("a", loser: "b", annotator: "w1"),
                            .winner("c", loser: "a", annotator: "w1"),
                        ], positionsKnown: false)),
                .pairwise(
                    try PairwiseSet(
                        rows: [
                            .winner("c", loser: "a", annotator: "w1"),
                            .winner("a", loser: "b", annotator: "w1"),
                        ], positionsKnown: false)),
                .pairwise(
                    try PairwiseSet(
                        rows: [
                            .winner("b", loser: "a", annotator: "w1"),
                            .winner("c", loser: "a", annotator: "w1"),
                        ], positionsKnown: false))
            ),
        ]
        for (k, (type, first, reordered, changed)) in cases.enumerated() {
            let p = try await store.createProject(NewProject(name: "p\(k)", type: type))
            func delivery(_ labels: TypedLabels, _ sha: String) -> DeliveryImport {
                DeliveryImport(
                    vendor: "V", source: sha + ".csv", sha256: sha, costPerLabel: nil, labels: labels)
            }
            #expect(RowsDigest.of(first) == RowsDigest.of(reordered), "\(type.name)")
            #expect(RowsDigest.of(first) != RowsDigest.of(changed), "\(type.name)")
            #expect(RowsDigest.of(first).hasPrefix(type.name + "1:"))
            guard case .imported(let id, _) = try await store.importDelivery(delivery(first, "h1"), into: p)
            else {
                Issue.record("\(type.name): first not imported")
                continue
            }
            guard case .duplicate(let d) = try await store.importDelivery(delivery(changed, "h1"), into: p),
                d.id == id
            else {
                Issue.record("\(type.name): same bytes not a duplicate")
                continue
            }
            guard case .sameRows(let s) = try await store.importDelivery(delivery(reordered, "h2"), into: p),
                s.id == id
            else {
                Issue.record("\(type.name): same rows not refused")
                continue
            }
            var allowed = delivery(reordered, "h3")
            allowed.allowDuplicateRows = true
            guard case .imported = try await store.importDelivery(allowed, into: p),
                case .imported = try await store.importDelivery(delivery(changed, "h4"), into: p)
            else {
                Issue.record("\(type.name): allowed or changed rows not imported")
                continue
            }
            #expect(try await store.counts(of: p).deliveries == 3, "\(type.name)")
        }
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }

    /// Gold answers per type: checked against the project (and a pairwise item's objects once it
    /// has been shown), kept in their canonical text, listed with their exposure.
    @Test(arguments: Backend.allCases)
    func goldPerType(backend: Backend) async throws {
        let store = try await backend.make()
        let rating = try await store.createProject(NewProject(name: "r", type: .rating(scale: Self.likert)))
        #expect(
            try await store.addGold([("i1", "4"), ("i2", "2.0"), ("i3", "5e0")], source: "g", to: rating) == 3
        )
        #expect(try await store.goldAnswers(of: rating).map(\.answer) == ["4", "2", "5"])
        for bad in ["4.5", "0x4", "nan", "six", "", "9"] {
            await #expect(
                throws: StoreError.invalidValue(
                    bad, at: "gold for item i9", expected: "a number from 1 to 5 in steps of 1")
            ) {
                try await store.addGold([("i9", bad)], source: "g", to: rating)
            }
        }
        let tags = try await store.createProject(
            NewProject(name: "m", type: .multilabel(classes: ["a", "b", "c"])))
        _ = try await store.addGold([("i1", "c;a"), ("i2", "")], source: "g", to: tags)
        #expect(try await store.goldAnswers(of: tags).map(\.answer) == ["a;c", ""])
        await #expect(throws: StoreError.unknownClass("d", classes: ["a", "b", "c"])) {
            try await store.addGold([("i3", "a;d")], source: "g", to: tags)
        }
        let text = try await store.createProject(NewProject(name: "t", type: .text))
        _ = try await store.addGold([("u1", "the reference\ntext")], source: "g", to: text)
        #expect(try await store.goldAnswers(of: text).map(\.answer) == ["the reference\ntext"])
        let pairs = try await store.createProject(NewProject(name: "p", type: .pairwise))
        let set = try PairwiseSet(
            rows: [.init(item: "q1", annotator: "w1", left: "a", right: "b", outcome: .left)],
            positionsKnown: true)
        _ = try await store.importDelivery(
            DeliveryImport(vendor: "V", source: "1", sha256: "1", costPerLabel: nil, labels: .pairwise(set)),
            into: pairs)
        // q2 has not been shown yet: any object id is taken.
        _ = try await store.addGold([("q1", "b"), ("q2", "z"), ("q3", "tie")], source: "g", to: pairs)
        #expect(try await store.goldAnswers(of: pairs).map(\.answer) == ["b", "z", "tie"])
        await #expect(
            throws: StoreError.invalidValue(
                "c", at: "gold for item q1", expected: "a, b (the item's objects) or tie")
        ) {
            try await store.addGold([("q1", "c")], source: "g", to: pairs)
        }
        _ = try await store.recordBatch(name: "b", vendor: "V", items: 5, gold: ["q1"], rows: "{}", in: pairs)
        let exposure = try await store.goldExposure(of: pairs, vendor: "V")
        #expect(exposure.map(\.answer) == ["b", "z", "tie"] && exposure.map(\.shown) == [1, 0, 0])
        #expect(try await store.goldExposure(of: rating, vendor: "V").map(\.answer) == ["4", "2", "5"])
        #expect(try await store.integrityProblems().isEmpty)
        await store.close()
    }
}

/// Stored chunks that contradict their project's type are reported by `integrityProblems()` (the
/// loader's checks), whichever backend holds them.
@Suite struct TypedChunkProblemTests {
    /// Runs `sql` on the store at `location`; `blob(hex)` writes a binary literal for the backend.
    static func execute(_ backend: Backend, _ location: String, _ sql: (_ blob: (String) -> String) -> String)
        throws
    {
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: location)
            try queue.write { db in try db.execute(sql: sql { "X'\($0)'" }) }
        case .postgres:
            try Spawn.shell(
                "psql -q -v ON_ERROR_STOP=1 -d '\(location)' -c \"\(sql { "'\\\\x\($0)'::bytea" })\"")
        }
    }

    @Test(arguments: Backend.allCases)
    func contradictionsAreReported(backend: Backend) async throws {
        let location = try backend.makeLocation()
        let store = try await backend.open(location)
        let scale = try RatingScale(minimum: 0, maximum: 10)
        let r = try await store.createProject(NewProject(name: "r", type: .rating(scale: scale)))
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "r", sha256: "r", costPerLabel: nil,
                labels: .rating(ratings([("i1", "w1", 1), ("i2", "w1", 2)], scale: scale))), into: r)
        #expect(try await store.integrityProblems().isEmpty)
        // 1.0 and NaN, little-endian.
        try Self.execute(backend, location) {
            "UPDATE label_chunk SET number = \($0("000000000000f03f000000000000f87f"))"
        }
        #expect(
            try await store.integrityProblems() == [
                "the store is inconsistent: project r: a stored rating is not a finite number"
            ])
        try Self.execute(backend, location) { _ in "UPDATE label_chunk SET number = NULL" }
        #expect(
            try await store.integrityProblems() == [
                "the store is inconsistent: project r: a rating label chunk of 2 rows lacks values in its number column"
            ])
        try Self.execute(backend, location) { _ in "DELETE FROM label_chunk" }
        try Self.execute(backend, location) { _ in "DELETE FROM delivery" }
        let m = try await store.createProject(
            NewProject(name: "m", type: .multilabel(classes: ["a", "b", "c"])))
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "m", sha256: "m", costPerLabel: nil,
                labels: .multilabel(multilabels([("i1", "w1", ["a"])], classes: ["a", "b", "c"]))), into: m)
        // Bit 3: a fourth class.
        try Self.execute(backend, location) { "UPDATE label_chunk SET words = \($0("0800000000000000"))" }
        #expect(
            try await store.integrityProblems() == [
                "the store is inconsistent: project m: a stored label marks a class beyond its 3 classes"
            ])
        try Self.execute(backend, location) { "UPDATE label_chunk SET words = \($0("08000000"))" }
        #expect(
            try await store.integrityProblems().contains {
                $0.contains("a column does not hold 1 values")
                    || $0.contains("label chunks whose columns do not hold their rows")
            })
        try Self.execute(backend, location) { _ in "DELETE FROM label_chunk" }
        try Self.execute(backend, location) { _ in "DELETE FROM delivery" }
        let p = try await store.createProject(NewProject(name: "p", type: .pairwise))
        let set = try PairwiseSet(
            rows: [.init(item: "q1", annotator: "w1", left: "a", right: "b", outcome: .left)],
            positionsKnown: true)
        _ = try await store.importDelivery(
            DeliveryImport(vendor: "V", source: "p", sha256: "p", costPerLabel: nil, labels: .pairwise(set)),
            into: p)
        try Self.execute(backend, location) { "UPDATE label_chunk SET value = \($0("07000000"))" }
        #expect(
            try await store.integrityProblems() == [
                "the store is inconsistent: project p: a stored outcome is not 0, 1 or 2"
            ])
        await store.close()
    }
}
