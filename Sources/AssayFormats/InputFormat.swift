// Assay — quality control for human-labelled training data.

/// The file formats Assay reads and writes.
public enum InputFormat: String, CaseIterable, Sendable {
    /// Comma-separated values (RFC 4180).
    case csv
    /// Tab-separated values (quotes allowed as in CSV).
    case tsv
    /// One JSON object per line.
    case jsonl

    /// The format a path's extension implies (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`), after a
    /// `.gz` (gzip files are read whatever their name); CSV otherwise.
    public static func guess(path: String) -> InputFormat {
        var lower = path.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") || lower.hasSuffix(".txt") { return .tsv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            return .jsonl
        }
        return .csv
    }
}
