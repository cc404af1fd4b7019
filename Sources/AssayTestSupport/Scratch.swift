// Assay — quality control for human-labelled training data.

public import Foundation

/// Folders the tests write into, all under one folder per test process
/// (`$TMPDIR/assay-tests-PID`), removed when the process exits normally: a run of `swift test`
/// leaves nothing behind in the temporary directory.
public enum Scratch {
    /// The process's folder, made on first use (its removal registered with `atexit`).
    public static let root: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "assay-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        rootPath = dir.path
        atexit {
            if let path = Scratch.rootPath { try? FileManager.default.removeItem(atPath: path) }
        }
        return dir
    }()

    /// The root's path, for the exit handler (which cannot capture).
    nonisolated(unsafe) static var rootPath: String?

    /// A new empty folder named `prefix-UUID` under the process's folder.
    public static func folder(_ prefix: String) throws -> URL {
        let dir = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A path under the process's folder for a file named `prefix-UUID` (not created; the folder
    /// is made again if an exit handler removed it before another one runs a command).
    public static func file(_ prefix: String) -> URL {
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }
}
