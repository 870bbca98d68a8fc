import Foundation
import GRDB

/// Which indexed entity a change-log row is about.
public enum IndexedEntity: String, Codable, Sendable, DatabaseValueConvertible {
    /// A row of `solution`.
    case solution
    /// A row of `ticket`.
    case ticket
}

/// A change to indexed text, written in the same transaction as the change; the search index catches up by
/// reading rows past its checkpoint. Table `changeLog`.
public struct ChangeLogEntry: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Monotonic sequence number (AUTOINCREMENT, never reused).
    public var seq: Int64?
    /// The entity kind.
    public var entity: IndexedEntity
    /// The entity's id.
    public var entityId: Int64
    /// When.
    public var at: Date

    /// The table name.
    public static let databaseTableName = "changeLog"

    /// Columns for the query interface.
    public enum Columns {
        /// `seq`
        public static let seq = Column(CodingKeys.seq)
    }

    /// Grabs the sequence number after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}
