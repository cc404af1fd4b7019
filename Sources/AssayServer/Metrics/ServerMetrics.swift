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
            descriptor: Self.name("labels_ingested", "total", "Labels stored from deliveries."))
        deliveriesAccepted = registry.makeCounter(
            descriptor: Self.name("deliveries_accepted", "total", "Deliveries stored."))
        deliveriesRejected = registry.makeCounter(
            descriptor: Self.name(
                "deliveries_rejected", "total", "Deliveries refused: invalid rows, conflicts, limits."))
        analysisSeconds = registry.makeDurationHistogram(
            descriptor: Self.name(
                "analysis", "seconds", "Time to compute a project's analysis (cache misses)."),
            buckets: [
                .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(5), .seconds(15), .seconds(60),
            ])
        cacheHits = registry.makeCounter(
            descriptor: Self.name("analysis_cache_hits", "total", "Analyses served from the cache."))
        cacheMisses = registry.makeCounter(
            descriptor: Self.name("analysis_cache_misses", "total", "Analyses computed."))
    }

    /// Counts one request and its latency under its route template.
    func request(method: String, route: String, status: Int, since start: ContinuousClock.Instant) {
        registry.makeCounter(
            descriptor: Self.name(
                "http_requests", "total", "HTTP requests by method, route template and status."),
            labels: [("method", method), ("route", route), ("status", "\(status)")]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name(
                "http_request_duration", "seconds", "HTTP request latency by method and route template."),
            labels: [("method", method), ("route", route)],
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
                .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
            ]
        ).recordNanoseconds(Self.nanoseconds(ContinuousClock.now - start))
    }

    /// The metric `assay_<metric>_<unit>` with its help text.
    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "assay", metricName: metric, unitName: unit, helpText: help)
    }

    /// A duration in whole nanoseconds.
    static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
