import Foundation
import GRDB

/// What a user may do: customers file tickets, agents work them, admins run the desk.
public enum UserRole: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Someone who asks for help.
    case customer
    /// Support staff who work tickets.
    case agent
    /// Staff who manage agents, SLA targets and see everything.
    case admin

    /// Agents and admins.
    public var isStaff: Bool { self != .customer }
}

/// A person with an account. Table `user`.
public struct User: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id, nil before insertion.
    public var id: Int64?
    /// Id in an imported corpus, unique when present.
    public var externalId: String?
    /// The user's role.
    public var role: UserRole
    /// Display name.
    public var name: String
    /// Normalised (trimmed, lowercased) e-mail address, unique.
    public var email: String
    /// Bcrypt hash, or `PasswordHasher.unusableHash`.
    public var passwordHash: String
    /// Whether the e-mail address was confirmed.
    public var isConfirmed: Bool
    /// False once deactivated; nothing is ever deleted.
    public var isActive: Bool
    /// Category ids an agent handles.
    public var skills: [String]
    /// Most open tickets an agent may hold at once.
    public var capacity: Int
    /// When the account was created.
    public var createdAt: Date
    /// Whether the password was generated and printed (the first admin's) and must be replaced before anything else.
    public var mustChangePassword: Bool

    /// Creates a user value.
    public init(
        id: Int64? = nil,
        externalId: String? = nil,
        role: UserRole,
        name: String,
        email: String,
        passwordHash: String,
        isConfirmed: Bool,
        isActive: Bool = true,
        skills: [String] = [],
        capacity: Int = 0,
        createdAt: Date,
        mustChangePassword: Bool = false
    ) {
        self.id = id
        self.externalId = externalId
        self.role = role
        self.name = name
        self.email = email
        self.passwordHash = passwordHash
        self.isConfirmed = isConfirmed
        self.isActive = isActive
        self.skills = skills
        self.capacity = capacity
        self.createdAt = createdAt
        self.mustChangePassword = mustChangePassword
    }

    /// The table name.
    public static let databaseTableName = "user"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `externalId`
        public static let externalId = Column(CodingKeys.externalId)
        /// `role`
        public static let role = Column(CodingKeys.role)
        /// `name`
        public static let name = Column(CodingKeys.name)
        /// `email`
        public static let email = Column(CodingKeys.email)
        /// `isConfirmed`
        public static let isConfirmed = Column(CodingKeys.isConfirmed)
        /// `isActive`
        public static let isActive = Column(CodingKeys.isActive)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The id of a stored user; traps when called on an unsaved value.
    public var requiredID: Int64 {
        guard let id else { preconditionFailure("User has not been saved") }
        return id
    }
}
