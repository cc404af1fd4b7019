// Assay — quality control for human-labelled training data.

import AssayTestSupport
import Foundation
import Testing

/// `assay serve` as a process: tokens from the CLI, a push over a real socket, and a graceful stop
/// on SIGTERM that lets an upload in flight finish.
@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct ServeProcessTests {
    func assay(_ arguments: [String]) throws -> Spawn.Outcome { try Spawn.run(assayExecutable!, arguments) }

    /// Connects to 127.0.0.1:`port`.
    func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            throw SpawnError("cannot connect to port \(port): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    func send(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes {
                Foundation.send(fd, $0.baseAddress! + offset, $0.count - offset, 0)
            }
            if n <= 0 { return }
            offset += n
        }
    }

    func receiveAll(_ fd: Int32) -> String {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func sigtermLetsAnUploadInFlightFinish() async throws {
        let dir = try Scratch.folder("assay-serve").path
        let store = dir + "/s.db"
        #expect(try assay(["project", "create", "p", "--classes", "a,b", "--store", store]).status == 0)
        let created = try assay([
            "token", "create", "--role", "vendor:Acme", "--project", "p", "--store", store,
        ])
        #expect(created.status == 0)
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("assay_"))
        // The secret is shown once and never stored.
        #expect(
            !(try assay(["token", "list", "--json", "--store", store]).stdout.contains(
                token.split(separator: "_").last!)))
        let portFile = dir + "/port"
        let log = dir + "/serve.log"
        let pid = try Spawn.start(
            assayExecutable!, ["serve", "--store", store, "--port", "0", "--port-file", portFile], log: log)
        var port: Int?
        for _ in 0..<200 where port == nil {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let bound = try #require(
            port, "the server did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let body =
            "item,worker,label\n"
            + (0..<2000).map { "i\($0),w\($0 % 5),\($0 % 2 == 0 ? "a" : "b")\n" }.joined()
        let fd = try connect(bound)
        defer { close(fd) }
        let half = body.utf8.count / 2
        send(
            fd,
            "PUT /v1/projects/p/deliveries/inflight HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: text/csv\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
                + String(decoding: Array(body.utf8)[0..<half], as: UTF8.self))
        try await Task.sleep(for: .milliseconds(300))
        kill(pid, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        send(fd, String(decoding: Array(body.utf8)[half...], as: UTF8.self))
        let response = receiveAll(fd)
        #expect(response.hasPrefix("HTTP/1.1 201"), "\(response.prefix(400))")
        #expect(response.contains(#""labels":2000"#))
        let status = Spawn.wait(pid)
        #expect(
            status == 0,
            "serve exited with \(status): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let shown = try assay(["project", "show", "p", "--json", "--store", store])
        #expect(shown.stdout.contains(#""labels":2000"#))
        // New connections are refused once it has stopped.
        #expect(throws: (any Error).self) { _ = try connect(bound) }
    }
}
