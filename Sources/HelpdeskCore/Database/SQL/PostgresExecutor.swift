import Foundation
import NIOCore
import PostgresNIO

/// `SQLExecutor` on a PostgreSQL connection inside a transaction. It blocks its thread on each statement, so it runs
/// only on the store's own threads (`PostgresPool`), never on an event loop or in Swift concurrency's pool.
struct PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    /// `?` placeholders as `$1`, `$2`, …, leaving quoted text alone.
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                n += 1
                result += "$\(n)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func bindings(_ values: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let v): bindings.append(v)
            case .real(let v): bindings.append(v)
            case .text(let v): bindings.append(v.utf8.contains(0) ? v.replacingOccurrences(of: "\u{0}", with: "") : v)
            case .date(let v): bindings.append(v)
            case .boolean(let v): bindings.append(v)
            case .blob(let v): bindings.append(ByteBuffer(bytes: v))
            }
        }
        return bindings
    }

    func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: Self.bindings(arguments))
        do {
            return try connection.query(query, logger: logger).wait()
        } catch let error as PSQLError where !PostgresPool.isRetryable(error) && !PostgresPool.isConnectionFailure(error) {
            // postgres-nio's own description hides the server's message; logs and test failures need it.
            let statement = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            throw SQLError(
                "\(PostgresStore.describe(error)) in: \(statement.prefix(300))", sqlState: error.serverInfo?[.sqlState])
        }
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .numeric:
            // Sums of BIGINT columns come back as NUMERIC: whole ones read as integers, as SQLite returns them.
            let decimal = try cell.decode(Decimal.self)
            var rounded = Decimal()
            var copy = decimal
            NSDecimalRound(&rounded, &copy, 0, .plain)
            if rounded == decimal, let whole = Int64(exactly: NSDecimalNumber(decimal: decimal).doubleValue) {
                return .integer(whole)
            }
            return .real(NSDecimalNumber(decimal: decimal).doubleValue)
        case .bool: return .boolean(try cell.decode(Bool.self))
        case .timestamptz, .timestamp, .date: return .date(try cell.decode(Date.self))
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        default: return .text(try cell.decode(String.self))
        }
    }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        // Every row of a result has the same columns: named once, from the first.
        var columns: SQLRow.Columns?
        return try run(sql, arguments).rows.map { row in
            let names = columns ?? SQLRow.Columns(row.map(\.columnName))
            columns = names
            return SQLRow(columns: names, values: try row.map(Self.value))
        }
    }

    func insert(_ sql: String, _ arguments: [SQLValue], returning identity: String) throws -> Int64 {
        guard let row = try run(sql + " RETURNING \(identity)", arguments).rows.first, let cell = row.first(where: { _ in true })
        else { throw SQLError("the insert returned no \(identity)") }
        return try cell.decode(Int64.self)
    }
}
