import Foundation

/// The tables whose new rows a bulk write refers to before they are written.
enum BulkTable: Sendable, Hashable {
    case user
    case solution
    case ticket
}

/// The id of a row in a bulk write: a stored row's, or the `n`-th pending row of its table, known once the batch's
/// rows are written.
enum BulkID: Sendable, Hashable {
    /// A row already in the store.
    case stored(Int64)
    /// The pending row at this index of its table's rows.
    case pending(Int)
}

/// One value of a pending row: a plain value, or the id of a row of another table (nil for NULL), resolved when
/// the row is written.
enum BulkField: Sendable {
    /// A value known now.
    case value(SQLValue)
    /// A row's id, or NULL.
    case id(BulkTable, BulkID?)
    /// A row's id as text (the audit trail's `entityId`).
    case idText(BulkTable, BulkID)

    /// A value known now.
    static func of(_ value: some SQLBindable) -> BulkField { .value(value.sqlValue) }
}

/// The rows one table receives in a bulk write, in the order they were added, written at the end of the batch with
/// multi-row inserts.
struct PendingRows: Sendable {
    /// The table, as written in SQL.
    let table: String
    /// The columns every row gives.
    let columns: [String]
    /// A clause after the values (`ON CONFLICT DO NOTHING`), or empty.
    var conflict = ""
    /// The rows, `columns.count` fields each.
    private(set) var rows: [[BulkField]] = []

    /// Rows for `table`.
    init(_ table: String, _ columns: [String], conflict: String = "") {
        self.table = table
        self.columns = columns
        self.conflict = conflict
    }

    /// Adds a row; returns its pending id.
    @discardableResult
    mutating func append(_ row: [BulkField]) -> BulkID {
        assert(row.count == columns.count, "a pending row gives every column")
        rows.append(row)
        return .pending(rows.count - 1)
    }

    /// Whether no row is pending.
    var isEmpty: Bool { rows.isEmpty }

    /// Forgets the rows (once written).
    mutating func removeAll() { rows.removeAll(keepingCapacity: true) }
}

/// The ids the pending rows of the tables referred to received once written, per table in the order they were added.
struct WrittenIDs: Sendable {
    /// Ids of the pending users, solutions and tickets.
    var ids: [BulkTable: [Int64]] = [:]

    /// The stored id of `id`.
    /// - Throws: `SQLError` when a pending row of `table` has not been written (a bug in the write order).
    func resolve(_ table: BulkTable, _ id: BulkID) throws -> Int64 {
        switch id {
        case .stored(let stored): return stored
        case .pending(let index):
            guard let written = ids[table], index < written.count else {
                throw SQLError("a pending \(table) row was referred to before it was written")
            }
            return written[index]
        }
    }

    /// The value to bind for `field`.
    func value(_ field: BulkField) throws -> SQLValue {
        switch field {
        case .value(let value): return value
        case .id(_, nil): return .null
        case .id(let table, let id?): return .integer(try resolve(table, id))
        case .idText(let table, let id): return .text("\(try resolve(table, id))")
        }
    }
}

extension SQLExecutor {
    /// Writes `pending`'s rows, resolving the ids they refer to.
    /// - Parameter returning: columns to return, or nil.
    /// - Returns: the rows `RETURNING` gave.
    @discardableResult
    func write(_ pending: PendingRows, ids: WrittenIDs, returning: String? = nil) throws -> [SQLRow] {
        guard !pending.isEmpty else { return [] }
        let values = try pending.rows.map { row in try row.map { try ids.value($0) } }
        return try insertRows(
            into: pending.table, columns: pending.columns, values, conflict: pending.conflict, returning: returning)
    }

    /// Writes `pending`'s rows and returns their new ids in the order the rows were added. Both stores number the
    /// rows of one `INSERT` in the order of its `VALUES` (SQLite's next row id, PostgreSQL's identity sequence, each
    /// taken row by row), so the ascending ids are the rows' ids in order, however `RETURNING` orders them.
    /// - Throws: `SQLError` when the store returned another number of ids than rows.
    func writeReturningIDs(_ pending: PendingRows, ids: WrittenIDs) throws -> [Int64] {
        let returned = try write(pending, ids: ids, returning: "id").map { try $0.int64("id") }
        guard returned.count == pending.rows.count else {
            throw SQLError("\(pending.table): \(pending.rows.count) rows written, \(returned.count) ids returned")
        }
        return returned.sorted()
    }
}
