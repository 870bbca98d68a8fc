import Foundation
import GRDB

/// A web session kept in the database so that it survives restarts. Table `session`.
public struct StoredSession: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// Hex SHA-256 of the session cookie value.
    public var id: String
    /// The signed-in user, if any.
    public var userId: Int64?
    /// Opaque session data encoded by the web app.
    public var data: Data
    /// When the session stops being valid.
    public var expiresAt: Date

    /// The table name.
    public static let databaseTableName = "session"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `userId`
        public static let userId = Column(CodingKeys.userId)
        /// `expiresAt`
        public static let expiresAt = Column(CodingKeys.expiresAt)
    }
}
