import Foundation
import GRDB

// The domain's Codable records read from and written to rows of either store, column per coding key: text, numbers,
// booleans, dates and string enums as themselves; arrays and other nested values as JSON text, as GRDB stores them.

/// A record kept in one table of the SQL layer.
package protocol SQLStored: Codable {
    /// The table, as SQL names it (`"user"` quoted).
    static var sqlTable: String { get }
}

extension SQLStored where Self: TableRecord {
    /// The GRDB table name, quoted when PostgreSQL reserves it.
    package static var sqlTable: String { databaseTableName == "user" ? "\"user\"" : databaseTableName }
}

extension SQLExecutor {
    /// The records a query returns.
    package func fetchAll<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: any SQLBindable...) throws -> [T] {
        try rows(sql, arguments.map(\.sqlValue)).map { try T(from: SQLRowDecoder(row: $0)) }
    }

    /// The records a query returns, with the arguments as a list.
    package func fetchAll<T: Decodable>(_ type: T.Type, _ sql: String, arguments: [SQLValue]) throws -> [T] {
        try rows(sql, arguments).map { try T(from: SQLRowDecoder(row: $0)) }
    }

    /// The first record a query returns.
    package func fetchOne<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: any SQLBindable...) throws -> T? {
        try rows(sql, arguments.map(\.sqlValue)).first.map { try T(from: SQLRowDecoder(row: $0)) }
    }

    /// The record whose `id` is `id`.
    package func find<T: SQLStored>(_ type: T.Type, id: Int64) throws -> T? {
        try fetchOne(T.self, "SELECT * FROM \(T.sqlTable) WHERE id = ?", id)
    }

    /// The only column of the first row as an integer (nil when there is no row or it is NULL).
    package func int64(_ sql: String, _ arguments: any SQLBindable...) throws -> Int64? {
        try int64(sql, arguments: arguments.map(\.sqlValue))
    }

    /// The only column of the first row as an integer, with the arguments as a list.
    package func int64(_ sql: String, arguments: [SQLValue]) throws -> Int64? {
        guard let row = try rows(sql, arguments).first, let value = row.onlyValue else { return nil }
        switch value {
        case .null: return nil
        case .integer(let v): return v
        case .real(let v): return Int64(exactly: v.rounded()) ?? 0
        case .boolean(let v): return v ? 1 : 0
        case .text(let v): return Int64(v)
        default: throw SQLError("the query returned \(value), not an integer")
        }
    }

    /// Inserts `record` (without a nil `id`) and returns its new `id`.
    @discardableResult
    package func insert<T: SQLStored>(_ record: T, returning identity: String = "id") throws -> Int64 {
        let columns = try SQLRecordEncoder.columns(of: record).filter { !($0.name == identity && $0.value == .null) }
        let sql =
            "INSERT INTO \(T.sqlTable) (\(columns.map(\.name).joined(separator: ", "))) VALUES (\(sqlPlaceholders(columns.count)))"
        return try insert(sql, columns.map(\.value), returning: identity)
    }

    /// Inserts `record`, which has no integer identity (a composite or text key).
    package func insertKeyed<T: SQLStored>(_ record: T) throws {
        let columns = try SQLRecordEncoder.columns(of: record)
        try execute(
            "INSERT INTO \(T.sqlTable) (\(columns.map(\.name).joined(separator: ", "))) VALUES (\(sqlPlaceholders(columns.count)))",
            columns.map(\.value))
    }

    /// Writes every column of `record` to the row with the same `id`.
    /// - Throws: `SQLError` when the record has no id.
    package func update<T: SQLStored>(_ record: T) throws {
        let columns = try SQLRecordEncoder.columns(of: record)
        guard let id = columns.first(where: { $0.name == "id" }), id.value != .null else {
            throw SQLError("an update of \(T.sqlTable) needs the row's id")
        }
        let assignments = columns.filter { $0.name != "id" }
        try execute(
            "UPDATE \(T.sqlTable) SET \(assignments.map { "\($0.name) = ?" }.joined(separator: ", ")) WHERE id = ?",
            assignments.map(\.value) + [id.value])
    }
}

