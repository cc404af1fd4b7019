// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import FuzzSupport

/// libFuzzer's entry: the input read as a file of ratings (JSON Lines when it starts with `{`, TSV
/// when its first line holds a tab, CSV otherwise) three ways (`TypedReadCheck.check`), on the scale
/// the file implies and on a declared 1..5 scale in steps of 1. Inputs that start like gzip are left
/// to the gzip target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRatings(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    TypedReadCheck.run(data, size, name: "ratings", kinds: [.rating(nil), .rating(fivePoints)])
}

private let fivePoints = try! RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
