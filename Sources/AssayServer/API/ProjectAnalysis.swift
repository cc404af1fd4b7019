// Assay — quality control for human-labelled training data.

public import AssayCore
import AssayFormats
public import AssayReport
public import AssayStore
public import Foundation

/// What the analysis routes and pages of a categorical project read: its labels, gold and the
/// default method's inference, computed once per project state.
public struct ProjectInference: Sendable {
    /// The project's labels.
    public var set: LabelSet
    /// Its stored gold, matched to the set.
    public var gold: GoldAnswers?
    /// The default method's result.
    public var result: InferenceResult
}

/// A report and its JSON, kept together so that a cached answer costs no encoding.
public struct EncodedReport<Report: Encodable & Sendable>: Sendable {
    /// The report.
    public var report: Report
    /// Its JSON.
    public var json: Data
}

extension AssayServer {
    /// The project's labels, gold and the default method's inference, cached until the project's
    /// next delivery or gold change.
    public func inference(_ p: ProjectRecord) async throws -> (ProjectInference, cached: Bool) {
        try await cache.value(project: p.id, kind: "inference") { [store, metrics] in
            let start = ContinuousClock.now
            defer {
                metrics.analysisSeconds.recordNanoseconds(
                    ServerMetrics.nanoseconds(ContinuousClock.now - start))
            }
            let set = try await store.labelSet(of: p)
            guard set.count > 0 else {
                throw Problem(.conflict, "project \(p.name) has no labels yet", kind: "no-labels")
            }
            let stored = try await store.goldAnswers(of: p)
            let gold = stored.isEmpty ? nil : AnswerReader.match(stored, to: set).gold
            let method = Methods.make(Methods.defaultName, seed: 0)!
            return ProjectInference(set: set, gold: gold, result: method.infer(set, gold: gold))
        }
    }

    /// The project's scorecards (200 bootstrap replicates, seed 0, the default method), cached;
    /// `json` is the API's first page (`ScorecardPage`, 100 annotators).
    public func scorecard(_ p: ProjectRecord) async throws -> (EncodedReport<ScorecardReport>, cached: Bool) {
        let (value, cached) = try await cache.value(project: p.id, kind: "scorecard") {
            let (inf, _) = try await self.inference(p)
            let report = ScorecardReport.build(
                inf.set, result: inf.result, gold: inf.gold, bootstrap: 200, seed: 0)
            return EncodedReport(
                report: report,
                json: try JSONEncoder.api.encode(ScorecardPage(report, after: 0, limit: Page.defaultLimit)))
        }
        (cached ? metrics.cacheHits : metrics.cacheMisses).increment()
        return (value, cached)
    }

    /// Every agreement coefficient at the nominal level over the whole project (200 replicates),
    /// cached.
    public func agreement(_ p: ProjectRecord) async throws -> (EncodedReport<AgreementReport>, cached: Bool) {
        let (value, cached) = try await cache.value(project: p.id, kind: "agreement") {
            let (inf, _) = try await self.inference(p)
            let report = AgreementReport.build(
                groups: [(nil, inf.set)], metrics: Agreement.metrics, level: .nominal, numericValues: nil,
                bootstrap: 200, seed: 0)
            return EncodedReport(report: report, json: try JSONEncoder.api.encode(report))
        }
        (cached ? metrics.cacheHits : metrics.cacheMisses).increment()
        return (value, cached)
    }
}
