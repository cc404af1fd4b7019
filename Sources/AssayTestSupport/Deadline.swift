// Assay — quality control for human-labelled training data.

import Foundation

/// Runs `work` and gives its value, or nil when it has not finished after `seconds`: a test of
/// something that could deadlock fails instead of hanging (the stuck work is left behind).
public func withDeadline<T: Sendable>(
    seconds: Double, _ work: @escaping @Sendable () async throws -> T
) async throws -> T? {
    let once = ResumeOnce<Result<T, any Error>?>()
    let outcome = await withCheckedContinuation { (k: CheckedContinuation<Result<T, any Error>?, Never>) in
        once.set(k)
        Task {
            do { once.resume(.success(try await work())) } catch { once.resume(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            once.resume(nil)
        }
    }
    return try outcome?.get()
}

/// A continuation resumed by the first of several callers.
private final class ResumeOnce<V: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<V, Never>?

    func set(_ k: CheckedContinuation<V, Never>) {
        lock.withLock { continuation = k }
    }

    func resume(_ value: V) {
        let k = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        k?.resume(returning: value)
    }
}
