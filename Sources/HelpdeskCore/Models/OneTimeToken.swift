import Foundation
import GRDB

/// What a single-use link token is for.
public enum TokenPurpose: String, Codable, Sendable, DatabaseValueConvertible {
    /// Confirms an e-mail address (24 h).
    case confirmEmail
    /// Sets a new password (1 h; 7 days for an agent invitation).
    case resetPassword
    /// Lets a customer answer "did this solve it?" from a mail.
    case verdict
}

/// A single-use link token, stored as its SHA-256 only. Table `oneTimeToken`.
public struct OneTimeToken: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// Whose token it is.
    public var userId: Int64
    /// What it unlocks.
    public var purpose: TokenPurpose
    /// Hex SHA-256 of the token sent by mail.
    public var tokenHash: String
    /// The ticket a verdict token is about.
    public var ticketId: Int64?
    /// When it was issued.
    public var createdAt: Date
    /// When it stops working.
    public var expiresAt: Date
    /// When it was used; a used token never works again.
    public var usedAt: Date?

    /// The table name.
    public static let databaseTableName = "oneTimeToken"

    /// Columns for the query interface.
    public enum Columns {
        /// `userId`
        public static let userId = Column(CodingKeys.userId)
        /// `purpose`
        public static let purpose = Column(CodingKeys.purpose)
        /// `tokenHash`
        public static let tokenHash = Column(CodingKeys.tokenHash)
        /// `usedAt`
        public static let usedAt = Column(CodingKeys.usedAt)
        /// `ticketId`
        public static let ticketId = Column(CodingKeys.ticketId)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
