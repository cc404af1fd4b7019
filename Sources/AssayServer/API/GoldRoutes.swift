// Assay — quality control for human-labelled training data.

import AssayFormats
import AssayStore
import Foundation
import Hummingbird

/// Gold answers: readers read them, admins add them; vendors never see them.
enum GoldRoutes {
    /// One gold answer.
    struct GoldBody: Encodable, Sendable {
        var position: Int64
        var item: String
        var answer: String
    }

    static let routes: [Route] = [
        Route(.get, "/v1/projects/{project}/gold", .reader) { server, request, context in
            let p = try await server.project(context)
            let all = try await server.store.goldAnswers(of: p).enumerated().map {
                GoldBody(position: Int64($0.offset + 1), item: $0.element.item, answer: $0.element.answer)
            }
            return try json(PageOf(all, id: \.position, page: try Page(request)))
        },
        Route(.post, "/v1/projects/{project}/gold", .admin) { server, request, context in
            let p = try await server.project(context)
            let mediaType =
                (request.headers[.contentType] ?? "").split(separator: ";").first.map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                } ?? ""
            guard let format = DeliveryRoutes.mediaTypes.first(where: { $0.0 == mediaType })?.1 else {
                throw Problem(
                    .unsupportedMediaType,
                    "Content-Type '\(mediaType)' is not a gold file format; expected text/csv, "
                        + "text/tab-separated-values or application/x-ndjson")
            }
            let spooled = try await Spool.write(
                request.body, into: server.limits.spoolDirectory, limit: server.limits.maxDeliveryBytes)
            defer { unlink(spooled.path) }
            if spooled.tooLarge { throw Problem(.contentTooLarge, "the gold file is larger than the limit") }
            // The readers tell formats by extension: name the spooled copy accordingly.
            let named = spooled.path + (format == .jsonl ? ".jsonl" : format == .tsv ? ".tsv" : ".csv")
            guard rename(spooled.path, named) == 0 else {
                throw Problem(.internalServerError, "cannot stage the gold file")
            }
            defer { unlink(named) }
            let replace = request.uri.queryParameters["replace"] == "true"
            let intake: GoldIntake
            do {
                intake = try GoldIntake.read(
                    named, display: "gold", project: p, stored: try await server.store.goldAnswers(of: p),
                    replace: replace)
            } catch let e as InputErrors {
                throw Problem.invalidRows(e)
            } catch let e as FormatError {
                throw Problem.invalidRows(InputErrors(errors: [e], total: 1))
            } catch let e as IntakeError {
                throw Problem(.conflict, e.description + " (?replace=true)")
            }
            let n = try await server.store.addGold(intake.answers, source: "api", to: p)
            if !intake.payloads.isEmpty { try await server.store.setPayloads(intake.payloads, in: p) }
            await server.invalidate(project: p)
            return try json(
                [
                    "answers": n, "new": intake.new, "changed": intake.changed,
                    "unchanged": n - intake.new - intake.changed,
                ],
                status: .created)
        },
    ]
}
