// Assay — quality control for human-labelled training data.

import AssayFormats
import FuzzSupport

/// libFuzzer's entry: the input read as a file of multi-label answers (JSON Lines when it starts
/// with `{`, TSV when its first line holds a tab, CSV otherwise; `;` lists, JSON arrays or one row
/// per class) three ways (`TypedReadCheck.check`), with any classes and limited to a, b and c.
/// Inputs that start like gzip are left to the gzip target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultiLabel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    TypedReadCheck.run(
        data, size, name: "multilabel",
        kinds: [.multilabel(classes: nil), .multilabel(classes: ["a", "b", "c"])])
}
