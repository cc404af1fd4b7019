// Assay — quality control for human-labelled training data.

import AssayFormats
import FuzzSupport

/// libFuzzer's entry for gzip input. Byte 0 picks a mode, byte 1 a compression level, bytes 2–3 a
/// position; the rest is a CSV label file (the payload):
/// - 0: the payload as one gzip member must read exactly as the plain file;
/// - 1: the payload split at the position into two members (`cat a.gz b.gz`): the same;
/// - 2: the member cut at the position: never a label set, and a gzip error says the stream ended;
/// - 3: one byte of the member changed at the position: an error, or the plain file's labels;
/// - 4: `1f 8b` and the payload as the file itself (headers, flags, members, trailing bytes as the
///   fuzzer writes them): no crash, no hang, bounded memory.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 4 else { return -1 }
    let mode = data[0] % 5
    let level = Int32(data[1] % 10)
    let position = Int(data[2]) << 8 | Int(data[3])
    let payload = UnsafeRawBufferPointer(start: data + 4, count: size - 4)
    if mode == 4 {
        let path = FuzzFile.write([0x1F, 0x8B] + Array(payload), as: "raw.csv.gz")
        if let set = LabelReadCheck.read(path, format: .csv, chunkBytes: 64, skipInvalid: true).set {
            require(set.itemIDs.allSatisfy { !$0.utf8.contains(0) }, "a NUL byte kept")
        }
        return 0
    }
    // A plain payload that starts like gzip would itself be read as gzip.
    if payload.count >= 2 && payload[0] == 0x1F && payload[1] == 0x8B { return -1 }
    let plain = LabelReadCheck.read(
        FuzzFile.write(payload, as: "plain.csv"), format: .csv, chunkBytes: 64, skipInvalid: true)
    let whole = Gzip.member(payload, level: level)
    var file = whole
    switch mode {
    case 1:
        let k = position % (payload.count + 1)
        file = Gzip.member(payload[..<k], level: level) + Gzip.member(payload[k...], level: level)
    case 2: file = Array(whole.prefix(position % whole.count))
    case 3: file[position % whole.count] ^= data[1] | 1
    default: break
    }
    let path = FuzzFile.write(file, as: "labels.csv.gz")
    switch mode {
    case 0, 1:
        let packed = LabelReadCheck.check(path, format: .csv, input: payload)
        require(packed.text == plain.text, "gzip reads differently:\n\(plain.text)\n----\n\(packed.text)")
    case 2:
        let packed = LabelReadCheck.read(path, format: .csv, chunkBytes: 64, skipInvalid: true)
        require(packed.set == nil, "a truncated gzip file read as a label set")
        if file.count >= 2, let e = packed.error as? FormatError, e.expected.contains("gzip") {
            require(
                e.expected.contains("before the end of the compressed stream"), "truncation reported as: \(e)"
            )
            require(e.line == 0, "a gzip error with a line number: \(e)")
        }
    default:
        let packed = LabelReadCheck.read(path, format: .csv, chunkBytes: 64, skipInvalid: true)
        require(packed.set == nil || packed.text == plain.text, "damaged gzip data read as other labels")
    }
    return 0
}
