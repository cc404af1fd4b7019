// Assay — quality control for human-labelled training data.

import Crypto
import Foundation
import Hummingbird

/// A request body written to a file as it arrives, hashed on the way, never held whole.
enum Spool {
    /// What was written.
    struct Written: Sendable {
        /// The file (the caller removes it).
        var path: String
        /// Hex SHA-256 of the bytes received.
        var sha256: String
        /// Bytes received.
        var bytes: Int
        /// Whether the body went past the limit (the file is then incomplete).
        var tooLarge: Bool
    }

    /// Streams `body` into a new file in `folder`, stopping past `limit` bytes.
    /// - Throws: `Problem` 500 when the file cannot be written.
    /// - Complexity: O(bytes), one buffer in memory at a time.
    static func write(_ body: RequestBody, into folder: String, limit: Int) async throws -> Written {
        let path = (folder as NSString).appendingPathComponent("assay-upload-\(UUID().uuidString)")
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw Problem(.internalServerError, "the server cannot write its upload folder")
        }
        defer { close(fd) }
        var hasher = SHA256()
        var bytes = 0
        do {
            for try await buffer in body {
                bytes += buffer.readableBytes
                if bytes > limit { return Written(path: path, sha256: "", bytes: bytes, tooLarge: true) }
                try buffer.withUnsafeReadableBytes { raw in
                    hasher.update(bufferPointer: raw)
                    var offset = 0
                    while offset < raw.count {
                        let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n < 0 {
                            if errno == EINTR { continue }
                            throw Problem(
                                .init(code: 507, reasonPhrase: "Insufficient Storage"),
                                "the server could not store the delivery: \(String(cString: strerror(errno)))"
                            )
                        }
                        offset += n
                    }
                }
            }
        } catch {
            unlink(path)
            throw error
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return Written(path: path, sha256: digest, bytes: bytes, tooLarge: false)
    }
}
