// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayReport
public import AssayStore
import Foundation

extension AssayServer {
    /// A categorical project loaded for the decisions, from the cached inference's labels and gold
    /// (so the set is read once per project state); `byDelivery` adds each label's delivery (read
    /// once too). 422 for a project of another type.
    public func decisionProject(_ p: ProjectRecord, byDelivery: Bool = false) async throws -> DecisionProject
    {
        guard p.taskType == "categorical" else {
            throw Problem(
                .unprocessableContent, DecisionProject.unsupported(project: p.name, type: p.taskType).message,
                kind: "not-categorical")
        }
        let (base, _) = try await cache.value(project: p.id, kind: "decision-project") { [store] in
            let (inf, _) = try await self.inference(p)
            let deliveries = try await store.deliveries(of: p).map(DecisionProject.Delivery.init)
            do {
                return try DecisionProject(name: p.name, set: inf.set, gold: inf.gold, deliveries: deliveries)
            } catch let e as DecisionProblem { throw Problem(.conflict, e.message, kind: "no-labels") }
        }
        guard byDelivery else { return base }
        let (labelled, _) = try await cache.value(project: p.id, kind: "decision-deliveries") { [store] in
            let deliveries = try await store.deliveries(of: p).map(DecisionProject.Delivery.init)
            let index = try await store.labelDeliveries(of: p)
            // Read apart from the set: a delivery landing in between would misalign them.
            guard index.count == base.set.count, index.allSatisfy({ $0 >= 0 && Int($0) < deliveries.count })
            else {
                throw Problem(
                    .serviceUnavailable, "project \(p.name) changed while it was read; try again",
                    kind: "changed")
            }
            return (deliveries, index)
        }
        var project = base
        (project.deliveries, project.labelDelivery) = labelled
        return project
    }

    /// The quick vendor hierarchy of `plan` and `next` for `seed`, cached for seed 0 (the default).
    public func quickHierarchy(_ p: ProjectRecord, _ project: DecisionProject, seed: UInt64) async throws
        -> VendorHierarchyFit
    {
        guard seed == 0 else { return project.quickHierarchy(seed: seed) }
        return try await cache.value(project: p.id, kind: "quick-hierarchy") {
            project.quickHierarchy(seed: 0)
        }.0
    }

    /// Each delivery's gold audits in the order they were made (`DecisionProject.audits()`, a pass
    /// over every label and a sort of the gold ones), cached: the decisions page judges ten
    /// deliveries from them on every view, the acceptance route one.
    public func deliveryAudits(_ p: ProjectRecord, _ project: DecisionProject) async throws -> [[Bool]] {
        try await cache.value(project: p.id, kind: "delivery-audits") { project.audits() }.0
    }

    /// The full vendor hierarchy the fraud tests judge against, cached.
    public func fullHierarchy(_ p: ProjectRecord, _ project: DecisionProject) async throws
        -> VendorHierarchyFit
    {
        try await cache.value(project: p.id, kind: "full-hierarchy") { project.fullHierarchy() }.0
    }
}

extension DecisionProject.Delivery {
    /// A stored delivery as the decisions see it.
    init(_ r: DeliveryRecord) {
        self.init(id: r.id, vendor: r.vendor, name: r.source, rows: r.rows, cost: r.cost)
    }
}

extension Problem {
    /// A decision's problem: 422, naming the parameter, the value and what was expected.
    init(_ problem: DecisionProblem) {
        self.init(
            .unprocessableContent, problem.description,
            kind: problem.parameters.isEmpty ? "decision" : "invalid-parameter")
    }
}
