// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import FuzzSupport

/// libFuzzer's entry: the input read as a file of pairwise comparisons (JSON Lines when it starts
/// with `{`, TSV when its first line holds a tab, CSV otherwise; every shape of `PairwiseShape`),
/// three ways (`TypedReadCheck.check`), without and with a declared 1..7 strength scale. Inputs that
/// start like gzip are left to the gzip target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPairwise(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    TypedReadCheck.run(data, size, name: "pairwise", kinds: [.pairwise, .pairwise(strengthScale: likert)])
}

private let likert = try! RatingScale(minimum: 1, maximum: 7, step: 1, level: .ordinal)
