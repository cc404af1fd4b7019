// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayPostgres
import AssaySQLite
import AssayStore
import Foundation

/// Where the store is: `--store PATH`, else `$ASSAY_STORE`, else `./assay.db`.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("store"),
        help: "Store: a SQLite file path or a postgres:// URL (default $ASSAY_STORE or ./assay.db).")
    var location: String?

    /// The store's location as resolved.
    var resolved: String { location ?? ProcessInfo.processInfo.environment["ASSAY_STORE"] ?? "assay.db" }

    /// Opens the store: PostgreSQL for a `postgres://` or `postgresql://` URL, else a SQLite file.
    func open() async throws -> any Store {
        let target = resolved
        do {
            if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") {
                return try await PostgresStore(url: target)
            }
            return try SQLiteStore(path: target)
        } catch let e as StoreError {
            throw e.asInput
        } catch {
            throw InputProblem(message: "cannot open the store \(target): \(error)")
        }
    }
}

extension StoreError {
    /// Store errors are the user's input problems (exit status 1).
    var asInput: InputProblem { InputProblem(message: description) }
}
