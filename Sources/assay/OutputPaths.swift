// Assay — quality control for human-labelled training data.

import ArgumentParser
import Foundation

/// The formats a command can write (reading takes TSV too; writing does not).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Comma-separated values with a header row (RFC 4180 quoting).
    case csv
    /// One JSON object a line.
    case jsonl
}

/// Refuses to write over an input: an existing output path that is the same file as one of the
/// inputs (by device and inode, so another spelling or a link to the same file is caught too).
/// - Throws: `InputProblem` naming the option and the file.
func refuseOverwritingInputs(outputs: [(option: String, path: String?)], inputs: [String]) throws {
    func identity(_ path: String) -> (dev_t, ino_t)? {
        var st = stat()
        guard path != "-", stat(path, &st) == 0 else { return nil }
        return (st.st_dev, st.st_ino)
    }
    let inputIDs = inputs.compactMap { p in identity(p).map { (p, $0) } }
    for (option, path) in outputs {
        guard let path, let out = identity(path) else { continue }
        if let (input, _) = inputIDs.first(where: { $0.1 == out }) {
            throw InputProblem(
                message:
                    "\(option) \(path) is the input file \(input); refusing to overwrite an input (choose another path)"
            )
        }
    }
}
