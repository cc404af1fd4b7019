// Assay — quality control for human-labelled training data.

public import ArgumentParser
public import AssayFormats

/// Number options read by `DecimalNumber`, the parser every number in a file goes through: decimal
/// and finite, so `--cost-per-label inf`, `nan` or `0x10` is a usage error as the same text in a row
/// is an invalid row. Declare `@Option var costPerLabel: DecimalNumber?` and use
/// `costPerLabel?.value`.
extension DecimalNumber: ExpressibleByArgument {}
