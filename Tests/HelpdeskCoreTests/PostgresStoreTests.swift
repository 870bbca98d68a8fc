import Foundation
import GRDB
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite(
    "PostgreSQL store: connection, errors and migrations",
    .enabled(if: PostgresTestDatabase.missing == nil, Comment(rawValue: PostgresTestDatabase.missing ?? ""))
)
struct PostgresStoreTests {
    @Test("a fresh database gets the whole schema once; every SQLite table and column has its PostgreSQL twin")
    func migratesOnceWithTheSameTablesAndColumns() async throws {
        try await PostgresTestDatabase.withFresh { settings in
            let store = try await PostgresStore.connect(settings)
            defer { Task { await store.close() } }
            // When it is migrated twice, Then the first time applies every migration and the second none
            #expect(try await store.migrate() == PostgresStore.migrationNames)
            #expect(try await store.migrate().isEmpty)
            // And the columns are those of the SQLite schema, lower-cased
            let postgres = Set(
                try await store.strings(
                    "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'"
                ).compactMap { $0 })
            let sqlite = try AppDatabase.inMemory().readNow { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT lower(m.name || '.' || p.name) FROM sqlite_master m JOIN pragma_table_info(m.name) p
                        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'grdb_migrations'
                        """)
            }
            #expect(postgres == Set(sqlite))
            #expect(postgres.count > 100)
            // And the default SLA policies are there
            #expect(try await store.strings("SELECT priority FROM slapolicy ORDER BY firstresponseminutes").compactMap { $0 } == ["urgent", "high", "normal", "low"])
        }
    }

    @Test("two nodes starting together migrate once")
    func concurrentMigrationsApplyOnce() async throws {
        try await PostgresTestDatabase.withFresh { settings in
            let first = try await PostgresStore.connect(settings)
            let second = try await PostgresStore.connect(settings)
            do {
                async let a = first.migrate()
                async let b = second.migrate()
                let (one, two) = try await (a, b)
                #expect(one.count + two.count == PostgresStore.migrationNames.count)
                #expect(try await first.appliedMigrations() == Set(PostgresStore.migrationNames))
            } catch {
                Issue.record("concurrent migration failed: \(PostgresStore.describe(error))")
            }
            await first.close()
            await second.close()
        }
    }

    @Test("a database migrated by a newer binary is refused, naming the unknown migration")
    func newerDatabaseIsRefused() async throws {
        try await PostgresTestDatabase.withFresh { settings in
            let store = try await PostgresStore.connect(settings)
            defer { Task { await store.close() } }
            try await store.migrate()
            try await store.run("INSERT INTO schema_migrations (identifier) VALUES ('postgres-v99-from-the-future')")
            await #expect {
                try await store.migrate()
            } throws: { error in
                guard case SchemaError.newerThanBinary(let unknown, _)? = error as? SchemaError else { return false }
                return unknown == ["postgres-v99-from-the-future"]
            }
        }
    }

    @Test("the backlog roll-up follows inserts, updates and deletes of tickets, as on SQLite")
    func rollupTriggersFollowTickets() async throws {
        try await PostgresTestDatabase.withFresh { settings in
            let store = try await PostgresStore.connect(settings)
            defer { Task { await store.close() } }
            try await store.migrate()
            try await store.run("INSERT INTO category (id, name) VALUES ('billing', 'Billing')")
            try await store.run(
                "INSERT INTO \"user\" (role, name, email, passwordhash, createdat) VALUES ('customer', 'Ada', 'ada@example.com', 'x', now())")
            // Filed on the 1st, answered on the 2nd, resolved on the 3rd (UTC)
            try await store.run(
                """
                INSERT INTO ticket (customerid, subject, description, categoryid, priority, status, createdat, updatedat,
                  firstresponseat, resolvedat, firstresponseduedat, resolutionduedat)
                VALUES (1, 'S', 'D', 'billing', 'normal', 'resolved', '2026-03-01T23:30:00Z', now(), '2026-03-02T08:00:00Z',
                  '2026-03-03T08:00:00Z', now(), now())
                """.replacingOccurrences(of: "firstresponseduedat", with: "firstresponsedueat").replacingOccurrences(of: "resolutionduedat", with: "resolutiondueat"))
            func rollup() async throws -> [String] {
                try await store.strings(
                    "SELECT day || ' ' || categoryid || ' ' || filed || answered || finished FROM ticketdayrollup WHERE filed <> 0 OR answered <> 0 OR finished <> 0 ORDER BY day"
                ).compactMap { $0 }
            }
            #expect(try await rollup() == ["2026-03-01 billing 100", "2026-03-02 billing 010", "2026-03-03 billing 001"])
            // When the resolution moves to the 4th and the category is cleared
            try await store.run("UPDATE ticket SET resolvedat = '2026-03-04T08:00:00Z', categoryid = NULL")
            #expect(try await rollup() == ["2026-03-01  100", "2026-03-02  010", "2026-03-04  001"])
            // When the ticket is deleted, Then nothing is counted
            try await store.run("DELETE FROM ticket")
            #expect(try await rollup().isEmpty)
        }
    }

    @Test("a wrong password, a missing database and an unreachable server are one line naming the URL without its password")
    func openFailuresAreExplained() async throws {
        let base = try PostgresTestDatabase.base()
        var wrongPassword = base
        wrongPassword.password = "not-the-password"
        var missing = base
        missing.database = "no_such_database"
        var unreachable = base
        unreachable.port = 1
        let cases: [(PostgresSettings, String)] = [
            (wrongPassword, "the server refused the password for user \"\(base.user)\""),
            (missing, "the database \"no_such_database\" does not exist"),
            (unreachable, "the server is not reachable at \(base.host):1 (connection refused)"),
        ]
        for (settings, cause) in cases {
            do {
                let store = try await PostgresStore.connect(settings)
                await store.close()
                Issue.record("\(settings.redacted) opened")
            } catch let error as StoreOpenError {
                #expect(error.description.hasPrefix("cannot open \(settings.redacted): "))
                #expect(error.description.contains(cause), "\(error)")
                #expect(!error.description.contains(base.password ?? "\u{0}") && !error.description.contains("not-the-password"))
            }
        }
    }
}

@Suite("Store locations")
struct StoreLocationTests {
    @Test("postgres URLs are read with their defaults and TLS settings; the password never shows")
    func parsesURLs() throws {
        guard case .postgres(let s) = try StoreLocation.parse("postgres://care:p%40ss@db.internal/helpdesk?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        else { Issue.record("not postgres"); return }
        #expect(s.host == "db.internal" && s.port == 5432 && s.user == "care" && s.password == "p@ss" && s.database == "helpdesk")
        #expect(s.sslMode == .verifyFull && s.caFile == "/etc/ca.pem")
        #expect(s.redacted == "postgres://care@db.internal:5432/helpdesk?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        guard case .postgres(let d) = try StoreLocation.parse("postgresql://[::1]:6543") else { Issue.record("not postgres"); return }
        #expect(d.host == "::1" && d.port == 6543 && d.user == "postgres" && d.database == "postgres" && d.sslMode == .prefer)
        #expect(try StoreLocation.parse("./care-data/care.sqlite") == .sqlite(path: "./care-data/care.sqlite"))
    }

    @Test(
        "bad URLs are refused, naming the part at fault",
        arguments: [
            ("postgres://care@db/helpdesk?sslmode=sometimes", "sslmode=sometimes"),
            ("postgres://care@db/helpdesk?timeout=3", "unknown parameter \"timeout\""),
            ("postgres:///helpdesk", "names no host"),
            ("postgres://care@db:70000/helpdesk", "port 70000 is not between 1 and 65535"),
            ("mysql://care@db/helpdesk", "unknown database scheme"),
            ("  ", "empty"),
        ]
    )
    func refusesBadURLs(text: String, expected: String) {
        #expect {
            _ = try StoreLocation.parse(text)
        } throws: { error in
            (error as? StoreLocationError)?.description.contains(expected) ?? false
        }
    }
}
