// Assay — quality control for human-labelled training data.

import Foundation

/// Analysis results per project, computed once and kept until the project's next delivery or gold
/// change. Two requests that need the same uncomputed result share one computation: the second
/// awaits the first's task.
actor AnalysisCache {
    private struct Key: Hashable {
        let project: Int64
        let kind: String
    }

    private var entries: [Key: Task<any Sendable, any Error>] = [:]

    /// The cached result of `kind` for `project`, computing it with `compute` when absent; whether
    /// it was cached.
    func value<T: Sendable>(
        project: Int64, kind: String, compute: @escaping @Sendable () async throws -> T
    ) async throws -> (T, cached: Bool) {
        let key = Key(project: project, kind: kind)
        if let task = entries[key] { return (try await task.value as! T, true) }
        let task = Task<any Sendable, any Error> { try await compute() }
        entries[key] = task
        do {
            return (try await task.value as! T, false)
        } catch {
            // A failure is not kept: the next request tries again.
            if entries[key] == task { entries[key] = nil }
            throw error
        }
    }

    /// Forgets every result of `project`.
    func invalidate(project: Int64) {
        for key in entries.keys where key.project == project { entries[key] = nil }
    }
}
