import Foundation
import GRDB

/// One recorded change: who did what to which field, with the values before and after. Table `auditEntry`.
public struct AuditEntry: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// What kind of entity changed: `"ticket"`, `"user"`, `"solution"`, `"slaPolicy"`.
    public var entity: String
    /// The changed entity's id (as text, since categories and SLA rows have text keys).
    public var entityId: String
    /// The ticket concerned, for quick per-ticket history.
    public var ticketId: Int64?
    /// Who did it; nil for the system.
    public var actorId: Int64?
    /// When.
    public var at: Date
    /// What happened, e.g. `"created"`, `"statusChanged"`, `"assigned"`, `"merged"`.
    public var action: String
    /// The field that changed, if one did.
    public var field: String?
    /// The previous value, as text.
    public var before: String?
    /// The new value, as text.
    public var after: String?

    /// The table name.
    public static let databaseTableName = "auditEntry"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `entity`
        public static let entity = Column(CodingKeys.entity)
        /// `entityId`
        public static let entityId = Column(CodingKeys.entityId)
        /// `ticketId`
        public static let ticketId = Column(CodingKeys.ticketId)
        /// `action`
        public static let action = Column(CodingKeys.action)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
