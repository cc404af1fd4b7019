// Assay — quality control for human-labelled training data.

import Crypto
import Foundation

/// The text of an API token, `assay_<id>_<secret>`, and what is done with it.
///
/// The secret is 32 bytes from the system's cryptographic random source (256 bits), written in
/// base64url. The store keeps only the secret's SHA-256; a presented token is checked by looking up
/// its id and comparing hashes in constant time, so neither a timing nor a stolen database reveals a
/// usable secret. (A fast hash suffices for 256 random bits: there is nothing to guess.)
public enum TokenSecret {
    /// A new random secret.
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Hex SHA-256 of a secret: what the store keeps.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The token text for a stored id and its secret.
    public static func format(id: Int64, secret: String) -> String { "assay_\(id)_\(secret)" }

    /// The id and secret of a token text, or nil when it is not one.
    public static func parse(_ text: String) -> (id: Int64, secret: String)? {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "assay", let id = Int64(parts[1]), id > 0,
            parts[2].utf8.count >= 20,
            parts[2].utf8.count <= 200
        else { return nil }
        return (id, String(parts[2]))
    }

    /// Whether two texts are equal, in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for j in 0..<x.count { difference |= x[j] ^ y[j] }
        return difference == 0
    }
}
