import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// How far a copy has got.
public struct StoreCopyProgress: Sendable {
    /// The table being copied.
    public var table: String
    /// Rows copied from it so far.
    public var rows: Int
    /// Rows it holds.
    public var total: Int
}

/// What a copy moved: per table, the rows and the checksum found identical on both sides.
public struct StoreCopySummary: Sendable {
    /// One table's figures.
    public struct Table: Sendable, Hashable {
        /// Table name.
        public var name: String
        /// Rows in source and target.
        public var rows: Int
        /// An order-independent checksum of every row's values, equal on both sides.
        public var checksum: UInt64
    }

    /// Every copied table, in copy order.
    public var tables: [Table] = []
}

/// Why a copy stopped (nothing is kept in the target: the copy is one transaction).
public struct StoreCopyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}

/// Moves an installation from its SQLite file to PostgreSQL (`care db copy`): migrates the target, then, in one
/// transaction, streams every table in dependency order in batches, restores the identity sequences, and checks
/// each table's row count and checksum on both sides, and the backlog roll-up that the target's triggers rebuilt
/// from the tickets. Since it is one transaction, an interrupted copy leaves the target as it was, and running it
/// again starts afresh. A target that already holds data is refused unless `replace` is set.
public struct StoreCopier: Sendable {
    /// The SQLite store.
    public let source: AppDatabase
    /// The PostgreSQL store.
    public let target: PostgresStore
    /// Empty the target's tables first.
    public let replace: Bool
    /// Rows read from SQLite per batch.
    public let batchSize: Int

    /// Creates a copier.
    public init(source: AppDatabase, target: PostgresStore, replace: Bool = false, batchSize: Int = 1_000) {
        self.source = source
        self.target = target
        self.replace = replace
        self.batchSize = max(1, batchSize)
    }

    /// Tables that are not copied: the migration bookkeeping, and the roll-up the target's triggers rebuild.
    static let derived: Set<String> = ["grdb_migrations", "sqlite_sequence", "ticketDayRollup"]

    /// Copies everything.
    /// - Parameter progress: called after each batch.
    /// - Returns: the per-table figures.
    /// - Throws: `StoreCopyError` for a non-empty target or a mismatch; database errors as they come.
    public func run(progress: @Sendable (StoreCopyProgress) -> Void = { _ in }) async throws -> StoreCopySummary {
        try await target.migrate()
        let tables = try source.readNow { db in try Self.tables(db) }
        var summary = StoreCopySummary()
        try await target.transaction {
            try await self.prepareTarget(tables)
            for table in tables {
                let copied = try await self.copy(table, progress: progress)
                summary.tables.append(copied)
            }
            try await self.checkRollup()
        }
        return summary
    }

    // MARK: - Source schema

    /// A column and how its values travel.
    struct Column: Sendable {
        enum Kind: Sendable { case integer, real, text, date, boolean, blob }
        var name: String
        var kind: Kind
        /// A foreign key to its own table (set after the rows, so that order does not matter).
        var selfReference: Bool
    }

    /// A table to copy.
    struct Table: Sendable {
        var name: String
        var columns: [Column]
        /// The integer identity column whose sequence is set after the copy.
        var identity: String?

        var targetName: String { name.lowercased() == "user" ? "\"user\"" : name.lowercased() }
    }

