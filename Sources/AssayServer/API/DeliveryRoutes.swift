// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// A receipt as the API shows it.
struct ReceiptBody: Encodable, Sendable {
    var id: Int64
    var deliveryID: Int64?
    var vendor: String
    var name: String
    var sha256: String
    var status: String
    var labels: Int
    var items: Int
    var receivedAt: String
    var errors: [Problem.RowError]
    var errorTotal: Int

    enum CodingKeys: String, CodingKey {
        case id
        case deliveryID = "delivery_id"
        case vendor, name, sha256, status, labels, items
        case receivedAt = "received_at"
        case errors
        case errorTotal = "error_total"
    }

    init(_ r: ReceiptRecord) {
        id = r.id
        deliveryID = r.deliveryID
        vendor = r.vendor
        name = r.name
        sha256 = r.sha256
        status = r.status
        labels = r.labels
        items = r.items
        receivedAt = r.receivedAt
        errors =
            (try? JSONDecoder().decode([RowErrorText].self, from: Data(r.errors.utf8)))?.map(\.error) ?? []
        errorTotal = r.errorTotal
    }

    /// A stored row error.
    struct RowErrorText: Codable {
        var line: Int
        var field: String?
        var value: String?
        var expected: String
        var error: Problem.RowError {
            Problem.RowError(line: line, field: field, value: value, expected: expected)
        }
    }
}

/// Deliveries: pushed by vendors (streamed to disk, hashed on the way, validated like `assay
/// import`), listed with their receipts.
enum DeliveryRoutes {
    static let routes: [Route] = [
        Route(.put, "/v1/projects/{project}/deliveries/{name}", .vendorOrAdmin) { server, request, context in
            try await push(server, request, context, name: try context.parameters.require("name"))
        },
        Route(.post, "/v1/projects/{project}/deliveries", .vendorOrAdmin) { server, request, context in
            guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty else {
                throw Problem(
                    .badRequest,
                    "POST needs an Idempotency-Key header naming the delivery (or PUT …/deliveries/NAME)")
            }
            return try await push(server, request, context, name: key)
        },
        Route(.get, "/v1/projects/{project}/deliveries", .readerOrVendor) { server, request, context in
            let p = try await server.project(context)
            let page = try Page(request)
            let fetched = try await server.store.receipts(
                of: p, vendor: context.caller!.vendor, after: page.after, limit: page.limit + 1)
            return try json(PageOf(fetched: fetched.map(ReceiptBody.init), id: \.id, page: page))
        },
        Route(.get, "/v1/projects/{project}/deliveries/{name}", .readerOrVendor) { server, _, context in
            let p = try await server.project(context)
            let name = try context.parameters.require("name")
            var found: [ReceiptBody] = []
            var after: Int64 = 0
            while true {
                let batch = try await server.store.receipts(
                    of: p, vendor: context.caller!.vendor, after: after, limit: 1000)
                found += batch.filter { $0.name == name }.map(ReceiptBody.init)
                guard let last = batch.last, batch.count == 1000 else { break }
                after = last.id
            }
            guard !found.isEmpty else { throw Problem.notFound("delivery \(name)") }
            return try json(["name": AnyEncodable(name), "receipts": AnyEncodable(found)])
        },
    ]

    /// The formats a delivery may come in, by media type.
    static let mediaTypes: [(String, InputFormat)] = [
        ("text/csv", .csv), ("application/csv", .csv), ("text/tab-separated-values", .tsv),
        ("application/x-ndjson", .jsonl), ("application/jsonl", .jsonl), ("application/x-jsonlines", .jsonl),
        ("application/jsonlines", .jsonl),
    ]

