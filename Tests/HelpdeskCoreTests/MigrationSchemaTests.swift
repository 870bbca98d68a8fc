import Foundation
import GRDB
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Migrations")
struct MigrationSchemaTests {
    static let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schema.sql")

    /// Every table, index and trigger of a migrated store, as SQLite keeps their SQL.
    static func schema(_ db: AppDatabase) throws -> String {
        try db.readNow { db in
            try Row.fetchAll(
                db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
            ).map { row -> String in
                let sql: String = row["sql"] ?? "(automatic)"
                return "-- \(row["type"] as String) \(row["name"] as String)\n\(sql);\n"
            }.joined(separator: "\n")
        }
    }

    @Test("the shipped migrations produce exactly the committed schema")
    func schemaIsFrozen() throws {
        // A shipped migration must never change: a new schema is a new migration, and then this snapshot is renewed
        // on purpose (CARE_RENEW_SCHEMA=1 swift test --filter MigrationSchemaTests).
        let schema = try Self.schema(try AppDatabase.inMemory())
        let text = "-- migrations: \(AppDatabase.migrationNames.joined(separator: ", "))\n\n" + schema
        if ProcessInfo.processInfo.environment["CARE_RENEW_SCHEMA"] == "1" {
            try text.write(to: Self.snapshot, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.snapshot, encoding: .utf8)
        #expect(text == committed, "the migrated schema differs from Tests/HelpdeskCoreTests/Fixtures/schema.sql")
    }

    @Test("a database upgraded by a newer binary is refused, untouched, naming the unknown migration")
    func newerDatabaseIsRefused() throws {
        // Given a store file that a newer version migrated further
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("care.sqlite").path
        let first = try AppDatabase.openFile(at: path)
        #expect(first.migrationsApplied == AppDatabase.migrationNames)
        try first.readNow { _ in }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        // When this binary opens it, Then it refuses with the migration's name
        #expect {
            _ = try AppDatabase.openFile(at: path)
        } throws: { error in
            guard case SchemaError.newerThanBinary(let unknown, let latest)? = error as? SchemaError else { return false }
            return unknown == ["v99-from-the-future"] && latest == AppDatabase.migrationNames.last
        }
        // And an up-to-date store opens with nothing to apply
        let again = try DatabaseQueue(path: path)
        try again.write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v99-from-the-future'") }
        try again.close()
        #expect(try AppDatabase.openFile(at: path).migrationsApplied.isEmpty)
    }
}
