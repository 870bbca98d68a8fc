import Foundation
import GRDB

/// When a staff member last opened a ticket's page; a ticket whose customer did something after that is unread for
/// them. Table `ticketView`, one row per ticket and user.
public struct TicketView: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// The ticket.
    public var ticketId: Int64
    /// The staff member who opened it.
    public var userId: Int64
    /// When they last opened it.
    public var viewedAt: Date

    /// The table name.
    public static let databaseTableName = "ticketView"

    /// Columns for the query interface.
    public enum Columns {
        /// `ticketId`
        public static let ticketId = Column(CodingKeys.ticketId)
        /// `userId`
        public static let userId = Column(CodingKeys.userId)
        /// `viewedAt`
        public static let viewedAt = Column(CodingKeys.viewedAt)
    }

    /// Whether `ticket` has customer activity that `userId`, its assignee, has not seen: the customer acted after
    /// `lastViewedAt` (or the assignee never opened it). Tickets held by someone else are never unread for `userId`.
    public static func isUnread(_ ticket: Ticket, for userId: Int64, lastViewedAt: Date?) -> Bool {
        guard ticket.assigneeId == userId, let activity = ticket.lastCustomerActivityAt else { return false }
        guard let lastViewedAt else { return true }
        return lastViewedAt < activity
    }
}
