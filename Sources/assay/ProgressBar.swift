// Assay — quality control for human-labelled training data.

import Foundation

/// A progress bar on standard error, shown only when standard error is a terminal and only once an
/// operation has taken more than two seconds; silent otherwise.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private let enabled = isatty(2) != 0
    private var shown = false
    private let lock = NSLock()

    /// A bar for `label`.
    init(_ label: String) { self.label = label }

    /// Reports `done` of `total` bytes.
    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 2 else { return }
        shown = true
        let share = min(Double(done) / Double(total), 1)
        let width = 30
        let filled = Int(share * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let eta = share > 0 ? elapsed / share - elapsed : 0
        FileHandle.standardError.write(
            Data(String(format: "\r%@ %@ %3.0f%%  %.0f s left ", label, bar, 100 * share, eta).utf8))
    }

    /// Clears the bar's line if it was drawn.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
