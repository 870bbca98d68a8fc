import Foundation
import HelpdeskCore

/// Throwaway PostgreSQL databases for the tests, on the cluster `.ci/run` starts (`Scripts/postgres-test-cluster.sh`)
/// and names in `CARE_TEST_POSTGRES_URL`. Without it the PostgreSQL tests are skipped with a message.
public enum PostgresTestDatabase {
    /// The cluster's URL, when one is running.
    public static let url = ProcessInfo.processInfo.environment["CARE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Why the PostgreSQL tests are skipped, or nil when they run.
    public static let missing: String? =
        url == nil ? "no PostgreSQL cluster: start one with Scripts/postgres-test-cluster.sh and set CARE_TEST_POSTGRES_URL" : nil

    /// The cluster's own settings.
    public static func base() throws -> PostgresSettings {
        guard let url else { throw NoPostgresCluster() }
        return try PostgresSettings(url: url)
    }

    /// Creates an empty database, runs `body` with its settings, and drops it.
    public static func withFresh<T>(_ body: (PostgresSettings) async throws -> T) async throws -> T {
        let base = try base()
        let name = "care_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = try await PostgresStore.connect(base)
        try await admin.run("CREATE DATABASE \(name)")
        var settings = base
        settings.database = name
        do {
            let result = try await body(settings)
            try await admin.run("DROP DATABASE \(name) WITH (FORCE)")
            await admin.close()
            return result
        } catch {
            try? await admin.run("DROP DATABASE \(name) WITH (FORCE)")
            await admin.close()
            throw error
        }
    }
}

/// No cluster to test against.
public struct NoPostgresCluster: Error, CustomStringConvertible {
    public var description: String { PostgresTestDatabase.missing ?? "" }
}

/// The stores a parity test runs on: always SQLite in memory, and PostgreSQL when a cluster is available.
public enum BothStores {
    /// Runs `body` on a fresh in-memory SQLite store, then on a fresh PostgreSQL database when one is available,
    /// with the same clock settings; returns what each run returned, SQLite first.
    public static func run<T>(
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(bcryptCost: 4),
        clock: TestClock = TestClock(),
        _ body: (AppDatabase) async throws -> T
    ) async throws -> [T] {
        let start = clock.now
        var results = [try await body(try AppDatabase.inMemory(configuration: configuration, now: clock.closure))]
        clock.reset(to: start)
        if PostgresTestDatabase.url != nil {
            results.append(
                try await PostgresTestDatabase.withFresh { settings in
                    let database = try await AppDatabase.openPostgres(settings, connections: 2, configuration: configuration, now: clock.closure)
                    defer { database.close() }
                    return try await body(database)
                })
        }
        return results
    }
}
