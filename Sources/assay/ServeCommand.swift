// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import Logging

/// `assay serve`: the HTTP API vendors deliver to and buyers read from.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the store over HTTP: the API (deliveries, receipts, gold, batches, analysis) and the dashboard.",
        discussion: """
            Every API route but /healthz, /metrics and /openapi.yaml needs `Authorization: Bearer TOKEN`; the \
            dashboard at / signs in with the same tokens (a session cookie; annotator tokens open the \
            labelling queue). \
            SIGINT or SIGTERM stops the server gracefully: requests in flight finish, the store closes. \
            Logs go to standard error; the line 'listening on http://HOST:PORT' says where it listens.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0: any free port).") var port = 8080
    @Option(name: .customLong("max-delivery-mb"), help: "Largest delivery accepted, in MiB (413 beyond).")
    var maxDeliveryMB = 2048
    @Option(name: .customLong("idle-timeout"), help: "Seconds before an idle connection is closed.")
    var idleTimeout: Int64 = 60
    @Option(name: .customLong("port-file"), help: "Write the bound port to this file once listening.")
    var portFile: String?
    @Flag(
        name: .customLong("secure-cookies"),
        help: "Mark the dashboard's cookies Secure (behind a proxy that terminates TLS without saying so).")
    var secureCookies = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard maxDeliveryMB > 0 else { throw ValidationError("--max-delivery-mb takes a count > 0") }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout takes seconds > 0") }
    }

    func run() async throws {
        let s = try await store.open(.create)
        var logger = Logger(label: "assay.serve")
        logger.logLevel = .info
        let server = AssayServer(
            store: s, limits: ServerLimits(maxDeliveryBytes: maxDeliveryMB << 20),
            pageOptions: PageOptions(secureCookies: secureCookies))
        let host = self.host
        let portFile = self.portFile
        let app = server.application(host: host, port: port, logger: logger, idleTimeout: idleTimeout) {
            bound in
            note("listening on http://\(host):\(bound)")
            if let portFile { try? "\(bound)\n".write(toFile: portFile, atomically: true, encoding: .utf8) }
        }
        try await app.runService()
        await s.close()
    }
}

/// `assay token`: API tokens and their roles.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once (only its hash is stored).",
            discussion: """
                Roles: admin (everything), viewer (reads everything, changes nothing), vendor:NAME (pushes \
                deliveries as NAME, reads its own receipts and batches), annotator:NAME (labels in the \
                in-house queue). --project limits the token to projects (repeat it); none means every project.
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "admin, viewer, vendor:NAME or annotator:NAME.") var role: String
        @Option(help: "A project the token may reach (repeatable; default every project).") var project:
            [String] = []
        @Option(help: "When it stops working: a date (YYYY-MM-DD) or ISO 8601 time, UTC.") var expires:
            String?
        @Option(help: "A note: who holds it.") var note = ""

        func run() async throws {
            let (role, subject) = try Self.parseRole(role)
            var expiresAt: String?
            if let expires {
                guard let date = Self.parseDate(expires) else {
                    throw ValidationError("--expires takes YYYY-MM-DD or an ISO 8601 time, got '\(expires)'")
                }
                guard date > Date() else { throw ValidationError("--expires \(expires) is in the past") }
                expiresAt = ISO8601DateFormatter().string(from: date)
            }
            let s = try await store.open(.create)
            for p in project {
                do { _ = try await s.project(named: p) } catch let e as StoreError { throw e.asInput }
            }
            let secret = TokenSecret.generate()
            let record = try await s.createToken(
                NewToken(
                    role: role, subject: subject, projects: project, expiresAt: expiresAt,
                    secretHash: TokenSecret.hash(secret), note: self.note))
            print(TokenSecret.format(id: record.id, secret: secret))
            AssayCLI.note(
                "token \(record.id): \(record.roleText), "
                    + (project.isEmpty ? "every project" : "projects \(project.joined(separator: ", "))")
                    + (expiresAt.map { ", expires \($0)" } ?? "") + "; it is shown only now")
        }

        static func parseRole(_ text: String) throws -> (TokenRole, String?) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard let role = TokenRole(rawValue: parts.first ?? "") else {
                throw ValidationError(
                    "--role takes admin, viewer, vendor:NAME or annotator:NAME, got '\(text)'")
            }
            switch role {
            case .admin, .viewer:
                guard parts.count == 1 else { throw ValidationError("--role \(role.rawValue) takes no name") }
                return (role, nil)
            case .vendor, .annotator:
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw ValidationError("--role \(role.rawValue) needs a name: \(role.rawValue):NAME")
                }
                return (role, parts[1])
            }
        }

        static func parseDate(_ text: String) -> Date? {
            if let d = ISO8601DateFormatter().date(from: text) { return d }
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd"
            return f.date(from: text)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable {
            var id: Int64
            var role: String
            var projects: [String]
            var createdAt: String
            var expiresAt: String?
            var revokedAt: String?
            var note: String
            enum CodingKeys: String, CodingKey {
                case id, role, projects, note
                case createdAt = "created_at"
                case expiresAt = "expires_at"
                case revokedAt = "revoked_at"
            }
        }

        func run() async throws {
            let rows = try await store.open(.read).tokens().map {
                Row(
                    id: $0.id, role: $0.roleText, projects: $0.projects, createdAt: $0.createdAt,
                    expiresAt: $0.expiresAt,
                    revokedAt: $0.revokedAt, note: $0.note)
            }
            if json {
                print(try JSONOutput.line(rows))
                return
            }
            for r in rows {
                let state =
                    r.revokedAt.map { "revoked \($0)" } ?? r.expiresAt.map { "expires \($0)" } ?? "no expiry"
                print(
                    "\(r.id)\t\(quotedIfNeeded(r.role))\t\(r.projects.isEmpty ? "every project" : r.projects.map(quotedIfNeeded).joined(separator: ","))\t\(state)\t\(quotedIfNeeded(r.note))"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by its id (its first number).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Token id (the number in assay_ID_…).") var id: Int64

        func run() async throws {
            guard try await store.open(.write).revokeToken(id: id) else {
                throw InputProblem(message: "no active token \(id) (assay token list)")
            }
            print("revoked token \(id)")
        }
    }
}
