import GRDB

/// A ticket and solution category (e.g. "billing"), keyed by a short text id. Table `category`.
public struct Category: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// Short stable key, e.g. `"billing"`.
    public var id: String
    /// Display name.
    public var name: String
    /// What belongs in it.
    public var description: String

    /// Creates a category value.
    public init(id: String, name: String, description: String = "") {
        self.id = id
        self.name = name
        self.description = description
    }

    /// The table name.
    public static let databaseTableName = "category"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `name`
        public static let name = Column(CodingKeys.name)
    }
}
