import Foundation
import GRDB

/// A suggested solution solved someone's problem before they filed a ticket. Table `deflection`.
public struct Deflection: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// The solution that helped.
    public var solutionId: Int64
    /// What the person had typed.
    public var query: String
    /// The signed-in user, nil for anonymous visitors.
    public var userId: Int64?
    /// When.
    public var at: Date

    /// The table name.
    public static let databaseTableName = "deflection"

    /// Columns for the query interface.
    public enum Columns {
        /// `solutionId`
        public static let solutionId = Column(CodingKeys.solutionId)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
