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
    /// Bytes inflated so far, and the most the file may inflate to.
    private var inflated = 0
    private let maxInflated: Int
    private let limits: InputLimits
    let path: String

    /// A gzip stream to be read from the start of `path`, a file of `compressedSize` bytes.
    /// - Throws: `FormatError` when zlib cannot start.
    init(path: String, compressedSize: Int, limits: InputLimits) throws {
        self.path = path
        self.limits = limits
        maxInflated = limits.maxInflatedBytes(compressedSize: compressedSize)
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

    /// The offset in the compressed file of the next byte zlib will read.
    private var position: Int { consumed - Int(stream.avail_in) }

    /// Whether the file at `fd` starts with the gzip magic bytes (1f 8b); reads them with `pread`, so
    /// the file position does not move.
    static func isGzip(_ fd: Int32) -> Bool {
        var magic: (UInt8, UInt8) = (0, 0)
        let got = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        return got == 2 && magic.0 == 0x1F && magic.1 == 0x8B
    }

    /// Fills `out[0..<count]` with decompressed bytes, reading `fd` as needed; returns how many it
    /// wrote, 0 only at the end of the data.
    /// - Throws: `FormatError` for corrupt data, a file that ends inside a member or one that inflates
    ///   past `InputLimits.maxInflatedBytes`; each names the offset in the compressed file (line 0:
    ///   the parser may be lines behind, since decompression runs ahead).
    func read(_ fd: Int32, into out: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        var produced = 0
        while produced < count {
            if stream.avail_in == 0 && !inputEnded {
                let got = Foundation.read(fd, input, inputCapacity)
                guard got >= 0 else {
                    throw FormatError(
                        file: path, line: 0,
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
                        file: path, line: 0,
                        expected: "a complete gzip stream (the file ends at compressed byte \(consumed), "
                            + "before the end of the compressed stream; truncated?)")
                }
                return produced
            }
            let room = min(count - produced, Int(UInt32.max))
            stream.next_out = out + produced
            stream.avail_out = UInt32(room)
            let before = stream.avail_in
            let status = inflate(&stream, Z_NO_FLUSH)
            produced += room - Int(stream.avail_out)
            inflated += room - Int(stream.avail_out)
            if inflated > maxInflated {
                throw FormatError(
                    file: path, line: 0,
                    expected: "a gzip file that inflates to at most \(InputLimits.size(maxInflated)) "
                        + "(\(InputLimits.size(limits.inflatedFloor)) or \(limits.inflationRatio) times its "
                        + "compressed size, whichever is more); it inflates to more by compressed byte "
                        + "\(position) (a decompression bomb?)")
            }
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
                    file: path, line: 0,
                    expected: "valid gzip data (zlib: \(reason) at compressed byte \(position))")
            }
        }
        return produced
    }
}

/// Runs an `Inflater` on its own thread, a few blocks ahead of the reader, so that decompressing
/// the next piece of a gzip file overlaps with parsing the last one.
final class InflatingReader: @unchecked Sendable {
    private let inflater: Inflater
    private let fd: Int32
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [[UInt8]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var running = true
    private var compressedRead = 0
    // The reader's side.
    private var current: [UInt8] = []
    private var offset = 0
    private let blockSize = 1 << 21
    private let blocksAhead = 4

    /// Starts decompressing `fd` (a gzip file at its start) on a new thread.
    init(inflater: Inflater, fd: Int32) {
        self.inflater = inflater
        self.fd = fd
        let thread = Thread { [self] in produce() }
        thread.start()
    }

    /// Compressed bytes read from the file so far.
    var consumed: Int {
        condition.lock()
        defer { condition.unlock() }
        return compressedRead
    }

    private func produce() {
        while true {
            condition.lock()
            while ready.count >= blocksAhead && !cancelled { condition.wait() }
            if cancelled {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.unlock()
            var block: [UInt8] = []
            var error: (any Error)?
            do {
                block = try [UInt8](unsafeUninitializedCapacity: blockSize) { buffer, count in
                    count = try inflater.read(fd, into: buffer.baseAddress!, count: blockSize)
                }
            } catch let e { error = e }
            condition.lock()
            compressedRead = inflater.consumed
            if let error {
                failure = error
            } else if block.isEmpty {
                finished = true
            } else {
                ready.append(block)
            }
            let done = error != nil || block.isEmpty
            if done { running = false }
            condition.broadcast()
            condition.unlock()
            if done { return }
        }
    }

    /// Copies the next decompressed bytes to `out[0..<count]`; returns how many, 0 only at the end.
    /// - Throws: the decompressor's error (corrupt or truncated data).
    func read(into out: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        var copied = 0
        while copied < count {
            if offset == current.count {
                condition.lock()
                while ready.isEmpty && !finished && failure == nil { condition.wait() }
                if ready.isEmpty {
                    let failure = failure
                    condition.unlock()
                    if let failure { throw failure }
                    return copied
                }
                current = ready.removeFirst()
                offset = 0
                condition.broadcast()
                condition.unlock()
            }
            let n = min(count - copied, current.count - offset)
            current.withUnsafeBufferPointer {
                (out + copied).update(from: $0.baseAddress! + offset, count: n)
            }
            copied += n
            offset += n
        }
        return copied
    }

    /// Stops the thread and waits for it to leave (before the file is closed).
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }
}
