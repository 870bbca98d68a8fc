import Foundation
import GRDB

/// `SQLExecutor` on a GRDB connection inside a transaction. Statements are prepared once per connection and reused
/// (GRDB's statement cache), as the bulk writes need.
struct SQLiteExecutor: SQLExecutor {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(
            values.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .null: nil
                case .integer(let v): v
                case .real(let v): v
                case .text(let v): v.utf8.contains(0) ? v.replacingOccurrences(of: "\u{0}", with: "") : v
                case .date(let v): v
                case .boolean(let v): v
                case .blob(let v): Data(v)
                }
            })
    }

    static func value(_ database: DatabaseValue) -> SQLValue {
        switch database.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob([UInt8](v))
        }
    }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = SQLRow.Columns(statement.columnNames)
        var rows: [SQLRow] = []
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        while let row = try cursor.next() {
            rows.append(SQLRow(columns: columns, values: row.databaseValues.map(Self.value)))
        }
        return rows
    }

    func insert(_ sql: String, _ arguments: [SQLValue], returning identity: String) throws -> Int64 {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return db.lastInsertedRowID
    }
}
