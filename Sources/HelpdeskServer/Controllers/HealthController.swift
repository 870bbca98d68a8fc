import Foundation
import HelpdeskCore
import Hummingbird
import Synchronization

/// The probes a load balancer or an orchestrator asks: `/health` and `/health/live` (the process answers; no
/// database access) and `/health/ready` (this node can serve: the store answers and the search index has caught up
/// with the change log since start). None of them reads a session or an identity (`UnlessProbe`).
struct HealthController: Sendable {
    /// The store and the index the readiness probe checks.
    let services: AppServices

    /// The probes' paths, which skip the client address, metrics, request log, session and identity middleware
    /// (`UnlessProbe`).
    static let paths: Set<String> = ["/health", "/health/live", "/health/ready"]

    /// How long the readiness probe waits for the store's answer before it reports the store as not answering
    /// (`AppArguments.readinessDeadline`).
    var storeDeadline: Duration = .seconds(3)

    /// Adds `GET /health`, `GET /health/live` and `GET /health/ready`.
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in "ok" }
        router.get("health/live") { _, _ in "ok" }
        router.get("health/ready") { _, _ in await ready() }
    }

    /// 200 `ok` when the store answers a trivial query within `storeDeadline` and the index has caught up at least
    /// once since start; otherwise 503 with `{"error": {"code": "notReady", "message", "field": null}}` naming which
    /// of the two is missing (never the store's address or error, which may name hosts and users).
    func ready() async -> Response {
        guard services.index.hasCaughtUp else {
            return notReady("The search index has not caught up with the database yet.")
        }
        let database = services.database
        let answered = await Self.withDeadline(storeDeadline) {
            try await database.sqlRead { sql in try sql.int64("SELECT 1") } == 1
        }
        switch answered {
        case .some(true):
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "ok")))
        case .some(false):
            services.logger.warning("readiness probe: the store did not answer its trivial query")
            return notReady("The database does not answer.")
        case .none:
            services.logger.warning("readiness probe: the store did not answer in time")
            return notReady("The database did not answer in time.")
        }
    }

    /// The 503 answer of an unready node, with a short `Retry-After`.
    private func notReady(_ message: String) -> Response {
        APIErrorBody(error: .init(code: "notReady", message: message, field: nil))
            .response(status: .serviceUnavailable, headers: [.retryAfter: "5", .cacheControl: "no-store"])
    }

    /// Runs `body` and returns its value, or nil when it has not finished within `limit`. A throwing `body` counts
    /// as `false`. The body is not waited for after the deadline (a hung store connection must not hang the probe);
    /// it finishes on its own.
    /// - Parameters:
    ///   - limit: how long to wait.
    ///   - body: the check.
    /// - Returns: the check's result, `false` when it threw, nil when it took longer than `limit`.
    static func withDeadline(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> Bool
    ) async -> Bool? {
        let outcome = FirstOutcome()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool?, Never>) in
            outcome.arm(continuation)
            Task {
                let value = (try? await body()) ?? false
                outcome.resolve(value)
            }
            Task {
                try? await Task.sleep(for: limit)
                outcome.resolve(nil)
            }
        }
    }
}

/// Resumes a continuation with whichever outcome arrives first and ignores the rest.
private final class FirstOutcome: Sendable {
    /// The continuation still waiting, nil once resumed.
    private let waiting = Mutex<CheckedContinuation<Bool?, Never>?>(nil)

    /// Stores the continuation to resume.
    func arm(_ continuation: CheckedContinuation<Bool?, Never>) {
        waiting.withLock { $0 = continuation }
    }

    /// Resumes the continuation with `value` if nothing did before.
    func resolve(_ value: Bool?) {
        let continuation = waiting.withLock { waiting -> CheckedContinuation<Bool?, Never>? in
            defer { waiting = nil }
            return waiting
        }
        continuation?.resume(returning: value)
    }
}
