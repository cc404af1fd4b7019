// Assay — quality control for human-labelled training data.

public import Foundation

/// Child processes for the tests, through `posix_spawn` and `waitpid`: Foundation's `Process`
/// can wait forever for an exit it has already missed when the test runs on Swift's concurrency
/// pool, which has only two threads on a two-core machine.
public enum Spawn {
    /// Starts `executable` with `arguments`, its output discarded (or appended to `log`).
    public static func start(_ executable: String, _ arguments: [String], log: String = "/dev/null") throws
        -> pid_t
    {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard rc == 0 else { throw SpawnError("cannot start \(executable): error \(rc)") }
        return pid
    }

    /// What a finished child printed and how it ended.
    public struct Outcome: Sendable {
        /// Exit status, or 128 + the signal that killed it.
        public var status: Int32
        /// Standard output (empty when it went elsewhere).
        public var stdout: String
        /// Standard error.
        public var stderr: String
        /// Both, standard output first.
        public var output: String { stdout + stderr }
    }

    /// Runs `executable` to its end with standard input from `stdin` (a path), standard output to
    /// `stdout` (a path; a temporary file read back when nil), in `directory` when given, with
    /// `environment` added to (or, for an empty value, set in) the test's own.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: String = "/dev/null", stdout: String? = nil,
        directory: String? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        let tmp = Scratch.file("assay-run").path
        let outPath = stdout ?? tmp + ".out"
        let errPath = tmp + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: tmp + ".out")
            try? FileManager.default.removeItem(atPath: errPath)
        }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in envp { free(p) } }
        // A working directory through the shell: glibc's posix_spawn_file_actions_addchdir_np is not
        // visible to Swift here.
        let command =
            directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard rc == 0 else { throw SpawnError("cannot start \(executable): error \(rc)") }
        let status = wait(pid)
        return Outcome(
            status: status,
            stdout: stdout == nil ? (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" : "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Waits for `pid`; its exit status, or 128 + the signal that killed it.
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Runs `command` with /bin/sh; throws with its output when it fails.
    @discardableResult
    public static func shell(_ command: String) throws -> String {
        let log = Scratch.file("assay-sh").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let status = wait(try start("/bin/sh", ["-c", command], log: log))
        let out = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else { throw SpawnError("`\(command)` failed (\(status)): \(out)") }
        return out
    }
}

/// A child process that could not be run, or failed.
public struct SpawnError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
    /// An error saying what failed.
    public init(_ d: String) { description = d }
}
