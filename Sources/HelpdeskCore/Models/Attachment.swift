import Foundation
import GRDB

/// A file attached to a ticket: to the request itself (`messageId` nil) or to one message of its thread. Table
/// `attachment`; the bytes live in the `AttachmentStore` under `sha256`.
public struct Attachment: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// The ticket (follows its messages when tickets are merged).
    public var ticketId: Int64
    /// The message it came with; nil for files sent with the request.
    public var messageId: Int64?
    /// Hex SHA-256 of the content: the file's name in the store.
    public var sha256: String
    /// The sanitised name the sender gave.
    public var fileName: String
    /// The type sniffed from the content (`ContentSniffer`).
    public var contentType: String
    /// Bytes.
    public var size: Int64
    /// When it was recorded.
    public var createdAt: Date

    /// The table name.
    public static let databaseTableName = "attachment"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `ticketId`
        public static let ticketId = Column(CodingKeys.ticketId)
        /// `messageId`
        public static let messageId = Column(CodingKeys.messageId)
        /// `sha256`
        public static let sha256 = Column(CodingKeys.sha256)
    }

    /// Whether it is shown inline as a thumbnail (PNG, JPEG, GIF, WebP); everything else downloads.
    public var isImage: Bool { ContentSniffer.isImage(contentType) }

    /// The id of a stored attachment; traps when called on an unsaved value.
    public var requiredID: Int64 {
        guard let id else { preconditionFailure("Attachment has not been saved") }
        return id
    }

    /// The address of the file, on the pages and (with the `/api/v1` prefix) in the API.
    public var path: String { "/tickets/\(ticketId)/attachments/\(id ?? 0)" }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
