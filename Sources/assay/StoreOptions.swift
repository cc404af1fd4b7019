// Assay — quality control for human-labelled training data.

public import ArgumentParser
import AssaySQLite
import AssayStore
import Foundation

/// Where the store is: `--store PATH`, else `$ASSAY_STORE`, else `./assay.db`.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("store"), help: "Store: a SQLite file path (default $ASSAY_STORE or ./assay.db).")
    var location: String?

    /// The store's location as resolved.
    var resolved: String { location ?? ProcessInfo.processInfo.environment["ASSAY_STORE"] ?? "assay.db" }

    /// Opens the store.
    func open() throws -> any Store {
        let target = resolved
        if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") {
            throw InputProblem(
                message: "PostgreSQL stores are not available in this build yet; use a SQLite file path")
        }
        return try SQLiteStore(path: target)
    }
}

extension StoreError {
    /// Store errors are the user's input problems (exit status 1).
    var asInput: InputProblem { InputProblem(message: description) }
}
