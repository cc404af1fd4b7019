// Assay — quality control for human-labelled training data.

public import AssayCore
import AssayReport
public import AssayStore
import Foundation

/// What the analysis routes of a pairwise, rating, multi-label or text project read: its labels
/// and the default method's consensus (the `assay` command line's defaults: `auto` object scores
/// and the per-comparison model for pairwise, `auto` for ratings, `ds` per class for multi-label
/// sets, ROVER for text), computed once per project state.
public enum TypedInference: Sendable {
    /// Preferences: the object scores and the per-comparison consensus.
    case pairwise(PairwiseSet, scores: PairwiseScores, consensus: PairwiseConsensus)
    /// Ratings and their consensus.
    case rating(RatingSet, RatingConsensus)
    /// Sets of classes and their per-class consensus.
    case multilabel(MultiLabelSet, MultiLabelConsensus)
    /// Free text and its consensus.
    case text(TextSet, TextConsensus)

    /// The default method's consensus of `labels` (nil for categorical labels, which
    /// `ProjectInference` covers).
    /// - Complexity: the default method's.
    public static func infer(_ labels: AssayStore.TypedLabels) -> TypedInference? {
        switch labels {
        case .categorical: return nil
        case .pairwise(let set):
            let scores = PairwiseMethods.named("auto", seed: 0)!.fit(set)
            return .pairwise(set, scores: scores, consensus: PairwiseDawidSkene().fit(set))
        case .rating(let set): return .rating(set, RatingMethods.make("auto", seed: 0)!.infer(set))
        case .multilabel(let set):
            return .multilabel(set, BinaryRelevance(method: Methods.make("ds", seed: 0)!).infer(set))
        case .text(let set): return .text(set, TextConsensus.Method.default.run(set))
        }
    }

    /// Items: one consensus row each.
    public var itemCount: Int {
        switch self {
        case .pairwise(let s, _, _): s.itemCount
        case .rating(let s, _): s.itemCount
        case .multilabel(let s, _): s.itemCount
        case .text(let s, _): s.itemCount
        }
    }

    /// The consensus row of item `i`, as `assay infer` and `assay export` describe it for the type.
    public func consensusRow(_ i: Int) -> any Encodable & Sendable {
        switch self {
        case .pairwise(let s, _, let c): PairwiseConsensusRow(item: i, of: s, consensus: c)
        case .rating(let s, let c): RatingConsensusRow(item: i, of: s, consensus: c)
        case .multilabel(let s, let c): MultiLabelConsensusRow(item: i, of: s, consensus: c)
        case .text(let s, let c): TextConsensusRow(item: i, of: s, consensus: c)
        }
    }

    /// The type's report (200 bootstrap replicates, seed 0) as a value (what the pages render), with
    /// the first page of its annotators as JSON, its agreement rows as JSON, and later pages; a
    /// pairwise report checks each judge's votes on the `gold` pairs.
    /// - Complexity: the report's build.
    func reportJSON(gold: [(item: String, answer: String)] = []) throws -> EncodedTypedReport {
        func encoded(_ value: TypedReport, _ report: some AnnotatorPaging, _ rows: [AgreementReport.Row])
            throws
            -> EncodedTypedReport
        {
            EncodedTypedReport(
                value: value,
                firstPage: try JSONEncoder.api.encode(
                    ScorecardPage(report, after: 0, limit: Page.defaultLimit)),
                agreement: try JSONEncoder.api.encode(AgreementRows(rows: rows)),
                page: { try JSONEncoder.api.encode(ScorecardPage(report, after: $0, limit: $1)) })
        }
        switch self {
        case .pairwise(let s, let scores, let c):
            let r = PairwiseReport.build(
                s, scores: scores, consensus: c, bootstrap: 200, seed: 0,
                gold: PairwiseReport.goldOutcomes(s, gold))
            return try encoded(.pairwise(r), r, r.agreement)
        case .rating(let s, let c):
            let r = RatingReport.build(s, consensus: c, bootstrap: 200, seed: 0)
            return try encoded(.rating(r), r, r.agreement)
        case .multilabel(let s, let c):
            let r = MultiLabelReport.build(s, consensus: c, bootstrap: 200, seed: 0)
            return try encoded(.multilabel(r), r, r.agreement)
        case .text(let s, let c):
            let r = TextReport.build(s, consensus: c, bootstrap: 200, seed: 0)
            return try encoded(.text(r), r, r.agreement)
        }
    }

    /// A typed project's report as the pages render it and the scorecard and agreement routes serve it.
    struct EncodedTypedReport: Sendable {
        /// The report (what the pages render).
        var value: TypedReport
        /// The report with its first page of annotators (the default limit), as JSON.
        var firstPage: Data
        /// The agreement rows, as JSON.
        var agreement: Data
        /// The report with the annotators after position `after`, `limit` at most, as JSON.
        var page: @Sendable (_ after: Int64, _ limit: Int) throws -> Data
    }

    /// The agreement route's body: `{"rows": [...]}`, the shape of `AgreementReport`.
    struct AgreementRows: Encodable {
        var rows: [AgreementReport.Row]
    }
}

extension AssayServer {
    /// A pairwise, rating, multi-label or text project's labels and default consensus, cached until
    /// the project's next delivery; nil for a categorical project.
    public func typedInference(_ p: ProjectRecord) async throws -> (TypedInference, cached: Bool)? {
        guard p.type.name != "categorical" else { return nil }
        return try await cache.value(project: p.id, kind: "typed-inference") { [store, metrics] in
            let start = ContinuousClock.now
            defer {
                metrics.analysisSeconds.recordNanoseconds(
                    ServerMetrics.nanoseconds(ContinuousClock.now - start))
            }
            let labels = try await store.labels(of: p)
            guard labels.count > 0 else {
                throw Problem(.conflict, "project \(p.name) has no labels yet", kind: "no-labels")
            }
            return TypedInference.infer(labels)!
        }
    }

    /// The report of a typed project's type, as a value and as JSON, cached.
    func typedReport(_ p: ProjectRecord) async throws -> (TypedInference.EncodedTypedReport, cached: Bool)? {
        guard p.type.name != "categorical" else { return nil }
        let (value, cached) = try await cache.value(project: p.id, kind: "typed-report") {
            let gold = p.type == .pairwise ? try await self.store.goldAnswers(of: p) : []
            return try await self.typedInference(p)!.0.reportJSON(gold: gold)
        }
        (cached ? metrics.cacheHits : metrics.cacheMisses).increment()
        return (value, cached)
    }
}
