// Assay — quality control for human-labelled training data.

public import AssayStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a token (see `Store.createToken`).
    public func createToken(_ t: NewToken) async throws -> TokenRecord {
        let projects = String(decoding: try JSONEncoder().encode(t.projects), as: UTF8.self)
        return try await writing { [actor = AuditActor.current] db in
            let at = Self.now()
            try db.execute(
                sql: """
                    INSERT INTO token (role, subject, projects, created_at, expires_at, secret_hash, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [t.role.rawValue, t.subject, projects, at, t.expiresAt, t.secretHash, t.note])
            let id = db.lastInsertedRowID
            let record = TokenRecord(
                id: id, role: t.role, subject: t.subject, projects: t.projects, createdAt: at,
                expiresAt: t.expiresAt,
                revokedAt: nil, secretHash: t.secretHash, note: t.note)
            try Self.audit(
                db, "token.create",
                "token \(id): \(record.roleText)"
                    + (t.projects.isEmpty
                        ? ", every project" : ", projects \(t.projects.joined(separator: ", "))")
                    + (t.expiresAt.map { ", expires \($0)" } ?? ""), actor: actor)
            return record
        }
    }

    /// Every token, oldest first.
    public func tokens() async throws -> [TokenRecord] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM token ORDER BY id").map(Self.tokenRecord)
        }
    }

    /// The token with this id.
    public func token(id: Int64) async throws -> TokenRecord? {
        try await reading { db in
            try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ?", arguments: [id]).map(
                Self.tokenRecord)
        }
    }

    /// Revokes a token.
    public func revokeToken(id: Int64) async throws -> Bool {
        try await writing { [actor = AuditActor.current] db in
            try db.execute(
                sql: "UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [Self.now(), id])
            guard db.changesCount > 0 else { return false }
            try Self.audit(db, "token.revoke", "token \(id)", actor: actor)
            return true
        }
    }

    static func tokenRecord(_ row: Row) throws -> TokenRecord {
        let projects = try JSONDecoder().decode([String].self, from: Data((row["projects"] as String).utf8))
        guard let role = TokenRole(rawValue: row["role"]) else {
            throw StoreError.inconsistent(
                "token \(row["id"] as Int64) has an unknown role \(row["role"] as String)")
        }
        return TokenRecord(
            id: row["id"], role: role, subject: row["subject"], projects: projects,
            createdAt: row["created_at"],
            expiresAt: row["expires_at"], revokedAt: row["revoked_at"], secretHash: row["secret_hash"],
            note: row["note"])
    }
}
