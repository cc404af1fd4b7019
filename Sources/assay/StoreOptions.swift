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

    /// Where the location came from, for messages.
    var origin: String {
        location != nil
            ? "--store"
            : ProcessInfo.processInfo.environment["ASSAY_STORE"] != nil ? "ASSAY_STORE" : "default"
    }

    func validate() throws {
        if let location, location.isEmpty {
            throw ValidationError("--store is empty: give a SQLite file path or a postgres:// URL")
        }
    }

    /// Opens the store: PostgreSQL for a `postgres://` or `postgresql://` URL, else a SQLite file.
    /// Commands that only read pass `.read`: a missing SQLite file is then an error, never created.
    func open(_ access: StoreAccess = .read) async throws -> any Store {
        let target = resolved
        guard !target.isEmpty else {
            throw InputProblem(
                message:
                    "the store location is empty (\(origin == "ASSAY_STORE" ? "ASSAY_STORE=" : "--store \"\"")): "
                    + "give a SQLite file path or a postgres:// URL")
        }
        do {
            if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") {
                return try await PostgresStore(url: target)
            }
            return try SQLiteStore(path: target, access: access)
        } catch let e as StoreError {
            throw e.asInput
        } catch {
            throw InputProblem(message: "cannot open the store \(target): \(error)")
        }
    }

    /// Whether the store exists (a SQLite file that is there, or any PostgreSQL URL).
    var exists: Bool {
        let target = resolved
        if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") { return true }
        return !target.isEmpty && FileManager.default.fileExists(atPath: target)
    }
}

extension StoreError {
    /// Store errors are the user's input problems (exit status 1).
    var asInput: InputProblem { InputProblem(message: description) }
}
