import Foundation
import GRDB

/// The customer's answer to "did this solve it?".
public enum Verdict: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// It solved the problem.
    case solved
    /// It did not.
    case notSolved
}

/// Records that a solution resolved a ticket, and the customer's verdict. Table `ticketSolution`.
public struct TicketSolution: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// The resolved ticket.
    public var ticketId: Int64
    /// The solution used.
    public var solutionId: Int64
    /// When the ticket was resolved with it.
    public var linkedAt: Date
    /// The customer's verdict, if given.
    public var verdict: Verdict?
    /// When the verdict was given.
    public var verdictAt: Date?

    /// The table name.
    public static let databaseTableName = "ticketSolution"

    /// Columns for the query interface.
    public enum Columns {
        /// `ticketId`
        public static let ticketId = Column(CodingKeys.ticketId)
        /// `solutionId`
        public static let solutionId = Column(CodingKeys.solutionId)
        /// `linkedAt`
        public static let linkedAt = Column(CodingKeys.linkedAt)
        /// `verdict`
        public static let verdict = Column(CodingKeys.verdict)
    }
}
