// Assay — quality control for human-labelled training data.
//
// Reading speed of the typed readers next to the categorical one (BENCHMARKS.md, "Typed readers").
//   typed-read-bench gen DIR [ROWS]        writes DIR/ratings.csv, DIR/pairwise.csv, DIR/winner-loser.csv,
//                                           DIR/mtbench.jsonl and DIR/text.csv (seeded, byte-identical runs)
//   typed-read-bench read KIND FILE         KIND: categorical, rating, pairwise, multilabel, text;
//                                           prints "KIND wall-seconds cpu-seconds labels items annotators"
//                                           (CPU: user + system of the whole process, both cores)

import AssayCore
import AssayFormats
import Foundation

/// Writes `rows` lines made by `line` to `path` through a 4 MiB buffer.
func write(_ path: String, header: String, rows: Int, line: (Int, inout String) -> Void) {
    FileManager.default.createFile(atPath: path, contents: nil)
    let out = FileHandle(forWritingAtPath: path)!
    var buffer = header
    for r in 0..<rows {
        line(r, &buffer)
        if buffer.utf8.count > 1 << 22 {
            out.write(Data(buffer.utf8))
            buffer = ""
        }
    }
    out.write(Data(buffer.utf8))
    out.closeFile()
}

func generate(_ dir: String, rows: Int) {
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    // As gen_labels.py's 10M set: 2M items, 50k workers, five labels an item (here 1..5 as numbers).
    let items = max(rows / 5, 1)
    let workers = max(rows / 200, 1)
    var g = SeededGenerator(seed: 7)
    write("\(dir)/ratings.csv", header: "task,worker,label\n", rows: rows) { r, s in
        s +=
            "t\(Int.random(in: 0..<items, using: &g)),w\(Int.random(in: 0..<workers, using: &g)),"
            + "\(Int.random(in: 1...5, using: &g))\n"
    }
    // Comparisons: 2M shown pairs of 100k objects, the label the chosen object's id (10% ties).
    let objects = max(rows / 100, 2)
    var pairOf: [(Int, Int)] = (0..<items).map { _ in
        let a = Int.random(in: 0..<objects, using: &g)
        var b = Int.random(in: 0..<objects - 1, using: &g)
        if b >= a { b += 1 }
        return (a, b)
    }
    write("\(dir)/pairwise.csv", header: "item,worker,left,right,label\n", rows: rows) { r, s in
        let i = Int.random(in: 0..<items, using: &g)
        var (a, b) = pairOf[i]
        if g.next() & 1 == 0 { swap(&a, &b) }
        let u = Int.random(in: 0..<10, using: &g)
        let label = u == 0 ? "tie" : (u < 6 ? "o\(a)" : "o\(b)")
        s += "p\(i),w\(Int.random(in: 0..<workers, using: &g)),o\(a),o\(b),\(label)\n"
    }
    pairOf = []
    write("\(dir)/winner-loser.csv", header: "worker,winner,loser\n", rows: rows) { _, s in
        let a = Int.random(in: 0..<objects, using: &g)
        var b = Int.random(in: 0..<objects - 1, using: &g)
        if b >= a { b += 1 }
        s += "w\(Int.random(in: 0..<workers, using: &g)),o\(a),o\(b)\n"
    }
    let models = ["alpaca-13b", "claude-v1", "gpt-3.5-turbo", "gpt-4", "llama-13b", "vicuna-13b-v1.2"]
    let winners = ["model_a", "model_b", "tie", "tie (inconsistent)"]
    write("\(dir)/mtbench.jsonl", header: "", rows: rows) { _, s in
        let a = Int.random(in: 0..<6, using: &g)
        var b = Int.random(in: 0..<5, using: &g)
        if b >= a { b += 1 }
        s +=
            "{\"judge\":\"j\(Int.random(in: 0..<workers, using: &g))\",\"model_a\":\"\(models[a])\","
            + "\"model_b\":\"\(models[b])\",\"question_id\":\(Int.random(in: 0..<(items / 30 + 1), using: &g)),"
            + "\"turn\":\(1 + Int(g.next() & 1)),\"winner\":\"\(winners[Int(g.next() % 4)])\"}\n"
    }
    // Texts: a tenth as many rows, each a sentence of 8–20 words from a 5,000-word vocabulary.
    write("\(dir)/text.csv", header: "item,worker,label\n", rows: rows / 10) { _, s in
        let words = (0..<Int.random(in: 8...20, using: &g)).map { _ in
            "w\(Int.random(in: 0..<5000, using: &g))"
        }
        s +=
            "t\(Int.random(in: 0..<(items / 10 + 1), using: &g)),w\(Int.random(in: 0..<workers, using: &g)),"
            + "\"\(words.joined(separator: " "))\"\n"
    }
}

func read(_ kind: String, _ path: String) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let labels: TypedLabels
    switch kind {
    case "categorical": labels = try TypedLabelReader.read(path, type: .categorical).0
    case "rating": labels = try TypedLabelReader.read(path, type: .rating(nil)).0
    case "pairwise": labels = try TypedLabelReader.read(path, type: .pairwise).0
    case "multilabel": labels = try TypedLabelReader.read(path, type: .multilabel(classes: nil)).0
    case "text": labels = try TypedLabelReader.read(path, type: .text).0
    default: fatalError("unknown kind \(kind)")
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let cpu =
        Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let (items, annotators): (Int, Int) =
        switch labels {
        case .categorical(let s): (s.itemCount, s.annotatorCount)
        case .pairwise(let s): (s.itemCount, s.annotatorCount)
        case .rating(let s): (s.itemCount, s.annotatorCount)
        case .multilabel(let s): (s.itemCount, s.annotatorCount)
        case .text(let s): (s.itemCount, s.annotatorCount)
        }
    print(kind, String(format: "%.2f", seconds), String(format: "%.2f", cpu), labels.count, items, annotators)
}

let args = CommandLine.arguments
switch args.count > 1 ? args[1] : "" {
case "gen": generate(args[2], rows: args.count > 3 ? Int(args[3])! : 10_000_000)
case "read": try read(args[2], args[3])
default:
    FileHandle.standardError.write(Data("usage: typed-read-bench gen DIR [ROWS] | read KIND FILE\n".utf8))
    exit(2)
}
