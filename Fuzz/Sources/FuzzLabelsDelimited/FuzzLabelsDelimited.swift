// Assay — quality control for human-labelled training data.

import AssayFormats
import FuzzSupport

/// libFuzzer's entry: the input read as a CSV label file, or as TSV when its first line holds a tab,
/// three ways (`LabelReadCheck.check`), and as a table (`RecordTable`, the one-core parser of items
/// files): when both read, they split the file into the same number of records. Inputs that start
/// like gzip are left to the gzip target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabelsDelimited(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if size >= 2 && data[0] == 0x1F && data[1] == 0x8B { return -1 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let header = input.prefix { $0 != 10 }
    let format: InputFormat = header.contains(9) ? .tsv : .csv
    let path = FuzzFile.write(input, as: "labels.\(format.rawValue)")
    let labels = LabelReadCheck.check(path, format: format, input: input)
    if let report = labels.report, let table = try? RecordTable.read(path, format: format) {
        require(report.rows == table.rows.count, "\(report.rows) label rows, \(table.rows.count) table rows")
    }
    return 0
}
