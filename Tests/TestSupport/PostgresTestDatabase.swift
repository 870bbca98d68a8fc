import Foundation
import HelpdeskCore
import Logging

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

    /// Creates an empty database, runs `body` with its settings, and drops it. A PostgreSQL error is rethrown with the
    /// server's message (postgres-nio's own description hides it).
    public static func withFresh<T>(_ body: (PostgresSettings) async throws -> T) async throws -> T {
        let base = try base()
        let name = "care_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = try await PostgresStore.connect(base)
        // Two CREATE DATABASE at the same moment may refuse ("template1 is being accessed by other users"): retry.
        for attempt in 1...8 {
            do {
                try await admin.run("CREATE DATABASE \(name)")
                break
            } catch {
                if attempt == 8 {
                    await admin.close()
                    throw PostgresTestFailure(step: "CREATE DATABASE \(name)", error: error)
                }
                try await Task.sleep(for: .milliseconds(150 * attempt))
            }
        }
        var settings = base
        settings.database = name
        let result: Result<T, any Error>
        do { result = .success(try await body(settings)) } catch { result = .failure(error) }
        try? await admin.run("DROP DATABASE \(name) WITH (FORCE)")
        await admin.close()
        switch result {
        case .success(let value): return value
        case .failure(let error as StoreCopyError): throw error
        case .failure(let error as SchemaError): throw error
        case .failure(let error): throw PostgresTestFailure(step: "the test's body", error: error)
        }
    }
}

/// The store the core suites run on: `CARE_TEST_STORE=postgres` selects PostgreSQL (which then needs
/// `CARE_TEST_POSTGRES_URL`); SQLite in memory otherwise.
public enum TestStore: String, Sendable {
    case sqlite
    case postgres

    /// The store of this run.
    public static let current: TestStore = ProcessInfo.processInfo.environment["CARE_TEST_STORE"] == "postgres" ? .postgres : .sqlite

    /// Why a test that makes its own SQLite store, whatever the run's store, is skipped in this run: it runs in the
    /// SQLite run only, so that the PostgreSQL run does not repeat it. `nil` in the SQLite run.
    public static let sqliteRunOnly: String? =
        current == .postgres ? "runs in the SQLite run only: it makes its own SQLite store whatever the run's store" : nil

    /// Where a test that runs `care` processes keeps its store: the SQLite file in `folder`, or a new, migrated
    /// PostgreSQL database; with the arguments that make `care serve` (and the other commands) use it.
    public static func location(folder: String) async throws -> (location: StoreLocation, arguments: [String]) {
        switch current {
        case .sqlite:
            return (.sqlite(path: folder + "/care.sqlite"), [])
        case .postgres:
            let (url, location) = try await PostgresTestDatabase.migratedURL()
            return (location, ["--database", url])
        }
    }

    /// A fresh, empty store of this run's kind: SQLite in memory, or a new PostgreSQL database.
    public static func fresh(
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(bcryptCost: 4),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "HelpdeskCore")
    ) async throws -> AppDatabase {
        switch current {
        case .sqlite:
            return try AppDatabase.inMemory(configuration: configuration, now: now, logger: logger)
        case .postgres:
            let settings = try await PostgresTestDatabase.migrated()
            return try await AppDatabase.openPostgres(
                settings, connections: 3, configuration: configuration, now: now, logger: logger)
        }
    }
}

extension PostgresTestDatabase {
    /// A fresh migrated database of the test cluster, as a URL for `care … --database` and as a store location.
    public static func migratedURL() async throws -> (url: String, location: StoreLocation) {
        let settings = try await migrated()
        guard let base = url, var components = URLComponents(string: base) else { throw NoPostgresCluster() }
        components.path = "/" + settings.database
        let url = components.string ?? base
        return (url, try StoreLocation.parse(url))
    }

    /// A migrated database of this process, the template of `migrated()`.
    private static let template = TemplateDatabase()

    /// A new, migrated database copied from this process's template (much faster than migrating each one). It is
    /// left behind for the cluster's end: the runs use throwaway clusters (`Scripts/postgres-test-cluster.sh`).
    public static func migrated() async throws -> PostgresSettings {
        let templateName = try await template.name()
        let base = try base()
        let name = "care_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = try await PostgresStore.connect(base)
        defer { Task { await admin.close() } }
        for attempt in 1...20 {
            do {
                try await admin.run("CREATE DATABASE \(name) TEMPLATE \(templateName)")
                break
            } catch {
                if attempt == 20 { throw PostgresTestFailure(step: "CREATE DATABASE \(name)", error: error) }
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
        var settings = base
        settings.database = name
        return settings
    }
}

/// Creates the template database once per process.
private actor TemplateDatabase {
    private var created: String?

    func name() async throws -> String {
        if let created { return created }
        let base = try PostgresTestDatabase.base()
        let name = "care_template_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
        let admin = try await PostgresStore.connect(base)
        do {
            try await admin.run("CREATE DATABASE \(name)")
            await admin.close()
        } catch {
            await admin.close()
            throw PostgresTestFailure(step: "CREATE DATABASE \(name)", error: error)
        }
        var settings = base
        settings.database = name
        let store = try await PostgresStore.connect(settings)
        _ = try await store.migrate()
        await store.close()
        created = name
        return name
    }
}

/// A PostgreSQL error with the server's message, for a test's log.
public struct PostgresTestFailure: Error, CustomStringConvertible {
    public var step: String
    public var error: any Error
    public var description: String { "\(step): \(PostgresStore.describe(error))" }
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
