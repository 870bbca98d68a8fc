import Foundation
import GRDB

/// What kind of entry a thread message is.
public enum MessageKind: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Written by the customer.
    case customerReply
    /// A public reply by staff.
    case agentReply
    /// Staff-only; customers never see it.
    case internalNote
    /// Written by the system (merges, reopenings); visible to everyone.
    case system

    /// Whether the ticket's customer may see it.
    public var isVisibleToCustomer: Bool { self != .internalNote }
}

/// One entry in a ticket's thread. Table `ticketMessage`.
public struct TicketMessage: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// The ticket the message belongs to (changes when tickets are merged).
    public var ticketId: Int64
    /// The writer; nil for system messages.
    public var authorId: Int64?
    /// The kind of entry.
    public var kind: MessageKind
    /// Plain text.
    public var body: String
    /// When it was written.
    public var createdAt: Date
    /// The ticket it was written on, if it was moved here by a merge.
    public var mergedFromTicketId: Int64?

    /// The table name.
    public static let databaseTableName = "ticketMessage"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `ticketId`
        public static let ticketId = Column(CodingKeys.ticketId)
        /// `kind`
        public static let kind = Column(CodingKeys.kind)
        /// `createdAt`
        public static let createdAt = Column(CodingKeys.createdAt)
        /// `mergedFromTicketId`
        public static let mergedFromTicketId = Column(CodingKeys.mergedFromTicketId)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
