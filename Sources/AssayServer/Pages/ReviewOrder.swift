// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore

extension AssayServer {
    /// The project's items from the least to the most confident consensus (ties in item order),
    /// cached with the inference: the review page's and the labelling queue's order.
    /// - Complexity: O(items log items) once per project state.
    func reviewOrder(_ p: ProjectRecord) async throws -> [Int32] {
        try await cache.value(project: p.id, kind: "review-order") {
            let (inf, _) = try await self.inference(p)
            return QueueSource.order((0..<inf.set.itemCount).map { inf.result.confidence(ofItem: $0) })
        }.0
    }
}
