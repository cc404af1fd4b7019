// Assay — quality control for human-labelled training data.

import CZlib
import Foundation

/// Decompresses a gzip file (one or more concatenated members, as `gzip` and `cat a.gz b.gz` write
/// them) from a file descriptor, piece by piece, through the system zlib.
final class Inflater {
    private var stream = z_stream()
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 1 << 20
    private var inputEnded = false
    /// Whether a member has been started and not finished (the file must not end there).
    private var inMember = false
    /// Compressed bytes read from the file so far.
    private(set) var consumed = 0
    let path: String

    /// A gzip stream to be read from the start of `path`.
    /// - Throws: `FormatError` when zlib cannot start.
    init(path: String) throws {
        self.path = path
        input = .allocate(capacity: inputCapacity)
        guard assay_inflate_init_gzip(&stream) == Z_OK else {
            input.deallocate()
            throw FormatError(file: path, line: 0, expected: "memory for gzip decompression")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Whether the file at `fd` starts with the gzip magic bytes (1f 8b); reads them with `pread`, so
    /// the file position does not move.
    static func isGzip(_ fd: Int32) -> Bool {
        var magic: (UInt8, UInt8) = (0, 0)
        let got = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        return got == 2 && magic.0 == 0x1F && magic.1 == 0x8B
    }

    /// Fills `out[0..<count]` with decompressed bytes, reading `fd` as needed; returns how many it
    /// wrote, 0 only at the end of the data. `line` is for error messages.
    /// - Throws: `FormatError` for corrupt data or a file that ends inside a member.
    func read(_ fd: Int32, into out: UnsafeMutablePointer<UInt8>, count: Int, line: Int) throws -> Int {
        var produced = 0
        while produced < count {
            if stream.avail_in == 0 && !inputEnded {
                let got = Foundation.read(fd, input, inputCapacity)
                guard got >= 0 else {
                    throw FormatError(
                        file: path, line: line,
                        expected: "a readable file (\(String(cString: strerror(errno))))")
                }
                if got == 0 { inputEnded = true }
                consumed += got
                stream.next_in = input
                stream.avail_in = UInt32(got)
            }
            if stream.avail_in == 0 && inputEnded {
                if inMember {
                    throw FormatError(
                        file: path, line: line,
                        expected: "a complete gzip stream (the file ends inside compressed data; truncated?)")
                }
                return produced
            }
            let room = min(count - produced, Int(UInt32.max))
            stream.next_out = out + produced
            stream.avail_out = UInt32(room)
            let before = stream.avail_in
            let status = inflate(&stream, Z_NO_FLUSH)
            produced += room - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                // A member ended; another may follow (concatenated gzip files).
                inMember = false
                inflateReset(&stream)
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_in < before { inMember = true }
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw FormatError(
                    file: path, line: line, expected: "valid gzip data (zlib: \(reason))")
            }
        }
        return produced
    }
}
