// Assay — quality control for human-labelled training data.

/// Caps on what one input file may make a reader hold or inflate, so that a damaged or hostile file
/// (a gzip bomb, a binary file without line ends) fails early with an error naming the file and the
/// cap instead of exhausting memory. The readers stream, so within these caps their memory is the
/// read buffer plus what the file's valid rows are worth.
public struct InputLimits: Sendable, Equatable {
    /// The longest record in bytes: one line, or the lines of a record whose quoted fields hold
    /// line ends. Default 16 MiB.
    public var maxRecordBytes: Int
    /// A gzip file may inflate to `max(inflatedFloor, inflationRatio × its compressed size)` bytes.
    /// Default 64 MiB.
    public var inflatedFloor: Int
    /// Default 100: real label files compress 3–10 times (the 10M-label benchmark file 2.5 times);
    /// deflate's ceiling, about 1032 to 1, is only reached by long runs of the same bytes.
    public var inflationRatio: Int

    /// Caps on records and on inflation.
    public init(maxRecordBytes: Int, inflatedFloor: Int, inflationRatio: Int) {
        self.maxRecordBytes = maxRecordBytes
        self.inflatedFloor = inflatedFloor
        self.inflationRatio = inflationRatio
    }

    /// 16 MiB records; gzip files inflate to at most 64 MiB or 100 times their size, whichever is more.
    public static let standard = InputLimits(
        maxRecordBytes: 16 << 20, inflatedFloor: 64 << 20, inflationRatio: 100)

    /// The most a gzip file of `compressedSize` bytes may inflate to.
    func maxInflatedBytes(compressedSize: Int) -> Int {
        let (scaled, overflow) = compressedSize.multipliedReportingOverflow(by: inflationRatio)
        return overflow ? Int.max : max(inflatedFloor, scaled)
    }

    /// `bytes` in the unit a person reads (`16 MiB`, `1.5 GiB`, `300 bytes`).
    static func size(_ bytes: Int) -> String {
        let units: [(Int, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (unit, name) in units where bytes >= unit {
            let whole = bytes / unit
            let tenth = (bytes % unit) * 10 / unit
            return tenth == 0 ? "\(whole) \(name)" : "\(whole).\(tenth) \(name)"
        }
        return "\(bytes) bytes"
    }
}
