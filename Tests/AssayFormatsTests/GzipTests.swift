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

/// `count` repetitions of `block` as one gzip member at level 9, deflated block by block (the
/// inflated text is never held whole: bombs of hundreds of megabytes are made in the test).
func gzippedRepeating(_ block: [UInt8], count: Int) -> [UInt8] {
    var stream = z_stream()
    precondition(assay_deflate_init_gzip(&stream, 9) == Z_OK)
    defer { deflateEnd(&stream) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var input = block
    for k in 0..<count {
        input.withUnsafeMutableBufferPointer { i in
            stream.next_in = i.baseAddress
            stream.avail_in = UInt32(i.count)
            repeat {
                let status = chunk.withUnsafeMutableBufferPointer { o -> Int32 in
                    stream.next_out = o.baseAddress
                    stream.avail_out = UInt32(o.count)
                    return deflate(&stream, k == count - 1 ? Z_FINISH : Z_NO_FLUSH)
                }
                out += chunk.prefix(chunk.count - Int(stream.avail_out))
                if status == Z_STREAM_END { break }
            } while stream.avail_out == 0 || stream.avail_in > 0 || k == count - 1
        }
    }
    return out
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
            // Where the stream ends, not a line the parser had reached (it used to say `:1`).
            let e = error as? FormatError
            return e?.file == truncated && e?.line == 0
                && e?.expected
                    == "a complete gzip stream (the file ends at compressed byte \(whole.count - 30), "
                    + "before the end of the compressed stream; truncated?)"
                && e?.description.hasPrefix("\(truncated): expected") == true
        }
        var damaged = whole
        for p in stride(from: damaged.count / 2, to: damaged.count / 2 + 40, by: 1) { damaged[p] ^= 0x5A }
        let corrupt = try temporaryFile("c.csv.gz", bytes: damaged)
        #expect {
            try LabelReader.read(corrupt, options: options)
        } throws: { error in
            let e = error as? FormatError
            return e?.file == corrupt && e?.line == 0 && e?.expected.contains("valid gzip data") == true
                && e?.expected.contains("at compressed byte") == true
        }
    }

    /// A gzip bomb: 200 MB of zeros compressed to about 200 KB. It used to take 451 MB of memory
    /// before failing; now reading stops at the record cap (16 MiB without a line end), with an
    /// error naming the file and the cap, whichever reader reads it.
    @Test func bombOfZerosStopsAtTheRecordCap() throws {
        let bomb = gzippedRepeating([UInt8](repeating: 0, count: 1 << 20), count: 200)
        #expect(bomb.count < 250_000)
        let path = try temporaryFile("bomb.csv.gz", bytes: bomb)
        let reads: [() throws -> Void] = [
            { _ = try LabelReader.read(path) }, { _ = try AnswerReader.read(path) },
            { _ = try RecordTable.read(path) }, { _ = try RecordTable.read(path, format: .jsonl) },
        ]
        for read in reads {
            #expect {
                try read()
            } throws: { error in
                let e = error as? FormatError
                return e?.file == path && e?.line == 1
                    && e?.expected.hasPrefix("records of at most 16 MiB; the one starting here is longer")
                        == true
            }
        }
    }

    /// A bomb of valid rows has line ends, so the record cap never stops it: the inflation cap does
    /// (here 1 MiB or 100 times the compressed size; by default 64 MiB or 100 times), before the
    /// reader has seen much more than the cap.
    @Test func bombOfRowsStopsAtTheInflationCap() throws {
        // 16 blocks of a header line and 2^14 rows: 4.5 MiB of text.
        let block = Array(
            ("task,worker,label\n" + String(repeating: "item,worker,label\n", count: 1 << 14)).utf8)
        let bomb = gzippedRepeating(block, count: 16)
        let path = try temporaryFile("rows.csv.gz", bytes: bomb)
        var options = LabelReadOptions()
        options.limits = InputLimits(maxRecordBytes: 16 << 20, inflatedFloor: 1 << 20, inflationRatio: 100)
        let cap = max(1 << 20, 100 * bomb.count)
        #expect(cap < 16 * block.count)
        #expect {
            try LabelReader.read(path, options: options)
        } throws: { error in
            let e = error as? FormatError
            return e?.file == path && e?.line == 0
                && e?.expected.hasPrefix(
                    "a gzip file that inflates to at most \(InputLimits.size(cap)) (1 MiB or 100 times its compressed size"
                ) == true
        }
        // The default caps let the same file through (4.5 MiB < 64 MiB).
        #expect(try LabelReader.read(path).0.count == 16 * ((1 << 14) + 1) - 1)
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
