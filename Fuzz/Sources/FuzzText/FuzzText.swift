// Assay — quality control for human-labelled training data.

import AssayFormats
import FuzzSupport

/// libFuzzer's entry: the input read as a file of free-text answers (JSON Lines when it starts with
/// `{`, TSV when its first line holds a tab, CSV otherwise) three ways (`TypedReadCheck.check`).
/// Inputs that start like gzip are left to the gzip target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    TypedReadCheck.run(data, size, name: "text", kinds: [.text])
}
