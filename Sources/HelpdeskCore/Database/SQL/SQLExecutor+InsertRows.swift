import Foundation

extension SQLExecutor {
    /// The most values one statement binds: SQLite's default bound (`SQLITE_MAX_VARIABLE_NUMBER`, 32,766), which is
    /// below PostgreSQL's 65,535, so one limit serves both stores.
    static var maxBoundValues: Int { 32_766 }

    /// The most rows one multi-row `INSERT` carries, whatever the width: larger statements save no measurable time
    /// and cost the server more to parse.
    static var maxRowsPerInsert: Int { 512 }

    /// Inserts `rows` into `table` with multi-row `INSERT … VALUES (…), (…)` statements, in order, in as few
    /// statements as the bound-value limit allows. Statement sizes are the largest chunk that fits and then powers of
    /// two, so that a store that caches statements by text (SQLite's connection) keeps a handful per table, not one
    /// per remainder. Row triggers fire for each row as for single-row inserts.
    /// - Parameters:
    ///   - table: the table, as written in SQL (`"user"` quoted).
    ///   - columns: the columns each row gives, in order.
    ///   - rows: the values, `columns.count` per row.
    ///   - conflict: a clause after the values, such as `ON CONFLICT DO NOTHING`, or empty.
    ///   - returning: columns to return for the inserted rows, or nil for none.
    /// - Returns: the rows `RETURNING` gave (only for inserted rows, in no particular order), or none.
    /// - Complexity: O(rows) values bound, ⌈rows / chunk⌉ + O(log chunk) statements.
    @discardableResult
    package func insertRows(
        into table: String, columns: [String], _ rows: [[SQLValue]], conflict: String = "", returning: String? = nil
    ) throws -> [SQLRow] {
        precondition(!columns.isEmpty, "a row needs a column")
        assert(rows.allSatisfy { $0.count == columns.count }, "each row gives every column")
        let chunk = Swift.max(1, Swift.min(Self.maxRowsPerInsert, Self.maxBoundValues / columns.count))
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let row = "(" + sqlPlaceholders(columns.count) + ")"
        let tail = (conflict.isEmpty ? "" : " " + conflict) + (returning.map { " RETURNING \($0)" } ?? "")
        var returned: [SQLRow] = []
        var start = 0
        while start < rows.count {
            let size = Self.statementSize(remaining: rows.count - start, chunk: chunk)
            let sql = head + Array(repeating: row, count: size).joined(separator: ", ") + tail
            var values: [SQLValue] = []
            values.reserveCapacity(size * columns.count)
            for r in rows[start..<(start + size)] { values.append(contentsOf: r) }
            if returning == nil {
                try execute(sql, values)
            } else {
                returned.append(contentsOf: try self.rows(sql, values))
            }
            start += size
        }
        return returned
    }

    /// How many rows the next statement carries: `chunk` while that many remain, then the largest power of two that
    /// fits.
    /// - Precondition: `remaining > 0`, `chunk > 0`.
    static func statementSize(remaining: Int, chunk: Int) -> Int {
        assert(remaining > 0 && chunk > 0)
        if remaining >= chunk { return chunk }
        var size = 1
        while size * 2 <= remaining { size *= 2 }
        return size
    }
}
