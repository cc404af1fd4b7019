// Assay — quality control for human-labelled training data.

import Foundation

/// Fuzz inputs as files (the readers take paths), and the check that stops a run when an invariant
/// does not hold.
public enum FuzzFile {
    /// A directory of this process's own in `/dev/shm` (memory) when there is one, removed when the
    /// process exits.
    private static let directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = "\(base)/assay-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzFile.directory) }
        return dir
    }()

    /// Writes `bytes` to this process's scratch file `name` (replacing it) and returns its path.
    public static func write(_ bytes: UnsafeRawBufferPointer, as name: String) -> String {
        let path = "\(directory)/\(name)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        require(fd >= 0, "cannot create \(path)")
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            require(n > 0, "cannot write \(path)")
            done += n
        }
        close(fd)
        return path
    }

    /// Writes `bytes` to the scratch file `name` and returns its path.
    public static func write(_ bytes: [UInt8], as name: String) -> String {
        bytes.withUnsafeBytes { write($0, as: name) }
    }
}

/// Stops the run with `message` when `condition` is false: libFuzzer saves the input as a crash.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        FileHandle.standardError.write(Data("assay fuzz: invariant broken: \(message())\n".utf8))
        abort()
    }
}

/// The number of lines of `bytes` (line feeds plus one): no record can start on a later line.
public func lineCount(_ bytes: UnsafeRawBufferPointer) -> Int {
    bytes.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
}

/// Whether `bytes` could spell U+FFFD in an id: as UTF-8 (EF BF BD) or as a JSON escape (`\u`).
/// Otherwise a replacement character in an id means invalid bytes were repaired, not refused.
public func mayHoldReplacementCharacter(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let b = Array(bytes)
    for i in b.indices.dropLast(2) where b[i] == 0xEF && b[i + 1] == 0xBF && b[i + 2] == 0xBD { return true }
    for i in b.indices.dropLast() where b[i] == 0x5C && (b[i + 1] == 0x75 || b[i + 1] == 0x55) { return true }
    return false
}
