// Assay — quality control for human-labelled training data.

import Foundation

/// The PostgreSQL server the store tests run against.
///
/// `ASSAY_TEST_POSTGRES` names one (a `postgres://user@host:port/db` URL of a role that may create
/// databases; `.ci/run` starts a throw-away server and sets it). Without it, the tests start their
/// own throw-away server from the system's PostgreSQL binaries (a data directory under a temporary
/// folder, 127.0.0.1 on a free port) and stop it when the test process exits. Each test gets a
/// database of its own.
public final class TestPostgres: Sendable {
    /// The server's host.
    public let host: String
    /// Its port.
    public let port: Int
    /// A role that may create databases.
    public let user: String

    /// The server, started on first use; an error says why none is available.
    public static let shared: Result<TestPostgres, any Error> = Result { try TestPostgres() }

    private init() throws {
        if let url = ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES"], !url.isEmpty {
            guard let parts = URLComponents(string: url), let host = parts.host else {
                throw TestPostgresError("ASSAY_TEST_POSTGRES is not a postgres:// URL: \(url)")
            }
            self.host = host
            port = parts.port ?? 5432
            user = parts.user ?? "postgres"
            return
        }
        let bin = try Self.binaries()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "assay-pg-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        host = "127.0.0.1"
        port = Int.random(in: 20_000..<60_000)
        user = "postgres"
        // initdb refuses to run as root: run the server as the postgres system user then.
        let asRoot = getuid() == 0
        if asRoot { try Spawn.shell("chown postgres:postgres '\(dir)'") }
        func asServerUser(_ command: String) -> String {
            asRoot ? "su postgres -c \"\(command)\"" : command
        }
        try Spawn.shell(
            asServerUser(
                "\(bin)/initdb -D \(dir)/data -U postgres --auth=trust -E UTF8 > \(dir)/initdb.log 2>&1"))
        try Spawn.shell(
            asServerUser(
                "\(bin)/pg_ctl -D \(dir)/data -l \(dir)/log -o '-p \(port) -k \(dir) -c listen_addresses=127.0.0.1 -c fsync=off' -w start > /dev/null 2>&1 < /dev/null"
            ))
        // Stopped, then its folder removed, when the tests end.
        Self.stopCommand =
            asServerUser("\(bin)/pg_ctl -D \(dir)/data -m immediate stop > /dev/null 2>&1")
            + "; rm -rf '\(dir)'"
        atexit {
            if let stop = TestPostgres.stopCommand { _ = try? Spawn.shell(stop) }
        }
    }

    /// How to stop the server the tests started.
    nonisolated(unsafe) private static var stopCommand: String?

    /// The directory of `initdb` and `pg_ctl`.
    private static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for v in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let bin = "\(root)/\(v)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb") { return bin }
        }
        throw TestPostgresError(
            "no PostgreSQL server binaries under \(root) (apt-get install -y postgresql), and ASSAY_TEST_POSTGRES is not set"
        )
    }

    /// Creates an empty database and returns its URL.
    public func freshDatabase() throws -> String {
        let name = "assay_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try Spawn.shell("psql -q -h \(host) -p \(port) -U \(user) -d postgres -c 'CREATE DATABASE \(name)'")
        return "postgres://\(user)@\(host):\(port)/\(name)"
    }
}

/// Why the test server is not available.
public struct TestPostgresError: Error, CustomStringConvertible {
    /// Why.
    public let description: String
    /// An error saying why.
    public init(_ d: String) { description = d }
}
