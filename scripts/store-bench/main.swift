// Assay — quality control for human-labelled training data.
//
// Import and load of label sets through the store API (BENCHMARKS.md, "Store: every project type"):
//   StoreBench TYPES LABELS STORE [ROUNDS]
// TYPES: comma-separated categorical, rating, pairwise; STORE: `sqlite` (a fresh file under the
// temporary folder each round) or a postgres:// URL (a fresh project each round). Sets are simulated
// with a fixed seed: LABELS labels on LABELS/5 items (5 labels an item, as gen_labels.py --overlap 5),
// LABELS/200 annotators; 5 classes, a 1..5 scale, or pairs of 10,000 objects. Rounds interleave the
// types; each line prints the seconds of building the delivery (rows digest), importing it and
// loading the project back.

import AssayCore
import AssayPostgres
import AssaySQLite
import AssayStore
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 4, let n = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: StoreBench TYPES LABELS sqlite|postgres://… [ROUNDS]\n".utf8))
    exit(2)
}
let types = arguments[1].split(separator: ",").map(String.init)
let location = arguments[3]
let rounds = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1

let items = n / 5
let annotators = max(1, n / 200)
var rng = SeededGenerator(seed: 7)
let itemIDs = (0..<items).map { "t\($0)" }
let annotatorIDs = (0..<annotators).map { "w\($0)" }
let item = (0..<n).map { Int32($0 / 5) }
let annotator = (0..<n).map { _ in Int32.random(in: 0..<Int32(annotators), using: &rng) }
let categorical = LabelSet(
    itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: [Int32](repeating: 0, count: annotators),
    vendorIDs: ["V"], classes: ["c0", "c1", "c2", "c3", "c4"], item: item, annotator: annotator,
    value: (0..<n).map { _ in Int32.random(in: 0..<5, using: &rng) })

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func open() async throws -> any Store {
    if location == "sqlite" {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "store-bench-\(UUID().uuidString).db"
        ).path
        return try SQLiteStore(path: path)
    }
    return try await PostgresStore(url: location)
}

#if TYPED
    let scale = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
    let rating = RatingSet(
        itemIDs: itemIDs, annotatorIDs: annotatorIDs,
        annotatorVendor: [Int32](repeating: 0, count: annotators),
        vendorIDs: ["V"], scale: scale, item: item, annotator: annotator,
        value: (0..<n).map { _ in Double(Int.random(in: 1...5, using: &rng)) })
    let objects = 10_000
    var pairLeft: [Int32] = []
    var pairRight: [Int32] = []
    for _ in 0..<items {
        let a = Int32.random(in: 0..<Int32(objects), using: &rng)
        var b = Int32.random(in: 0..<Int32(objects - 1), using: &rng)
        if b >= a { b += 1 }
        pairLeft.append(a)
        pairRight.append(b)
    }
    var left: [Int32] = []
    var right: [Int32] = []
    for l in 0..<n {
        let i = l / 5
        let swap = Bool.random(using: &rng)
        left.append(swap ? pairRight[i] : pairLeft[i])
        right.append(swap ? pairLeft[i] : pairRight[i])
    }
    let pairwise = try PairwiseSet(
        objectIDs: (0..<objects).map { "o\($0)" }, itemIDs: itemIDs, annotatorIDs: annotatorIDs,
        annotatorVendor: [Int32](repeating: 0, count: annotators), vendorIDs: ["V"], item: item,
        annotator: annotator, left: left, right: right,
        outcome: (0..<n).map { _ in UInt8.random(in: 0...2, using: &rng) }, positionsKnown: true)

    func project(_ type: String) -> ProjectType {
        switch type {
        case "rating": .rating(scale: scale)
        case "pairwise": .pairwise
        default: .categorical(classes: categorical.classes)
        }
    }

    func labels(_ type: String) -> TypedLabels {
        switch type {
        case "rating": .rating(rating)
        case "pairwise": .pairwise(pairwise)
        default: .categorical(categorical)
        }
    }

    func run(_ type: String, round: Int) async throws -> (Double, Double, Double) {
        let store = try await open()
        let p = try await store.createProject(
            NewProject(name: "\(type)-\(UUID().uuidString)", type: project(type)))
        let t0 = now()
        let d = DeliveryImport(
            vendor: "V", source: "bench", sha256: UUID().uuidString, costPerLabel: nil, labels: labels(type))
        let t1 = now()
        _ = try await store.importDelivery(d, into: p)
        let t2 = now()
        let back = try await store.labels(of: p)
        let t3 = now()
        precondition(back.count == n)
        await store.close()
        return (t1 - t0, t2 - t1, t3 - t2)
    }
#else
    func run(_ type: String, round: Int) async throws -> (Double, Double, Double) {
        precondition(type == "categorical", "this checkout stores categorical labels only")
        let store = try await open()
        let p = try await store.createProject(
            NewProject(
                name: "\(type)-\(UUID().uuidString)", taskType: "categorical", classes: categorical.classes))
        let t0 = now()
        let d = DeliveryImport(
            vendor: "V", source: "bench", sha256: UUID().uuidString, costPerLabel: nil, labels: categorical)
        let t1 = now()
        _ = try await store.importDelivery(d, into: p)
        let t2 = now()
        let back = try await store.labelSet(of: p)
        let t3 = now()
        precondition(back.count == n)
        await store.close()
        return (t1 - t0, t2 - t1, t3 - t2)
    }
#endif

print("type\tround\tdigest_s\timport_s\tload_s")
for round in 1...rounds {
    for type in types {
        let (digest, write, load) = try await run(type, round: round)
        print(
            "\(type)\t\(round)\t"
                + [digest, write, load].map { String(format: "%.3f", $0) }.joined(separator: "\t"))
    }
}
