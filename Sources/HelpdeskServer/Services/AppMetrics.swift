import Foundation
import Metrics
import Prometheus

/// The Prometheus registry of the process and the helpdesk's own instruments.
///
/// swift-metrics has one process-wide backend, so the registry it reports into is created and bootstrapped once
/// (`shared`); every application built in the process (tests build many) reports into it.
struct AppMetrics: Sendable {
    /// Where every metric is collected; `/metrics` renders it.
    let registry: PrometheusCollectorRegistry
    /// Time spent answering `POST /api/v1/suggestions` (search + database), in seconds.
    let suggestionLatency: Prometheus.DurationHistogram
    /// Live documents in the solutions index.
    let solutionDocuments: Prometheus.Gauge
    /// Live documents in the tickets index.
    let ticketDocuments: Prometheus.Gauge
    /// Unsent mails in the outbox.
    let outboxBacklog: Prometheus.Gauge

    /// The process-wide instance; the first use bootstraps swift-metrics with the Prometheus backend.
    static let shared: AppMetrics = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return AppMetrics(registry: registry)
    }()

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        suggestionLatency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "care",
                metricName: "suggestion_duration",
                unitName: "seconds",
                helpText: "Time to answer a suggestion request"
            ),
            // Fine below a millisecond, where a suggestion's time is (the target of a keystroke is 100 µs).
            buckets: [
                .microseconds(50), .microseconds(75), .microseconds(100), .microseconds(125), .microseconds(150),
                .microseconds(200), .microseconds(250), .microseconds(300), .microseconds(400), .microseconds(500),
                .microseconds(750), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                .milliseconds(25), .milliseconds(50), .milliseconds(100),
            ]
        )
        let documents = MetricNameDescriptor(
            namespace: "care",
            metricName: "index",
            unitName: "documents",
            helpText: "Live documents in a search index"
        )
        solutionDocuments = registry.makeGauge(descriptor: documents, labels: [("index", "solutions")])
        ticketDocuments = registry.makeGauge(descriptor: documents, labels: [("index", "tickets")])
        outboxBacklog = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "care",
                metricName: "outbox",
                unitName: "backlog",
                helpText: "Unsent mails in the outbox"
            )
        )
    }

    /// The text exposition of every metric.
    func render() -> String { registry.emitToString() }
}
