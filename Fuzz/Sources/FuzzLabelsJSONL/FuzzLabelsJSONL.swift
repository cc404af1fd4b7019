// Assay — quality control for human-labelled training data.

import AssayFormats
import FuzzSupport

/// libFuzzer's entry: the input read as a JSON Lines label file three ways (`LabelReadCheck.check`).
/// Inputs that start like gzip are left to the gzip target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabelsJSONL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if size >= 2 && data[0] == 0x1F && data[1] == 0x8B { return -1 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    LabelReadCheck.check(FuzzFile.write(input, as: "labels.jsonl"), format: .jsonl, input: input)
    return 0
}
