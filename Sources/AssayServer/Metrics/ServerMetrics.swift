// Assay — quality control for human-labelled training data.

import Foundation
import Prometheus

/// The server's metrics, in its own Prometheus registry (nothing process-global, so tests can run
/// several servers): requests and latency per route template, labels ingested, deliveries
/// rejected, analysis time and cache hits.
final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let labelsIngested: Counter
    let deliveriesAccepted: Counter
    let deliveriesRejected: Counter
    let analysisSeconds: DurationHistogram
    let cacheHits: Counter
    let cacheMisses: Counter

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        labelsIngested = registry.makeCounter(
            name: "assay_labels_ingested_total", help: "Labels stored from deliveries.")
        deliveriesAccepted = registry.makeCounter(
            name: "assay_deliveries_accepted_total", help: "Deliveries stored.")
        deliveriesRejected = registry.makeCounter(
            name: "assay_deliveries_rejected_total",
            help: "Deliveries refused: invalid rows, conflicts, limits.")
        analysisSeconds = registry.makeDurationHistogram(
            name: "assay_analysis_seconds",
            buckets: [
                .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(5), .seconds(15), .seconds(60),
            ],
            help: "Time to compute a project's analysis (cache misses).")
        cacheHits = registry.makeCounter(
            name: "assay_analysis_cache_hits_total", help: "Analyses served from the cache.")
        cacheMisses = registry.makeCounter(
            name: "assay_analysis_cache_misses_total", help: "Analyses computed.")
    }

    /// Counts one request and its latency under its route template.
    func request(method: String, route: String, status: Int, since start: ContinuousClock.Instant) {
        registry.makeCounter(
            name: "assay_http_requests_total",
            labels: [("method", method), ("route", route), ("status", "\(status)")],
            help: "HTTP requests by method, route template and status."
        ).increment()
        registry.makeDurationHistogram(
            name: "assay_http_request_duration_seconds", labels: [("method", method), ("route", route)],
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
                .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
            ], help: "HTTP request latency by method and route template."
        ).recordNanoseconds(Self.nanoseconds(ContinuousClock.now - start))
    }

    /// A duration in whole nanoseconds.
    static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
