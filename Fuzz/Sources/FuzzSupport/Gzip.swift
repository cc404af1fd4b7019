// Assay — quality control for human-labelled training data.

import CZlib

/// Writing gzip members with the system zlib, for the gzip fuzz target.
public enum Gzip {
    /// `bytes` as one gzip member at `level` (0–9).
    public static func member(_ bytes: some Collection<UInt8>, level: Int32) -> [UInt8] {
        var stream = z_stream()
        require(assay_deflate_init_gzip(&stream, level) == Z_OK, "deflateInit2")
        defer { deflateEnd(&stream) }
        var input = Array(bytes)
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
        let written = input.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                stream.next_in = i.baseAddress
                stream.avail_in = UInt32(i.count)
                stream.next_out = o.baseAddress
                stream.avail_out = UInt32(o.count)
                require(deflate(&stream, Z_FINISH) == Z_STREAM_END, "deflate")
                return o.count - Int(stream.avail_out)
            }
        }
        return Array(out.prefix(written))
    }
}