    /// Takes one delivery in: gate, stream to disk while hashing, replay or conflict by name,
    /// validate, store, receipt.
    static func push(_ server: AssayServer, _ request: Request, _ context: AssayContext, name: String)
        async throws
        -> Response
    {
        let caller = context.caller!
        let p = try await server.project(context)
        let vendor: String
        if let own = caller.vendor {
            if let asked = request.uri.queryParameters["vendor"], asked != own {
                throw Problem(.badRequest, "a vendor token delivers as its own vendor; leave out ?vendor=")
            }
            vendor = own
        } else {
            guard let asked = request.uri.queryParameters["vendor"], !asked.isEmpty else {
                throw Problem(.badRequest, "an admin pushing a delivery names its vendor: ?vendor=NAME")
            }
            vendor = String(asked)
        }
        guard !name.isEmpty, name.utf8.count <= 200, !name.unicodeScalars.contains(where: { $0.value < 0x20 })
        else {
            throw Problem(.badRequest, "a delivery name is 1 to 200 bytes without control characters")
        }
        let mediaType =
            (request.headers[.contentType] ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        guard let format = mediaTypes.first(where: { $0.0 == mediaType })?.1 else {
            server.metrics.deliveriesRejected.increment()
            throw Problem(
                .unsupportedMediaType,
                "Content-Type '\(mediaType)' is not a delivery format; expected one of "
                    + mediaTypes.map(\.0).joined(separator: ", "))
        }
        let encoding = (request.headers[.contentEncoding] ?? "identity").lowercased()
        guard encoding == "identity" || encoding == "gzip" else {
            server.metrics.deliveriesRejected.increment()
            throw Problem(
                .unsupportedMediaType,
                "Content-Encoding '\(encoding)' is not taken; expected gzip or identity")
        }
        let limit = server.limits.maxDeliveryBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            server.metrics.deliveriesRejected.increment()
            throw Problem(.contentTooLarge, "the delivery is \(length) bytes; the limit is \(limit)")
        }
        // Streamed to disk and hashed on the way: never held whole in memory. A gzip body is kept
        // compressed; the readers recognise it by content.
        let spooled = try await Spool.write(request.body, into: server.limits.spoolDirectory, limit: limit)
        defer { unlink(spooled.path) }
        if spooled.tooLarge {
            server.metrics.deliveriesRejected.increment()
            throw Problem(.contentTooLarge, "the delivery is larger than the limit of \(limit) bytes")
        }
        // Same name from the same vendor: a replay when the bytes are the same, a conflict otherwise.
        if let earlier = try await server.store.delivery(named: name, vendor: vendor, in: p) {
            if earlier.sha256 == spooled.sha256 {
                let r = try await server.store.recordReceipt(
                    NewReceipt(
                        vendor: vendor, name: name, sha256: spooled.sha256, status: "replayed",
                        labels: earlier.rows,
                        items: 0, deliveryID: earlier.id), in: p)
                return try json(ReceiptBody(r))
            }
            server.metrics.deliveriesRejected.increment()
            _ = try await server.store.recordReceipt(
                NewReceipt(
                    vendor: vendor, name: name, sha256: spooled.sha256, status: "conflict", labels: 0,
                    items: 0,
                    deliveryID: nil), in: p)
            throw Problem(
                .conflict,
                "delivery \(name) from \(vendor) was stored before (delivery \(earlier.id)) with other content; "
                    + "send new content under a new name")
        }
        let intake: DeliveryIntake
        do {
            intake = try DeliveryIntake.read(
                spooled.path, display: name, project: p, vendor: vendor, format: format, skipInvalid: false)
        } catch let e as InputErrors {
            try await reject(server, p, vendor: vendor, name: name, sha256: spooled.sha256, e)
            throw Problem.invalidRows(e)
        } catch let e as FormatError {
            let errors = InputErrors(errors: [e], total: 1)
            try await reject(server, p, vendor: vendor, name: name, sha256: spooled.sha256, errors)
            throw Problem.invalidRows(errors)
        } catch let e as IntakeError {
            try await reject(
                server, p, vendor: vendor, name: name, sha256: spooled.sha256,
                InputErrors(errors: [FormatError(file: name, line: 0, expected: e.description)], total: 1))
            throw Problem(.unprocessableContent, e.description, kind: "empty-delivery")
        }
        let part = intake.parts(fileSHA256: spooled.sha256)[0]
        let outcome: ImportOutcome
        do {
            outcome = try await server.store.importDelivery(
                DeliveryImport(
                    vendor: vendor, source: name, sha256: part.sha256, costPerLabel: nil, labels: part.labels),
                into: p)
        } catch let e as StoreError {
            throw Problem(.unprocessableContent, e.description)
        }
        switch outcome {
        case .imported(let id, let n):
            server.metrics.labelsIngested.increment(by: Int64(n))
            server.metrics.deliveriesAccepted.increment()
            await server.invalidate(project: p)
            let r = try await server.store.recordReceipt(
                NewReceipt(
                    vendor: vendor, name: name, sha256: spooled.sha256, status: "accepted", labels: n,
                    items: part.labels.itemCount, deliveryID: id), in: p)
            return try json(ReceiptBody(r), status: .created)
        case .duplicate(let earlier):
            let r = try await server.store.recordReceipt(
                NewReceipt(
                    vendor: vendor, name: name, sha256: spooled.sha256, status: "replayed",
                    labels: earlier.rows,
                    items: part.labels.itemCount, deliveryID: earlier.id), in: p)
            return try json(ReceiptBody(r))
        case .sameRows(let earlier):
            server.metrics.deliveriesRejected.increment()
            _ = try await server.store.recordReceipt(
                NewReceipt(
                    vendor: vendor, name: name, sha256: spooled.sha256, status: "conflict", labels: 0,
                    items: part.labels.itemCount, deliveryID: nil), in: p)
            throw Problem(
                .conflict,
                "the rows of \(name) equal delivery \(earlier.id) from \(vendor) (\(earlier.source)); nothing was written"
            )
        }
    }

    /// Keeps the receipt of a rejected delivery, with its first row errors.
    static func reject(
        _ server: AssayServer, _ p: ProjectRecord, vendor: String, name: String, sha256: String,
        _ e: InputErrors
    ) async throws {
        server.metrics.deliveriesRejected.increment()
        let rows = e.errors.map {
            ReceiptBody.RowErrorText(line: $0.line, field: $0.field, value: $0.value, expected: $0.expected)
        }
        let text = String(decoding: try JSONEncoder.api.encode(rows), as: UTF8.self)
        _ = try await server.store.recordReceipt(
            NewReceipt(
                vendor: vendor, name: name, sha256: sha256, status: "rejected", labels: 0, items: 0,
                deliveryID: nil,
                errors: text, errorTotal: e.total), in: p)
    }
}

/// Any encodable value, for small ad-hoc JSON objects.
struct AnyEncodable: Encodable, Sendable {
    let encodeValue: @Sendable (any Encoder) throws -> Void

    init(_ value: some Encodable & Sendable) { encodeValue = { try value.encode(to: $0) } }

    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}
