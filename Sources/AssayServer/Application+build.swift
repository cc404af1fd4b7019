// Assay — quality control for human-labelled training data.

public import Hummingbird
public import Logging

extension AssayServer {
    /// The application serving this server's router on `host:port`: structured logs, graceful
    /// shutdown on SIGINT and SIGTERM (in-flight requests finish), `onServerRunning` told the bound
    /// port (0 asks the system for a free one). A connection idle for `idleTimeout` seconds (a slow
    /// client that stops sending) is closed.
    public func application(
        host: String, port: Int, logger: Logger, idleTimeout: Int64 = 60,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .seconds(idleTimeout))),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "assay"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
