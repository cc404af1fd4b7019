// Assay — quality control for human-labelled training data.

import AssayFormats
import Crypto
import Foundation

/// An input file as a command reads it, with the SHA-256 of exactly the bytes read.
///
/// Standard input (`-`) and anything that is not a regular file (a pipe, a FIFO, `/dev/stdin`) can
/// be read once only: it is copied into a temporary file while it is hashed, and the readers read
/// the copy (removed when the command ends). A regular file is read in place and hashed on its own.
struct SpooledInput {
    /// What the user gave ("-" for standard input).
    let given: String
    /// The path the readers open.
    let path: String
    /// How to name the input in messages.
    var display: String { given == "-" ? "standard input" : given }
    /// Whether `path` is a temporary copy.
    let isCopy: Bool

    /// Prepares `given` for reading, copying a stream into a temporary file.
    /// - Throws: `FormatError` when it cannot be opened or read.
    init(_ given: String) throws {
        self.given = given
        var st = stat()
        if given != "-" {
            guard stat(given, &st) == 0 else {
                throw FormatError(
                    file: given, line: 0, expected: "a readable file (\(String(cString: strerror(errno))))")
            }
        }
        if given != "-" && (st.st_mode & S_IFMT) == S_IFREG {
            path = given
            isCopy = false
            return
        }
        let source = given == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: given)
        guard let source else {
            throw FormatError(
                file: given, line: 0, expected: "a readable file (\(String(cString: strerror(errno))))")
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent(
            "assay-input-\(getpid())-\(UUID().uuidString)"
        ).path
        guard FileManager.default.createFile(atPath: tmp, contents: nil),
            let sink = FileHandle(forWritingAtPath: tmp)
        else { throw WriteError(path: tmp, errno: errno) }
        defer { try? sink.close() }
        do {
            while let chunk = try source.read(upToCount: 1 << 22), !chunk.isEmpty {
                try sink.write(contentsOf: chunk)
            }
        } catch {
            unlink(tmp)
            throw FormatError(
                file: given, line: 0, expected: "a readable input (\(error.localizedDescription))")
        }
        path = tmp
        isCopy = true
        // The copy is removed when the process exits, whatever happens.
        SpooledInput.copies.withLock { $0.append(tmp) }
        if SpooledInput.copies.withLock({ $0.count }) == 1 { atexit { SpooledInput.removeCopies() } }
    }

    /// Temporary copies made by this process.
    private static let copies = Locked<[String]>([])

    /// Removes every temporary copy.
    static func removeCopies() {
        copies.withLock { paths in
            for p in paths { unlink(p) }
            paths.removeAll()
        }
    }

    /// Hex SHA-256 of the bytes at `path`, read in chunks.
    func sha256() throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FormatError(file: display, line: 0, expected: "a readable file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Runs `body`, naming the input as the user gave it in any error about the copy.
    func renamingErrors<T>(_ body: () throws -> T) throws -> T {
        guard isCopy else { return try body() }
        do {
            return try body()
        } catch let e as FormatError {
            throw e.renamed(from: path, to: display)
        } catch let e as InputErrors {
            throw e.renamed(from: path, to: display)
        }
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    /// A locked value.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, under the lock.
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
