// Assay — quality control for human-labelled training data.

public import AssayStore
import Foundation
import PostgresNIO

extension PostgresStore {
    static let tokenColumns =
        "id, role, subject, projects::text, \(iso("created_at")), \(iso("expires_at")), \(iso("revoked_at")), secret_hash, note"

    typealias TokenRow = (Int64, String, String?, String, String, String?, String?, String, String)

    /// Stores a token (see `Store.createToken`).
    public func createToken(_ t: NewToken) async throws -> TokenRecord {
        let projects = String(decoding: try JSONEncoder().encode(t.projects), as: UTF8.self)
        return try await transaction { c in
            var record: TokenRecord?
            for try await row in try await c.query(
                """
                INSERT INTO token (role, subject, projects, expires_at, secret_hash, note)
                VALUES (\(t.role.rawValue), \(t.subject), \(projects)::jsonb, \(t.expiresAt)::timestamptz,
                    \(t.secretHash), \(t.note))
                RETURNING \(unescaped: Self.tokenColumns)
                """, logger: logger
            ).decode(TokenRow.self) {
                record = try Self.tokenRecord(row)
            }
            guard let record else { throw StoreError.backend("the token was not stored") }
            try await audit(
                "token.create",
                "token \(record.id): \(record.roleText)"
                    + (t.projects.isEmpty
                        ? ", every project" : ", projects \(t.projects.joined(separator: ", "))")
                    + (t.expiresAt.map { ", expires \($0)" } ?? ""), on: c)
            return record
        }
    }

    /// Every token, oldest first.
    public func tokens() async throws -> [TokenRecord] {
        try await transaction { c in
            var out: [TokenRecord] = []
            for try await row in try await c.query(
                "SELECT \(unescaped: Self.tokenColumns) FROM token ORDER BY id", logger: logger
            ).decode(TokenRow.self) {
                out.append(try Self.tokenRecord(row))
            }
            return out
        }
    }

    /// The token with this id.
    public func token(id: Int64) async throws -> TokenRecord? {
        try await transaction { c in
            for try await row in try await c.query(
                "SELECT \(unescaped: Self.tokenColumns) FROM token WHERE id = \(id)", logger: logger
            ).decode(TokenRow.self) {
                return try Self.tokenRecord(row)
            }
            return nil
        }
    }

    /// Revokes a token.
    public func revokeToken(id: Int64) async throws -> Bool {
        try await transaction { c in
            var revoked = false
            for try await _ in try await c.query(
                "UPDATE token SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
                logger: logger
            ).decode(Int64.self) {
                revoked = true
            }
            if revoked { try await audit("token.revoke", "token \(id)", on: c) }
            return revoked
        }
    }

    static func tokenRecord(_ r: TokenRow) throws -> TokenRecord {
        let projects = try JSONDecoder().decode([String].self, from: Data(r.3.utf8))
        guard let role = TokenRole(rawValue: r.1) else {
            throw StoreError.inconsistent("token \(r.0) has an unknown role \(r.1)")
        }
        return TokenRecord(
            id: r.0, role: role, subject: r.2, projects: projects, createdAt: r.4, expiresAt: r.5,
            revokedAt: r.6,
            secretHash: r.7, note: r.8)
    }
}
