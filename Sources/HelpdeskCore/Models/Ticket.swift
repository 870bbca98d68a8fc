import Foundation
import GRDB

/// Where a ticket is in its life.
public enum TicketStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Waiting in the queue, no assignee.
    case new
    /// An agent owns it but has not started.
    case assigned
    /// An agent is working on it.
    case inProgress
    /// The agent asked the customer something.
    case waitingOnCustomer
    /// A solution was given; the customer may still reopen it.
    case resolved
    /// Finished for good.
    case closed

    /// Statuses in which the ticket still needs work (and counts against an agent's capacity when assigned).
    public static let open: [TicketStatus] = [.new, .assigned, .inProgress, .waitingOnCustomer]

    /// Whether the ticket still needs work.
    public var isOpen: Bool { Self.open.contains(self) }

    /// `open` as SQL literals ('new', 'assigned', …), written into the statements that count open tickets per agent so
    /// that both stores may read them from the partial index on open tickets (`ticket_open_on_assigneeId`), which a
    /// planner uses only when the statement's condition implies the index's, and bound parameters never do. The
    /// values are this enum's own constants. The index lists the same statuses: changing `open` needs a migration
    /// that recreates it (`OpenLoadTests` compares the two).
    static let openSQLList = open.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The search-index filter bucket: `"open"` while the ticket needs work, `"resolved"` once resolved or closed.
    public var bucket: String { isOpen ? "open" : "resolved" }
}

/// How urgent a ticket is; selects its SLA targets.
public enum TicketPriority: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Whenever possible.
    case low
    /// The default.
    case normal
    /// Soon.
    case high
    /// Now.
    case urgent
}

/// A customer's request for help. Table `ticket`.
public struct Ticket: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// Id in an imported corpus, unique when present.
    public var externalId: String?
    /// The customer who asked.
    public var customerId: Int64
    /// One-line summary.
    public var subject: String
    /// The problem as first described.
    public var description: String
    /// Category id, if known.
    public var categoryId: String?
    /// Priority.
    public var priority: TicketPriority
    /// Status.
    public var status: TicketStatus
    /// The agent who owns it.
    public var assigneeId: Int64?
    /// When it was filed.
    public var createdAt: Date
    /// When anything about it last changed.
    public var updatedAt: Date
    /// First public staff reply.
    public var firstResponseAt: Date?
    /// Last time it was resolved (nil when reopened).
    public var resolvedAt: Date?
    /// When it was closed.
    public var closedAt: Date?
    /// SLA deadline for the first response, set at creation from `slaPolicy`.
    public var firstResponseDueAt: Date
    /// SLA deadline for resolution, set at creation from `slaPolicy`.
    public var resolutionDueAt: Date
    /// Set on a ticket that was merged into another one.
    public var mergedIntoId: Int64?
    /// When the first-response SLA warning mail was written.
    public var firstResponseWarnedAt: Date?
    /// When the resolution SLA warning mail was written.
    public var resolutionWarnedAt: Date?
    /// When the customer last replied, reopened it or said "not solved" (not set by filing it).
    public var lastCustomerActivityAt: Date?
    /// What the customer did at `lastCustomerActivityAt`.
    public var lastCustomerAction: CustomerAction?

    /// The table name.
    public static let databaseTableName = "ticket"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `externalId`
        public static let externalId = Column(CodingKeys.externalId)
        /// `customerId`
        public static let customerId = Column(CodingKeys.customerId)
        /// `categoryId`
        public static let categoryId = Column(CodingKeys.categoryId)
        /// `priority`
        public static let priority = Column(CodingKeys.priority)
        /// `status`
        public static let status = Column(CodingKeys.status)
        /// `assigneeId`
        public static let assigneeId = Column(CodingKeys.assigneeId)
        /// `createdAt`
        public static let createdAt = Column(CodingKeys.createdAt)
        /// `updatedAt`
        public static let updatedAt = Column(CodingKeys.updatedAt)
        /// `firstResponseAt`
        public static let firstResponseAt = Column(CodingKeys.firstResponseAt)
        /// `resolvedAt`
        public static let resolvedAt = Column(CodingKeys.resolvedAt)
        /// `firstResponseDueAt`
        public static let firstResponseDueAt = Column(CodingKeys.firstResponseDueAt)
        /// `resolutionDueAt`
        public static let resolutionDueAt = Column(CodingKeys.resolutionDueAt)
        /// `mergedIntoId`
        public static let mergedIntoId = Column(CodingKeys.mergedIntoId)
        /// `firstResponseWarnedAt`
        public static let firstResponseWarnedAt = Column(CodingKeys.firstResponseWarnedAt)
        /// `resolutionWarnedAt`
        public static let resolutionWarnedAt = Column(CodingKeys.resolutionWarnedAt)
        /// `lastCustomerActivityAt`
        public static let lastCustomerActivityAt = Column(CodingKeys.lastCustomerActivityAt)
        /// `lastCustomerAction`
        public static let lastCustomerAction = Column(CodingKeys.lastCustomerAction)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The id of a stored ticket; traps when called on an unsaved value.
    public var requiredID: Int64 {
        guard let id else { preconditionFailure("Ticket has not been saved") }
        return id
    }

    /// Whether the first-response target was missed (or is being missed) at `now`.
    public func isFirstResponseBreached(at now: Date) -> Bool {
        if let firstResponseAt { return firstResponseAt > firstResponseDueAt }
        return status.isOpen && now > firstResponseDueAt
    }

    /// Whether the resolution target was missed (or is being missed) at `now`.
    public func isResolutionBreached(at now: Date) -> Bool {
        if let resolvedAt { return resolvedAt > resolutionDueAt }
        return status.isOpen && now > resolutionDueAt
    }
}
