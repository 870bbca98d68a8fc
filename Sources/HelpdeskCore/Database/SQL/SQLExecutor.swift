import Foundation
import GRDB

/// Which SQL a store speaks, for the few constructs that differ (scalar `min`/`max` of two values, date formatting).
package enum SQLDialect: Sendable, Hashable {
    case sqlite
    case postgres
}

/// A value bound to a statement or read from a row, the same on both stores.
package enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case date(Date)
    case boolean(Bool)
    case blob([UInt8])
}

/// Swift values that bind as `SQLValue`.
package protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable { package var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { package var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Double: SQLBindable { package var sqlValue: SQLValue { .real(self) } }
extension String: SQLBindable {
    /// The text without NUL characters: PostgreSQL cannot store them, so neither store keeps them.
    package var sqlValue: SQLValue { .text(utf8.contains(0) ? replacingOccurrences(of: "\u{0}", with: "") : self) }
}
extension Date: SQLBindable { package var sqlValue: SQLValue { .date(self) } }
extension Bool: SQLBindable { package var sqlValue: SQLValue { .boolean(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    package var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A row, read by column name. Names are matched case-insensitively, since PostgreSQL folds unquoted names to lower
/// case; values convert as each store keeps them (SQLite keeps dates as text and booleans as integers).
///
/// The rows of one result share their column names (`Columns`), so a row is its values alone: reading a million rows
/// (a rebuild of the search index) makes no dictionary and lower-cases no name per row.
package struct SQLRow: Sendable {
    /// The columns of a result: each name's position, under the name as the store gave it and lower-cased.
    package final class Columns: Sendable {
        /// The lower-case names, in order.
        let names: [String]
        private let positions: [String: Int]

        /// The columns named `names`, in order (of two columns of one name, the later one is found by it).
        package init(_ names: [String]) {
            var positions: [String: Int] = [:]
            for (i, name) in names.enumerated() {
                positions[name] = i
                positions[name.lowercased()] = i
            }
            self.names = names.map { $0.lowercased() }
            self.positions = positions
        }

        /// The position of `column`, matched as given first, then lower-cased.
        func position(_ column: String) -> Int? { positions[column] ?? positions[column.lowercased()] }
    }

    private let columns: Columns
    private let values: [SQLValue]

    /// A row of `values`, in the order of `columns`.
    package init(columns: Columns, values: [SQLValue]) {
        precondition(columns.names.count == values.count)
        self.columns = columns
        self.values = values
    }

    package func value(_ column: String) throws -> SQLValue {
        guard let i = columns.position(column) else { throw SQLError("no column \(column) in the row") }
        return values[i]
    }

    package func isNull(_ column: String) throws -> Bool { try value(column) == .null }

    /// Whether the row has the column.
    package func has(_ column: String) -> Bool { columns.position(column) != nil }

    /// The (lower-case) column names.
    package var columnNames: [String] { columns.names }

    /// The value of a row with exactly one column.
    package var onlyValue: SQLValue? { values.count == 1 ? values[0] : nil }

    package func int64(_ column: String) throws -> Int64 { try value(column).int64(column: column) }

    package func int(_ column: String) throws -> Int { Int(try int64(column)) }

    package func double(_ column: String) throws -> Double { try value(column).double(column: column) }

    package func string(_ column: String) throws -> String { try value(column).string(column: column) }

    package func bool(_ column: String) throws -> Bool { try value(column).bool(column: column) }

    package func date(_ column: String) throws -> Date { try value(column).date(column: column) }

    package func optionalInt64(_ column: String) throws -> Int64? { try isNull(column) ? nil : try int64(column) }
    package func optionalString(_ column: String) throws -> String? { try isNull(column) ? nil : try string(column) }
    package func optionalDate(_ column: String) throws -> Date? { try isNull(column) ? nil : try date(column) }

    /// A stored enum.
    package func decode<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        let raw = try string(column)
        guard let value = T(rawValue: raw) else { throw SQLError("column \(column) holds \"\(raw)\", not a \(T.self)") }
        return value
    }
}

/// A value read as each store keeps it (`column` names it in errors).
extension SQLValue {
    package func int64(column: String) throws -> Int64 {
        switch self {
        case .integer(let v): return v
        case .real(let v) where v == v.rounded(): if let n = Int64(exactly: v) { return n }
        case .boolean(let v): return v ? 1 : 0
        case .text(let v): if let n = Int64(v) { return n }
        default: break
        }
        throw SQLError("column \(column) holds \(self), not an integer")
    }

    package func double(column: String) throws -> Double {
        switch self {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: throw SQLError("column \(column) holds \(self), not a number")
        }
    }

    package func string(column: String) throws -> String {
        switch self {
        case .text(let v): return v
        case .integer(let v): return String(v)
        default: throw SQLError("column \(column) holds \(self), not text")
        }
    }

    package func bool(column: String) throws -> Bool {
        switch self {
        case .boolean(let v): return v
        case .integer(let v): return v != 0
        default: throw SQLError("column \(column) holds \(self), not a boolean")
        }
    }

    package func date(column: String) throws -> Date {
        switch self {
        case .date(let v): return v
        case .text(let v): if let date = Date.fromDatabaseValue(v.databaseValue) { return date }
        case .real(let v): return Date(timeIntervalSince1970: v)
        case .integer(let v): return Date(timeIntervalSince1970: TimeInterval(v))
        default: break
        }
        throw SQLError("column \(column) holds \(self), not a date")
    }
}

/// A statement the store refused to run or a row that does not read as asked.
package struct SQLError: Error, Sendable, Hashable, CustomStringConvertible {
    package var description: String
    /// The SQLSTATE code PostgreSQL gave, when it refused the statement.
    package var sqlState: String?
    package init(_ description: String, sqlState: String? = nil) {
        self.description = description
        self.sqlState = sqlState
    }
}

/// The statements of one transaction, on either store. SQL is written once, with `?` placeholders and unquoted
/// camel-case identifiers (SQLite ignores their case; PostgreSQL folds them to the lower-case columns of its schema);
/// `"user"` is quoted on both.
package protocol SQLExecutor {
    /// The store's dialect.
    var dialect: SQLDialect { get }
    /// Runs a statement; returns the rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int
    /// The rows of a query.
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
    /// Runs an `INSERT` and returns the new row's `identity` column (its integer primary key).
    func insert(_ sql: String, _ arguments: [SQLValue], returning identity: String) throws -> Int64
}

extension SQLExecutor {
    package func rows(_ sql: String, _ arguments: any SQLBindable...) throws -> [SQLRow] {
        try rows(sql, arguments.map(\.sqlValue))
    }

    package func row(_ sql: String, _ arguments: any SQLBindable...) throws -> SQLRow? {
        try rows(sql, arguments.map(\.sqlValue)).first
    }

    @discardableResult
    package func execute(_ sql: String, _ arguments: any SQLBindable...) throws -> Int {
        try execute(sql, arguments.map(\.sqlValue))
    }

    package func insert(_ sql: String, _ arguments: any SQLBindable..., returning identity: String = "id") throws -> Int64 {
        try insert(sql, arguments.map(\.sqlValue), returning: identity)
    }
}

/// `?, ?, …` for `count` values (an `IN (…)` list or a `VALUES (…)` row).
package func sqlPlaceholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}

extension SQLExecutor {
    /// The rows of a query written with named parameters (`:from`), each bound from `arguments` by name.
    package func rows(_ sql: String, named arguments: [String: SQLValue]) throws -> [SQLRow] {
        let (text, values) = try SQLDialect.positional(sql, arguments)
        return try rows(text, values)
    }
}

extension SQLDialect {
    /// `sql` with its named parameters (`:name`, outside quotes, not a `::` cast) as `?`, and their values in order.
    /// - Throws: `SQLError` naming a parameter that `arguments` lacks.
    static func positional(_ sql: String, _ arguments: [String: SQLValue]) throws -> (String, [SQLValue]) {
        var result = ""
        var values: [SQLValue] = []
        var quote: Character?
        var index = sql.startIndex
        while index < sql.endIndex {
            let character = sql[index]
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
                index = sql.index(after: index)
                continue
            }
            let next = sql.index(after: index)
            if character == "'" || character == "\"" {
                quote = character
            } else if character == ":", next < sql.endIndex, sql[next].isLetter,
                index == sql.startIndex || sql[sql.index(before: index)] != ":"
            {
                var end = next
                while end < sql.endIndex, sql[end].isLetter || sql[end].isNumber || sql[end] == "_" { end = sql.index(after: end) }
                let name = String(sql[next..<end])
                guard let value = arguments[name] else { throw SQLError("no value for the parameter :\(name)") }
                values.append(value)
                result.append("?")
                index = end
                continue
            }
            result.append(character)
            index = next
        }
        return (result, values)
    }

    /// A join that keeps the left table as the outer loop: `CROSS JOIN` on SQLite (its planner never reorders one), a
    /// plain `JOIN` on PostgreSQL (whose planner orders joins by its statistics, and which has no `CROSS JOIN … ON`).
    var orderedJoin: String {
        switch self {
        case .sqlite: "CROSS JOIN"
        case .postgres: "JOIN"
        }
    }

    /// The UTC day (`yyyy-MM-dd`) of a date column, as text.
    func day(_ column: String) -> String {
        switch self {
        case .sqlite: "substr(\(column), 1, 10)"
        case .postgres: "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        }
    }

    /// The smaller of two values (NULL when either is NULL on SQLite, the other one on PostgreSQL; callers wrap it in
    /// `coalesce` with both, which makes the two agree).
    func least(_ a: String, _ b: String) -> String {
        switch self {
        case .sqlite: "min(\(a), \(b))"
        case .postgres: "LEAST(\(a), \(b))"
        }
    }

    /// The larger of two values.
    func greatest(_ a: String, _ b: String) -> String {
        switch self {
        case .sqlite: "max(\(a), \(b))"
        case .postgres: "GREATEST(\(a), \(b))"
        }
    }

    /// Minutes from `start` to `end` (two date columns), rounded to the millisecond; NULL when either is NULL.
    func minutes(from start: String, to end: String) -> String {
        switch self {
        case .sqlite: "round((julianday(\(end)) - julianday(\(start))) * 86400000.0) / 60000.0"
        case .postgres: "round(EXTRACT(EPOCH FROM (\(end) - \(start))) * 1000.0) / 60000.0"
        }
    }
}
