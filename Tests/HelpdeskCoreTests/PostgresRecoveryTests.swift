import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite(
    "PostgreSQL: a connection lost while serving",
    .enabled(if: PostgresTestDatabase.missing == nil, Comment(rawValue: PostgresTestDatabase.missing ?? ""))
)
struct PostgresRecoveryTests {
    @Test("dropped connections are replaced; an unreachable database fails requests as unavailable, then recovers by itself")
    func droppedConnectionsAreReplaced() async throws {
        try await PostgresTestDatabase.withFresh { settings in
            let db = try await AppDatabase.openPostgres(settings, connections: 1, configuration: HelpdeskConfiguration(bcryptCost: 4))
            defer { db.close() }
            let admin = try await db.createAdmin(name: "Ada Admin", email: "ada@care.test", password: "correct-Horse-42").admin
            #expect(try await db.agents(for: admin).isEmpty)

            // When the server drops every connection of the store (as a restart or a failover does)
            let other = try await PostgresStore.connect(try PostgresTestDatabase.base())
            defer { Task { await other.close() } }
            let terminate =
                "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE datname = '\(settings.database)' AND pid <> pg_backend_pid()"
            _ = try await other.strings(terminate)
            // Then the next request opens a fresh connection and works, with nothing lost
            #expect(try await db.agents(for: admin).isEmpty)

            // When the database cannot be reached at all (here: it is renamed away after dropping the connections)
            _ = try await other.strings(terminate)
            try await other.run("ALTER DATABASE \(settings.database) RENAME TO \(settings.database)_away")
            // Then a request fails with StoreUnavailable (a 503 for the caller), naming no password
            let failure = await #expect(throws: StoreUnavailable.self) { _ = try await db.agents(for: admin) }
            #expect(failure?.description.contains(settings.password ?? "no password") == false)
            // And once it is back, the next request works without restarting anything
            try await other.run("ALTER DATABASE \(settings.database)_away RENAME TO \(settings.database)")
            #expect(try await db.login(email: "ada@care.test", password: "correct-Horse-42").id == admin.id)
        }
    }
}
