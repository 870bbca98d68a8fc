import Foundation
import GRDB

/// Service-level targets for one priority, editable by admins. Table `slaPolicy`.
public struct SLAPolicy: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// The priority this row governs (primary key).
    public var priority: TicketPriority
    /// Minutes allowed until the first staff reply.
    public var firstResponseMinutes: Int
    /// Minutes allowed until the ticket is resolved.
    public var resolutionMinutes: Int

    /// Creates a policy value.
    public init(priority: TicketPriority, firstResponseMinutes: Int, resolutionMinutes: Int) {
        self.priority = priority
        self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes
    }

    /// The defaults seeded by the first migration: urgent 1 h/8 h, high 4 h/24 h, normal 8 h/72 h, low 24 h/120 h.
    public static let defaults: [SLAPolicy] = [
        SLAPolicy(priority: .urgent, firstResponseMinutes: 60, resolutionMinutes: 8 * 60),
        SLAPolicy(priority: .high, firstResponseMinutes: 4 * 60, resolutionMinutes: 24 * 60),
        SLAPolicy(priority: .normal, firstResponseMinutes: 8 * 60, resolutionMinutes: 72 * 60),
        SLAPolicy(priority: .low, firstResponseMinutes: 24 * 60, resolutionMinutes: 120 * 60),
    ]

    /// The table name.
    public static let databaseTableName = "slaPolicy"

    /// Columns for the query interface.
    public enum Columns {
        /// `priority`
        public static let priority = Column(CodingKeys.priority)
    }
}
