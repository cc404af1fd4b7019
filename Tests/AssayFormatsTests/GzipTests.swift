// Assay — quality control for human-labelled training data.

import AssayCore
import CZlib
import Foundation
import Testing

@testable import AssayFormats

/// `bytes` as one gzip member, written by the system zlib.
func gzipped(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    var stream = z_stream()
    precondition(assay_deflate_init_gzip(&stream, level) == Z_OK)
    defer { deflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
    var input = bytes
    let written = input.withUnsafeMutableBufferPointer { i in
        out.withUnsafeMutableBufferPointer { o in
            stream.next_in = i.baseAddress
            stream.avail_in = UInt32(i.count)
            stream.next_out = o.baseAddress
            stream.avail_out = UInt32(o.count)
            precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return o.count - Int(stream.avail_out)
        }
    }
    return Array(out.prefix(written))
}

func temporaryFile(_ name: String, bytes: [UInt8]) throws -> String {
    let path = try temporaryFile(name, "")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct GzipTests {
    /// A file of `rows` labels with invalid rows, blank lines and CRLF, as CSV or JSON Lines.
    static func labels(rows: Int, json: Bool) -> String {
        var text = json ? "" : "task,worker,label\n"
        var state: UInt64 = 99
        for r in 0..<rows {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let item = "item-\((state >> 33) % 5000)"
            let worker = "w\((state >> 20) % 70)"
            let label = r % 97 == 0 ? "" : "c\((state >> 45) % 4)"
            let end = r % 3 == 0 ? "\r\n" : "\n"
            text +=
                json
                ? "{\"task\": \"\(item)\", \"worker\": \"\(worker)\", \"label\": \"\(label)\"}\(end)"
                : "\(item),\(worker),\(label)\(end)"
            if r % 250 == 0 { text += "\n" }
        }
        return text
    }

    /// A gzip file reads as the same labels, the same rejected lines and the same counts as the
    /// plain file, for CSV and JSON Lines, with chunks small enough to refill many times.
    @Test(arguments: [(false, 300), (false, 1 << 23), (true, 500), (true, 1 << 23)])
    func gzipReadsLikeThePlainFile(json: Bool, chunkBytes: Int) throws {
        let text = Self.labels(rows: 20000, json: json)
        let ext = json ? "jsonl" : "csv"
        let plain = try temporaryFile("l.\(ext)", text)
        let packed = try temporaryFile("l.\(ext).gz", bytes: gzipped(Array(text.utf8)))
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = chunkBytes
        let (a, ra) = try LabelReader.read(plain, options: options)
        let (b, rb) = try LabelReader.read(packed, options: options)
        #expect(rb.format == (json ? .jsonl : .csv))
        #expect(a.count > 19000 && a.count == b.count)
        #expect(a.itemIDs == b.itemIDs && a.annotatorIDs == b.annotatorIDs && a.classes == b.classes)
        #expect(a.item == b.item && a.annotator == b.annotator && a.value == b.value)
        #expect(ra.rejected.map(\.line) == rb.rejected.map(\.line) && ra.rows == rb.rows)
        #expect(!rb.rejected.isEmpty)
    }

    /// Concatenated members (`cat a.gz b.gz`) read as the concatenated text; a truncated or
    /// corrupted file is an error naming the file, not a shorter label set.
    @Test func membersTruncationAndCorruption() throws {
        let text = Self.labels(rows: 3000, json: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let half = lines.count / 2
        let first = lines[..<half].joined(separator: "\n") + "\n"
        let second = lines[half...].joined(separator: "\n")
        let joined = try temporaryFile(
            "j.csv.gz", bytes: gzipped(Array(first.utf8)) + gzipped(Array(second.utf8)))
        let plain = try temporaryFile("j.csv", text)
        var options = LabelReadOptions(skipInvalid: true)
        options.chunkBytes = 1000
        let (a, _) = try LabelReader.read(plain, options: options)
        let (b, _) = try LabelReader.read(joined, options: options)
        #expect(a.count == b.count && a.item == b.item && a.value == b.value && a.itemIDs == b.itemIDs)

        let whole = gzipped(Array(text.utf8))
        let truncated = try temporaryFile("t.csv.gz", bytes: Array(whole.prefix(whole.count - 30)))
        #expect {
            try LabelReader.read(truncated, options: options)
        } throws: { error in
            let e = error as? FormatError
            return e?.file == truncated && e?.expected.contains("complete gzip stream") == true
        }
        var damaged = whole
        for p in stride(from: damaged.count / 2, to: damaged.count / 2 + 40, by: 1) { damaged[p] ^= 0x5A }
        let corrupt = try temporaryFile("c.csv.gz", bytes: damaged)
        #expect {
            try LabelReader.read(corrupt, options: options)
        } throws: { error in
            let e = error as? FormatError
            return e?.file == corrupt && e?.expected.contains("valid gzip data") == true
        }
    }

    /// A file many decompression blocks long reads whole (the decompressing thread runs ahead and
    /// waits for the reader), and a read abandoned at the header stops that thread instead of
    /// hanging.
    @Test func longFilesAndAbandonedReads() throws {
        let rows = String(repeating: "i1,w1,a\ni2,w2,b\n", count: 750_000)
        let good = try temporaryFile(
            "g.csv.gz", bytes: gzipped(Array(("task,worker,label\n" + rows).utf8), level: 1))
        let (set, _) = try LabelReader.read(good)
        #expect(set.count == 1_500_000 && set.itemIDs == ["i1", "i2"])
        let bad = try temporaryFile(
            "b.csv.gz", bytes: gzipped(Array(("task,worker,x\n" + rows).utf8), level: 1))
        #expect(throws: FormatError.self) { try LabelReader.read(bad) }
    }

    /// Truth files may be gzip too, delimited or JSON Lines.
    @Test func gzipAnswerFiles() throws {
        let labels = try temporaryFile("l.csv", "task,worker,label\n1,w,a\n2,w,b\n")
        let (set, _) = try LabelReader.read(labels)
        let csv = try temporaryFile("t.csv.gz", bytes: gzipped(Array("task,truth\n1,b\n2,a\n".utf8)))
        let jsonl = try temporaryFile(
            "t.jsonl.gz",
            bytes: gzipped(
                Array("{\"task\": \"1\", \"truth\": \"b\"}\n{\"task\": \"2\", \"truth\": \"a\"}\n".utf8)))
        for path in [csv, jsonl] {
            #expect(try AnswerReader.readMatched(path, to: set).gold.answer == [1, 0])
        }
    }
}
