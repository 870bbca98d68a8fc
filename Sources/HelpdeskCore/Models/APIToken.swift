import Foundation
import GRDB

/// A personal API token; the plain token is shown once at creation, the table keeps its SHA-256. Table `apiToken`.
public struct APIToken: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// The owner.
    public var userId: Int64
    /// A label chosen by the owner.
    public var name: String
    /// Hex SHA-256 of the token.
    public var tokenHash: String
    /// When it was created.
    public var createdAt: Date
    /// When it was last used to authenticate.
    public var lastUsedAt: Date?
    /// When it was revoked; a revoked token never works again.
    public var revokedAt: Date?

    /// The table name.
    public static let databaseTableName = "apiToken"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `userId`
        public static let userId = Column(CodingKeys.userId)
        /// `tokenHash`
        public static let tokenHash = Column(CodingKeys.tokenHash)
        /// `revokedAt`
        public static let revokedAt = Column(CodingKeys.revokedAt)
        /// `createdAt`
        public static let createdAt = Column(CodingKeys.createdAt)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
