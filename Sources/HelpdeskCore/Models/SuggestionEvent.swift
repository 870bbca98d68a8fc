import Foundation
import GRDB

/// What a suggestion event records.
public enum SuggestionEventKind: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Suggestions were listed for someone's text (`count` of them).
    case shown
    /// Someone opened one suggestion to read it.
    case opened
}

/// Suggestions shown or opened, for the click-through figure of the reports. Table `suggestionEvent`.
public struct SuggestionEvent: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// Shown or opened.
    public var kind: SuggestionEventKind
    /// The opened solution; nil for `shown`.
    public var solutionId: Int64?
    /// How many suggestions: the list length for `shown`, 1 for `opened`.
    public var count: Int
    /// When.
    public var at: Date

    /// The table name.
    public static let databaseTableName = "suggestionEvent"

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
