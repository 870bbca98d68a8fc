import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TestSupport

@testable import HelpdeskServer

/// The load balancer's probes: `/health/live` answers whenever the process does, `/health/ready` only when the store
/// answers and the search index has caught up; both skip sessions like `/health`.
@Suite("Health probes")
struct HealthProbeTests {
    @Test("live and ready answer ok on a working store, set no cookie and match the OpenAPI document")
    func liveAndReadyOnAWorkingStore() async throws {
        try await TestEnvironment.run(corpus: false) { client, env in
            let stale: HTTPFields = [.cookie: "\(AppServices.sessionCookie)=no-such-session"]
            // `/health` predates the OpenAPI document and stays out of it; the other two are validated against it.
            let health = try await client.execute(uri: "/health", method: .get, headers: stale)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == "ok")
            for path in ["/health/live", "/health/ready"] {
                let response = try await env.api(client, .get, path, headers: stale, as: .anonymous)
                #expect(response.status == .ok, "\(path)")
                #expect(String(buffer: response.body) == "ok", "\(path)")
                #expect(response.headers[.setCookie] == nil, "\(path)")
            }
        }
    }

    @Test("an index that never caught up is not ready; a catch-up or a rebuild makes it so")
    func indexCatchUpFlag() async throws {
        let database = try AppDatabase.inMemory(configuration: HelpdeskConfiguration(bcryptCost: 4))
        let caughtUp = HelpdeskIndex()
        #expect(!caughtUp.hasCaughtUp)
        try caughtUp.catchUp(from: database)  // nothing to apply: still a full read of the change log
        #expect(caughtUp.hasCaughtUp)
        let rebuilt = HelpdeskIndex()
        try rebuilt.rebuild(from: database)
        #expect(rebuilt.hasCaughtUp)
    }

    @Test("a store check that takes longer than the deadline reports no answer")
    func deadline() async {
        let slow = await HealthController.withDeadline(.milliseconds(50)) {
            try await Task.sleep(for: .seconds(5))
            return true
        }
        #expect(slow == nil)
        let failing = await HealthController.withDeadline(.seconds(5)) { throw CancellationError() }
        #expect(failing == false)
        #expect(await HealthController.withDeadline(.seconds(5)) { true } == true)
    }

    @Test(
        "ready answers 503 notReady while the database cannot be reached (live still 200), and 200 once it is back",
        .enabled(if: PostgresTestDatabase.missing == nil, Comment(rawValue: PostgresTestDatabase.missing ?? ""))
    )
    func readyFollowsTheStore() async throws {
        let settings = try await PostgresTestDatabase.migrated()
        let database = try await AppDatabase.openPostgres(
            settings, connections: 1, configuration: HelpdeskConfiguration(bcryptCost: 4))
        defer { database.close() }
        var logger = Logger(label: "care-test")
        logger.logLevel = .critical
        let app = try await buildApplication(TestArguments(), database: database, snapshotFolder: nil, logger: logger)
        let validator = try OpenAPIValidator.load()
        let other = try await PostgresStore.connect(try PostgresTestDatabase.base())
        defer { Task { await other.close() } }
        try await app.test(.router) { client in
            func probe(_ path: String) async throws -> TestResponse {
                let response = try await client.execute(uri: path, method: .get, headers: [.accept: "application/json"])
                try validator.validate(method: .get, uri: path, response: response)
                return response
            }
            // Given a node whose store answers
            #expect(try await probe("/health/ready").status == .ok)

            // When the database goes away (every connection dropped, then renamed so no new one can open)
            let terminate =
                "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE datname = '\(settings.database)' AND pid <> pg_backend_pid()"
            _ = try await other.strings(terminate)
            try await other.run("ALTER DATABASE \(settings.database) RENAME TO \(settings.database)_away")
            // Then the node is alive but not ready, and says why without naming the database
            #expect(try await probe("/health/live").status == .ok)
            let unready = try await probe("/health/ready")
            #expect(unready.status == .serviceUnavailable)
            #expect(unready.headers[.retryAfter] == "5")
            let body = String(buffer: unready.body)
            #expect(body.contains(#""code":"notReady""#))
            #expect(!body.contains(settings.database))

            // And once the database is back, the node is ready again without a restart
            try await other.run("ALTER DATABASE \(settings.database)_away RENAME TO \(settings.database)")
            #expect(try await probe("/health/ready").status == .ok)
        }
    }
}