// MARK: - Decoding

/// Reads a `Decodable` record from a row, one column per coding key.
struct SQLRowDecoder: Decoder {
    let row: SQLRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SQLError("a row decodes as a keyed record, not a list")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard let value = row.onlyValue else { throw SQLError("a row with several columns is not a single value") }
        return SQLValueDecoder(value: value, column: "?")
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.columnNames.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { row.has(key.stringValue) }
        func decodeNil(forKey key: Key) throws -> Bool { try !row.has(key.stringValue) || row.isNull(key.stringValue) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try row.bool(key.stringValue) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try row.string(key.stringValue) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try row.double(key.stringValue) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try row.double(key.stringValue)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try row.int(key.stringValue) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try row.int64(key.stringValue) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try narrow(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try narrow(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try narrow(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try narrow(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try narrow(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try narrow(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try narrow(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try narrow(key) }

        private func narrow<T: FixedWidthInteger>(_ key: Key) throws -> T {
            let value = try row.int64(key.stringValue)
            guard let narrowed = T(exactly: value) else { throw SQLError("column \(key.stringValue) holds \(value), out of range") }
            return narrowed
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try SQLValueDecoder(value: try row.value(key.stringValue), column: key.stringValue).decodeValue(T.self)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw SQLError("column \(key.stringValue) is not a nested record") }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw SQLError("column \(key.stringValue) is not a nested list")
        }
        func superDecoder() throws -> any Decoder { SQLRowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { SQLRowDecoder(row: row) }
    }
}

/// Reads one column's value: a scalar as itself, a date from either store's form, and a nested value (a list, a
/// dictionary) from its JSON text.
struct SQLValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: SQLValue
    let column: String
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Thrown by the containers a scalar does not have: the value is decoded from its JSON text instead.
    private struct NeedsJSON: Error {}

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Date.self { return try value.date(column: column) as! T }
        if T.self == Data.self {
            switch value {
            case .blob(let bytes): return Data(bytes) as! T
            case .text(let text): return Data(text.utf8) as! T
            default: throw SQLError("column \(column) holds \(value), not bytes")
            }
        }
        do {
            return try T(from: self)
        } catch is NeedsJSON {
            guard case .text(let text) = value else { throw SQLError("column \(column) holds \(value), not JSON text") }
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw NeedsJSON() }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw NeedsJSON() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try value.bool(column: column) }
    func decode(_ type: String.Type) throws -> String { try value.string(column: column) }
    func decode(_ type: Double.Type) throws -> Double { try value.double(column: column) }
    func decode(_ type: Float.Type) throws -> Float { Float(try value.double(column: column)) }
    func decode(_ type: Int.Type) throws -> Int { Int(try value.int64(column: column)) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value.int64(column: column) }
    func decode(_ type: Int32.Type) throws -> Int32 { try narrow() }
    func decode(_ type: Int16.Type) throws -> Int16 { try narrow() }
    func decode(_ type: Int8.Type) throws -> Int8 { try narrow() }
    func decode(_ type: UInt.Type) throws -> UInt { try narrow() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try narrow() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try narrow() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try narrow() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try narrow() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(T.self) }

    private func narrow<T: FixedWidthInteger>() throws -> T {
        let number = try value.int64(column: column)
        guard let narrowed = T(exactly: number) else { throw SQLError("column \(column) holds \(number), out of range") }
        return narrowed
    }
}

// MARK: - Encoding

/// Turns an `Encodable` record into its columns, in coding-key order; a nil optional becomes NULL (an update writes
/// it), nested values become JSON text.
enum SQLRecordEncoder {
    struct Column: Sendable, Hashable {
        var name: String
        var value: SQLValue
    }

    static func columns<T: Encodable>(of record: T) throws -> [Column] {
        let sink = Sink()
        try record.encode(to: RecordEncoder(sink: sink))
        return sink.columns
    }

    final class Sink {
        var columns: [Column] = []
        func set(_ name: String, _ value: SQLValue) {
            if let index = columns.firstIndex(where: { $0.name == name }) {
                columns[index].value = value
            } else {
                columns.append(Column(name: name, value: value))
            }
        }
    }

    /// The value of one column.
    static func value<T: Encodable>(_ value: T) throws -> SQLValue {
        switch value {
        case let v as Date: return .date(v)
        case let v as Bool: return .boolean(v)
        case let v as String: return .text(v)
        case let v as Int: return .integer(Int64(v))
        case let v as Int64: return .integer(v)
        case let v as Double: return .real(v)
        case let v as Data: return .blob([UInt8](v))
        default: break
        }
        let single = SingleValue()
        do {
            try value.encode(to: single)
            if let scalar = single.value { return scalar }
        } catch is SingleValue.NeedsJSON {}
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return .text(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    struct RecordEncoder: Encoder {
        let sink: Sink
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(sink: sink))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a record encodes as a keyed container") }
        func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a record encodes as a keyed container") }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: Sink
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil(forKey key: Key) throws { sink.set(key.stringValue, .null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            sink.set(key.stringValue, try SQLRecordEncoder.value(value))
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            sink.set(key.stringValue, try value.map { try SQLRecordEncoder.value($0) } ?? .null)
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { sink.set(key.stringValue, value.sqlValue) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { sink.set(key.stringValue, value.sqlValue) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { sink.set(key.stringValue, value.sqlValue) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { sink.set(key.stringValue, value.sqlValue) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { sink.set(key.stringValue, value.sqlValue) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        { fatalError("nested records are encoded as JSON values") }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            fatalError("nested lists are encoded as JSON values")
        }
        mutating func superEncoder() -> any Encoder { RecordEncoder(sink: sink) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { RecordEncoder(sink: sink) }
    }

    /// Captures a value that encodes as one scalar (a string enum, a wrapped number); anything else is JSON.
    final class SingleValue: Encoder, SingleValueEncodingContainer {
        struct NeedsJSON: Error {}
        var value: SQLValue?
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Refusing<Key>())
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { RefusingList() }
        func singleValueContainer() -> any SingleValueEncodingContainer { self }
        func encodeNil() throws { value = .null }
        func encode(_ value: Bool) throws { self.value = .boolean(value) }
        func encode(_ value: String) throws { self.value = .text(value) }
        func encode(_ value: Double) throws { self.value = .real(value) }
        func encode(_ value: Float) throws { self.value = .real(Double(value)) }
        func encode(_ value: Int) throws { self.value = .integer(Int64(value)) }
        func encode(_ value: Int64) throws { self.value = .integer(value) }
        func encode(_ value: Int32) throws { self.value = .integer(Int64(value)) }
        func encode(_ value: Int16) throws { self.value = .integer(Int64(value)) }
        func encode(_ value: Int8) throws { self.value = .integer(Int64(value)) }
        func encode(_ value: UInt8) throws { self.value = .integer(Int64(value)) }
        func encode(_ value: UInt16) throws { self.value = .integer(Int64(value)) }
        func encode(_ value: UInt32) throws { self.value = .integer(Int64(value)) }
        func encode(_ value: UInt) throws { self.value = .integer(Int64(clamping: value)) }
        func encode(_ value: UInt64) throws { self.value = .integer(Int64(clamping: value)) }
        func encode<T: Encodable>(_ value: T) throws { self.value = try SQLRecordEncoder.value(value) }
    }

    /// The containers of a nested value: they make `value(_:)` fall back to JSON.
    struct Refusing<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil(forKey key: Key) throws { throw SingleValue.NeedsJSON() }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw SingleValue.NeedsJSON() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        { KeyedEncodingContainer(Refusing<NestedKey>()) }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingList() }
        mutating func superEncoder() -> any Encoder { SingleValue() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { SingleValue() }
    }

    struct RefusingList: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil() throws { throw SingleValue.NeedsJSON() }
        mutating func encode<T: Encodable>(_ value: T) throws { throw SingleValue.NeedsJSON() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Refusing<NestedKey>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingList() }
        mutating func superEncoder() -> any Encoder { SingleValue() }
    }
}
