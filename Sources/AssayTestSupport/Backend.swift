// Assay — quality control for human-labelled training data.

import AssayPostgres
import AssaySQLite
public import AssayStore
import Foundation

/// The backends every store test runs against.
public enum Backend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// Where a fresh, empty store lives: a new SQLite file, or a new database on the test
    /// PostgreSQL server (`TestPostgres`).
    public func makeLocation() throws -> String {
        switch self {
        case .sqlite:
            let dir = try Scratch.folder("assay-store")
            return dir.appendingPathComponent("assay.db").path
        case .postgres:
            return try TestPostgres.shared.get().freshDatabase()
        }
    }

    /// Opens the store at `location`.
    public func open(_ location: String) async throws -> any Store {
        switch self {
        case .sqlite: try SQLiteStore(path: location)
        case .postgres: try await PostgresStore(url: location)
        }
    }

    /// A fresh, empty store.
    public func make() async throws -> any Store { try await open(try makeLocation()) }
}