    /// Every table of the SQLite store, in creation order (which is dependency order).
    static func tables(_ db: Database) throws -> [Table] {
        let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite/_%' ESCAPE '/' ORDER BY rowid")
            .filter { !derived.contains($0) }
        return try names.map { name in
            let selfReferences = Set(
                try Row.fetchAll(db, sql: "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", arguments: [name])
                    .filter { ($0["table"] as String) == name }.map { $0["from"] as String })
            var identity: String?
            let columns = try Row.fetchAll(db, sql: "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
                .map { row -> Column in
                    let column: String = row["name"]
                    let type = (row["type"] as String).uppercased()
                    let kind: Column.Kind =
                        switch type {
                        case "INTEGER": .integer
                        case "DOUBLE", "REAL": .real
                        case "DATETIME": .date
                        case "BOOLEAN": .boolean
                        case "BLOB": .blob
                        default: .text
                        }
                    if kind == .integer, (row["pk"] as Int) == 1, ["id", "seq"].contains(column) { identity = column }
                    return Column(name: column, kind: kind, selfReference: selfReferences.contains(column))
                }
            return Table(name: name, columns: columns, identity: identity)
        }
    }

    // MARK: - Copy

    func prepareTarget(_ tables: [Table]) async throws {
        let all = (tables.map(\.targetName) + ["ticketdayrollup"]).joined(separator: ", ")
        if replace {
            try await target.run("TRUNCATE \(all) RESTART IDENTITY CASCADE")
            return
        }
        for table in tables where table.name != "slaPolicy" {
            if try await target.strings("SELECT 'x' FROM \(table.targetName) LIMIT 1").isEmpty == false {
                throw StoreCopyError(
                    description: "\(target.settings.redacted) already holds data (table \(table.name) has rows): "
                        + "copy into an empty database, or pass --replace to overwrite it")
            }
        }
        // The migration wrote the default SLA policies; the source's replace them.
        try await target.run("DELETE FROM slapolicy")
    }

    static func value(_ database: DatabaseValue, _ column: Column, table: String) throws -> SQLValue {
        if database.isNull { return .null }
        let converted: SQLValue? =
            switch column.kind {
            case .integer: Int64.fromDatabaseValue(database).map(SQLValue.integer)
            case .real: Double.fromDatabaseValue(database).map(SQLValue.real)
            case .text: String.fromDatabaseValue(database).map(SQLValue.text)
            case .date: Date.fromDatabaseValue(database).map(SQLValue.date)
            case .boolean: Bool.fromDatabaseValue(database).map(SQLValue.boolean)
            case .blob: Data.fromDatabaseValue(database).map { SQLValue.blob([UInt8]($0)) }
            }
        guard let converted else {
            throw StoreCopyError(description: "\(table).\(column.name) holds \(database), not a \(column.kind) value")
        }
        return converted
    }

    /// A 64-bit FNV-1a hash of the row's canonical values; a table's checksum is their sum, so row order does not
    /// matter. (It detects a value that changed on the way, not a forgery: both sides are ours.)
    static func rowHash(_ values: [SQLValue]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, value) in values.enumerated() {
            if i > 0 { hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3 }
            for byte in value.checksumText.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        return hash
    }

    func copy(_ table: Table, progress: @Sendable (StoreCopyProgress) -> Void) async throws -> StoreCopySummary.Table {
        let total = try source.readNow { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table.name)\"") ?? 0 }
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let targetColumns = table.columns.map { $0.name.lowercased() }.joined(separator: ", ")
        let rowsPerInsert = max(1, min(batchSize, 60_000 / max(table.columns.count, 1)))
        var lastRowid = Int64.min
        var copied = 0
        var checksum: UInt64 = 0
        var deferred: [(column: String, id: Int64, value: Int64)] = []
        while true {
            let (batch, last) = try source.readNow { db -> ([[SQLValue]], Int64?) in
                var rows: [[SQLValue]] = []
                var last: Int64?
                let cursor = try Row.fetchCursor(
                    db, sql: "SELECT rowid AS __rowid, \(names) FROM \"\(table.name)\" WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    arguments: [lastRowid, rowsPerInsert])
                while let row = try cursor.next() {
                    last = row["__rowid"]
                    rows.append(try table.columns.enumerated().map { i, column in try Self.value(row[i + 1] as DatabaseValue, column, table: table.name) })
                }
                return (rows, last)
            }
            guard let last else { break }
            lastRowid = last
            var values: [SQLValue] = []
            values.reserveCapacity(batch.count * table.columns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(batch.count)
            for row in batch {
                checksum &+= Self.rowHash(row)
                var placeholders: [String] = []
                for (i, column) in table.columns.enumerated() {
                    var value = row[i]
                    if column.selfReference, case .integer(let target) = value, case .integer(let id)? = table.identity.flatMap({ name in
                        table.columns.firstIndex { $0.name == name }.map { row[$0] }
                    }) {
                        deferred.append((column.name.lowercased(), id, target))
                        value = .null
                    }
                    values.append(value)
                    placeholders.append("$\(values.count)")
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            let bindings = PostgresExecutor.bindings(values)
            try await target.execute(
                "INSERT INTO \(table.targetName) (\(targetColumns)) OVERRIDING SYSTEM VALUE VALUES " + tuples.joined(separator: ", "),
                bindings)
            copied += batch.count
            progress(StoreCopyProgress(table: table.name, rows: copied, total: total))
        }
        if copied == 0 { progress(StoreCopyProgress(table: table.name, rows: 0, total: total)) }
        // Self-references, now that every row exists.
        for column in Set(deferred.map(\.column)) {
            let pairs = deferred.filter { $0.column == column }
            for chunk in stride(from: 0, to: pairs.count, by: 10_000) {
                let slice = pairs[chunk..<min(pairs.count, chunk + 10_000)]
                var bindings = PostgresBindings()
                bindings.append(slice.map(\.id))
                bindings.append(slice.map(\.value))
                try await target.execute(
                    "UPDATE \(table.targetName) SET \(column) = u.v FROM unnest($1::bigint[], $2::bigint[]) AS u(id, v) WHERE \(table.targetName).id = u.id",
                    bindings)
            }
        }
        if let identity = table.identity {
            try await target.run(
                "SELECT setval(pg_get_serial_sequence('\(table.targetName)', '\(identity)'), GREATEST((SELECT MAX(\(identity)) FROM \(table.targetName)), 1))")
        }
        // Read the rows back and compare.
        let (targetRows, targetChecksum) = try await target.checksum(
            table: table.targetName, columns: table.columns.map { $0.name.lowercased() })
        guard targetRows == total, copied == total else {
            throw StoreCopyError(description: "\(table.name): \(total) rows in the source, \(copied) read, \(targetRows) in the target")
        }
        guard targetChecksum == checksum else {
            throw StoreCopyError(description: "\(table.name): the rows in the target differ from the source (checksum)")
        }
        return StoreCopySummary.Table(name: table.name, rows: total, checksum: checksum)
    }

    /// The roll-up the target's triggers built from the copied tickets equals the source's.
    func checkRollup() async throws {
        let source = try self.source.readNow { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT day || '|' || categoryId || '|' || assigneeId || '|' || SUM(filed) || '|' || SUM(answered) || '|' || SUM(finished)
                    FROM ticketDayRollup GROUP BY day, categoryId, assigneeId
                    HAVING SUM(filed) <> 0 OR SUM(answered) <> 0 OR SUM(finished) <> 0
                    """)
        }
        let target = try await self.target.strings(
            """
            SELECT day || '|' || categoryid || '|' || assigneeid || '|' || SUM(filed) || '|' || SUM(answered) || '|' || SUM(finished)
            FROM ticketdayrollup GROUP BY day, categoryid, assigneeid
            HAVING SUM(filed) <> 0 OR SUM(answered) <> 0 OR SUM(finished) <> 0
            """
        ).compactMap { $0 }
        guard Set(source) == Set(target) else {
            throw StoreCopyError(description: "ticketDayRollup: the target's roll-up differs from the source's")
        }
    }
}

extension PostgresStore {
    /// Rows of `table` and the sum of their row hashes, read as `StoreCopier` reads the source.
    func checksum(table: String, columns: [String]) async throws -> (Int, UInt64) {
        var count = 0
        var checksum: UInt64 = 0
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table)"
        for try await row in try await query(sql, PostgresBindings()) {
            let values = try row.map(PostgresExecutor.value)
            checksum &+= StoreCopier.rowHash(values)
            count += 1
        }
        return (count, checksum)
    }
}

extension SQLValue {
    /// Canonical text for the copy's checksum: dates in milliseconds since 1970 (the SQLite store's precision).
    var checksumText: String {
        switch self {
        case .null: "\\N"
        case .integer(let v): "i\(v)"
        case .real(let v): "r\(v)"
        case .text(let v): "t\(v)"
        case .date(let v): "d\(Int64((v.timeIntervalSince1970 * 1000).rounded()))"
        case .boolean(let v): v ? "b1" : "b0"
        case .blob(let v): "x" + v.map { String($0, radix: 16) }.joined(separator: ",")
        }
    }
}
