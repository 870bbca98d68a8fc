import Foundation
import GRDB

/// A reusable answer: a title and numbered steps. Editing makes a new version and supersedes the old one.
/// Table `solution`.
public struct Solution: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// Id in an imported corpus, unique when present.
    public var externalId: String?
    /// Short title.
    public var title: String
    /// The steps, in order.
    public var steps: [String]
    /// Category id.
    public var categoryId: String?
    /// The staff member who wrote this version.
    public var authorId: Int64?
    /// When this version was written.
    public var createdAt: Date
    /// When this row last changed (counts, publication).
    public var updatedAt: Date
    /// Whether it shows in the public help centre.
    public var isPublished: Bool
    /// The version this one replaces.
    public var previousVersionId: Int64?
    /// The version that replaced this one; a superseded solution is no longer offered.
    public var supersededById: Int64?
    /// How many tickets this solution resolved.
    public var reuseCount: Int
    /// Customers who said it solved their problem.
    public var solvedCount: Int
    /// Customers who said it did not.
    public var notSolvedCount: Int

    /// Whether a newer version replaced it.
    public var isSuperseded: Bool { supersededById != nil }

    /// The table name.
    public static let databaseTableName = "solution"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `externalId`
        public static let externalId = Column(CodingKeys.externalId)
        /// `categoryId`
        public static let categoryId = Column(CodingKeys.categoryId)
        /// `isPublished`
        public static let isPublished = Column(CodingKeys.isPublished)
        /// `supersededById`
        public static let supersededById = Column(CodingKeys.supersededById)
        /// `reuseCount`
        public static let reuseCount = Column(CodingKeys.reuseCount)
        /// `updatedAt`
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The id of a stored solution; traps when called on an unsaved value.
    public var requiredID: Int64 {
        guard let id else { preconditionFailure("Solution has not been saved") }
        return id
    }
}
