// Assay — quality control for human-labelled training data.

public import AssayFormats
import Foundation
public import Hummingbird

/// An error answer in RFC 9457's shape (`application/problem+json`): a status, a title, a detail
/// sentence, and for a rejected delivery its row errors as a list.
public struct Problem: Error, Sendable, Encodable {
    /// One invalid row of a delivery.
    public struct RowError: Sendable, Encodable {
        /// 1-based line in the delivery.
        public var line: Int
        /// The column or key, when one is concerned.
        public var field: String?
        /// The value found, when there is one.
        public var value: String?
        /// What was expected.
        public var expected: String
    }

    /// A URI naming the kind of problem.
    public var type: String
    /// The HTTP status.
    public var status: Int
    /// A short, fixed summary of the kind.
    public var title: String
    /// What went wrong here, in a sentence.
    public var detail: String
    /// Row errors of a delivery (the first of them), when any.
    public var errors: [RowError]?
    /// How many rows were invalid in all.
    public var errorTotal: Int?

    enum CodingKeys: String, CodingKey {
        case type, status, title, detail, errors
        case errorTotal = "error_total"
    }

    /// A problem with `status` and a detail sentence.
    public init(_ status: HTTPResponse.Status, _ detail: String, kind: String? = nil) {
        self.status = Int(status.code)
        self.title = status.reasonPhrase
        self.detail = detail
        self.type = kind.map { "https://assay.invalid/problems/\($0)" } ?? "about:blank"
    }

    /// The same 404 for what does not exist and what the caller may not see.
    public static func notFound(_ what: String) -> Problem { Problem(.notFound, "no \(what) here") }

    /// A rejected delivery: its row errors (up to `limit`) and their total.
    public static func invalidRows(_ e: InputErrors) -> Problem {
        var p = Problem(
            .unprocessableContent, "the delivery has \(e.total) invalid rows; nothing was written",
            kind: "invalid-rows")
        p.errors = e.errors.map {
            RowError(line: $0.line, field: $0.field, value: $0.value, expected: $0.expected)
        }
        p.errorTotal = e.total
        return p
    }

    /// The answer as a response.
    public func response(headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        headers.append(contentsOf: extra)
        let body = (try? JSONEncoder.api.encode(self)) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension JSONEncoder {
    /// The server's JSON: sorted keys (the same value prints the same bytes), slashes unescaped.
    static var api: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

/// A JSON response from an encodable value.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws
    -> Response
{
    var headers: HTTPFields = [.contentType: "application/json"]
    headers.append(contentsOf: extra)
    return Response(
        status: status, headers: headers,
        body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.api.encode(value))))
}
