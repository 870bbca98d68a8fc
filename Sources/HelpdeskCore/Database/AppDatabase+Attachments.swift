import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Attachments

    /// The payload key of a mail that lists a message's attachments: their paths, separated by spaces.
    public static let attachmentPathsKey = "attachmentPaths"

    /// Records `files` (already in place in the store) on `ticketId`, for `messageId` or for the request itself.
    /// - Returns: the rows, in order.
    func recordAttachments(
        _ db: Database,
        _ files: [StoredAttachment],
        ticketId: Int64,
        messageId: Int64?,
        at: Date
    ) throws -> [Attachment] {
        try files.map { file in
            var row = Attachment(
                id: nil,
                ticketId: ticketId,
                messageId: messageId,
                sha256: file.sha256,
                fileName: file.fileName,
                contentType: file.contentType,
                size: Int64(file.size),
                createdAt: at
            )
            try row.insert(db)
            return row
        }
    }

    /// The lines a mail adds for `attachments` (empty when there are none): one per file, its name, size and link.
    func attachmentLines(_ attachments: [Attachment]) -> String {
        guard !attachments.isEmpty else { return "" }
        let lines = attachments.map { "- \($0.fileName) (\(AttachmentLimits.describe(Int($0.size)))): \(link($0.path))" }
        return "\n\nAttached:\n" + lines.joined(separator: "\n")
    }

    /// Adds the attachments' paths to a mail's payload, so the mail templates make their links absolute.
    static func addAttachmentPaths(_ attachments: [Attachment], to payload: inout [String: String]) {
        guard !attachments.isEmpty else { return }
        payload[attachmentPathsKey] = attachments.map(\.path).joined(separator: " ")
    }

    /// The attachment `id` of ticket `ticketId`, if `viewer` may see it: the viewer must see its ticket (the ticket
    /// visibility rule) and, for a file sent with a message, that message (customers never see internal notes).
    /// `ticketId` may also be a ticket that was merged into the attachment's ticket, so links in old mails still work.
    /// - Throws: `.notFound` in every other case, the same answer as for a file that does not exist.
    public func attachment(id: Int64, ticketId: Int64, for viewer: User) async throws -> Attachment {
        try await read { db in
            let notFound = HelpdeskError.notFound(entity: "attachment", id: "\(id)")
            guard let attachment = try Attachment.fetchOne(db, key: id) else { throw notFound }
            do {
                _ = try Self.visibleTicket(db, id: attachment.ticketId, for: viewer)
            } catch HelpdeskError.notFound {
                throw notFound
            }
            if let messageId = attachment.messageId {
                guard try TicketMessage.filter(key: messageId).visible(to: viewer).fetchCount(db) == 1 else { throw notFound }
            }
            // The ticket named in the address, or one merged into it (a short chain; bounded all the same).
            var current: Int64? = ticketId
            for _ in 0..<16 {
                guard let step = current else { break }
                if step == attachment.ticketId { return attachment }
                current = try Int64.fetchOne(db, sql: "SELECT mergedIntoId FROM ticket WHERE id = ?", arguments: [step])
            }
            throw notFound
        }
    }

    /// The digests every attachment row names (for `AttachmentStore.removeOrphans`).
    public func attachmentDigests() async throws -> Set<String> {
        try await read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM attachment")) }
    }

    /// The attachments of ticket `ticketId` that belong to the request itself or to one of `messages`, oldest first.
    static func attachments(_ db: Database, ticketId: Int64, messages: [TicketMessage]) throws -> [Attachment] {
        let visible = Set(messages.compactMap(\.id))
        return try Attachment.filter(Attachment.Columns.ticketId == ticketId).order(Attachment.Columns.id).fetchAll(db)
            .filter { attachment in attachment.messageId.map(visible.contains) ?? true }
    }
}
