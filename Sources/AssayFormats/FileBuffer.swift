// Assay — quality control for human-labelled training data.

import Foundation

/// A window on a file read in large pieces: `buffer[start..<end]` holds bytes not yet consumed;
/// `refill` moves them to the front and reads more, growing the buffer when one record does not
/// fit. The allocation has `padding` readable bytes past `capacity`, so a key that starts in the
/// buffer can be read as a whole 8-byte word (`ByteInterner.headAndHash(padded:count:)`). A gzip
/// file (recognised by its first two bytes, whatever its name) is decompressed on the way in.
final class FileBuffer {
    /// Readable bytes after the last byte of the buffer.
    static let padding = 8
    /// The path (for error messages).
    let path: String
    /// The file's size in bytes when known.
    let fileSize: Int
    private let fd: Int32
    /// The bytes read.
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    /// Room in `buffer`.
    private(set) var capacity: Int
    /// First byte not yet consumed.
    var start = 0
    /// End of the bytes read.
    private(set) var end = 0
    /// Whether the end of the file has been read.
    private(set) var eof = false
    /// Bytes read so far (decompressed, for a gzip file).
    private(set) var bytesRead = 0
    /// The decompressor of a gzip file, running ahead on its own thread; nil for a plain file.
    private let inflater: InflatingReader?

    /// What the file may make the buffer hold or inflate to.
    let limits: InputLimits

    /// Opens `path` with a buffer of `capacity` bytes.
    /// - Throws: `FormatError` when the file cannot be opened.
    init(path: String, capacity: Int, limits: InputLimits = .standard) throws {
        self.path = path
        self.limits = limits
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FormatError(
                file: path, line: 0, expected: "a readable file (\(String(cString: strerror(errno))))")
        }
        var st = stat()
        fileSize = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        do {
            inflater =
                Inflater.isGzip(fd)
                ? InflatingReader(
                    inflater: try Inflater(path: path, compressedSize: fileSize, limits: limits), fd: fd)
                : nil
        } catch {
            close(fd)
            throw error
        }
        self.capacity = max(capacity, 64)
        buffer = .allocate(capacity: self.capacity + Self.padding)
        (buffer + self.capacity).initialize(repeating: 0, count: Self.padding)
    }

    deinit {
        inflater?.stop()
        close(fd)
        buffer.deallocate()
    }

    /// Moves the unconsumed bytes to the front and reads until the buffer is full or the file ends;
    /// doubles the buffer first when it is full (one record does not fit), up to
    /// `limits.maxRecordBytes`. `line` is the line of the first unconsumed byte, for errors.
    /// - Throws: `FormatError` when the file cannot be read, a record is longer than the cap, or
    ///   (gzip) the compressed data is damaged, truncated or inflates past its cap.
    func refill(line: Int) throws {
        if start > 0 {
            let n = end - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            end = n
            start = 0
        }
        if end == capacity {
            guard capacity < limits.maxRecordBytes else {
                throw FormatError(
                    file: path, line: line,
                    expected: "records of at most \(InputLimits.size(limits.maxRecordBytes)); the one "
                        + "starting here is longer (no line end, or an unclosed quote?)")
            }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + Self.padding)
            bigger.update(from: buffer, count: end)
            (bigger + capacity * 2).initialize(repeating: 0, count: Self.padding)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        while end < capacity && !eof {
            let got =
                try inflater?.read(into: buffer + end, count: capacity - end)
                ?? read(fd, buffer + end, capacity - end)
            guard got >= 0 else {
                throw FormatError(
                    file: path, line: line, expected: "a readable file (\(String(cString: strerror(errno))))")
            }
            if got == 0 { eof = true }
            end += got
            bytesRead += got
        }
    }

    /// How far reading has come, as (bytes, of bytes) of the file on disk: for a gzip file the
    /// compressed bytes read, otherwise the bytes consumed.
    var progress: (done: Int, total: Int) {
        (inflater?.consumed ?? bytesRead - (end - start), fileSize)
    }

    /// The file's size once read (decompressed): for a gzip file, its size on disk scaled by the
    /// compression ratio seen so far.
    var expectedSize: Int {
        guard let inflater, inflater.consumed > 0 else { return fileSize }
        return Int(Double(fileSize) * Double(bytesRead) / Double(inflater.consumed))
    }

    /// Skips a UTF-8 byte-order mark at the start of the file (call after the first `refill`).
    func skipByteOrderMark() {
        if bytesRead == end && start == 0 && end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB
            && buffer[2] == 0xBF
        {
            start = 3
        }
    }
}
