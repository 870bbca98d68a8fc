import Foundation
import GRDB

/// An account at an OpenID Connect provider (Google, LinkedIn, …) linked to a user, so the user can sign in there.
/// Table `identity`, unique on (`provider`, `subject`).
public struct Identity: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id, nil before insertion.
    public var id: Int64?
    /// The configured provider name (`google`, `linkedin`, …).
    public var provider: String
    /// The provider's stable id of the person (the ID token's `sub`).
    public var subject: String
    /// The linked user.
    public var userId: Int64
    /// The verified e-mail address the provider gave when the link was made.
    public var email: String
    /// When the link was made.
    public var linkedAt: Date
    /// The last sign-in through this provider.
    public var lastSignInAt: Date

    /// Creates a link.
    public init(
        id: Int64? = nil,
        provider: String,
        subject: String,
        userId: Int64,
        email: String,
        linkedAt: Date,
        lastSignInAt: Date
    ) {
        self.id = id
        self.provider = provider
        self.subject = subject
        self.userId = userId
        self.email = email
        self.linkedAt = linkedAt
        self.lastSignInAt = lastSignInAt
    }

    /// The table name.
    public static let databaseTableName = "identity"

    /// Columns for the query interface.
    public enum Columns {
        /// `provider`
        public static let provider = Column(CodingKeys.provider)
        /// `subject`
        public static let subject = Column(CodingKeys.subject)
        /// `userId`
        public static let userId = Column(CodingKeys.userId)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
