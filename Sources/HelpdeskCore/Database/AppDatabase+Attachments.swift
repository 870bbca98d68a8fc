import Foundation

extension AppDatabase {
    // MARK: - Attachments

    /// The payload key of a mail that lists a message's attachments: their paths, separated by spaces.
    public static let attachmentPathsKey = "attachmentPaths"

    /// Records `files` (already in place in the store) on `ticketId`, for `messageId` or for the request itself.
    /// - Returns: the rows, in order.
    func recordAttachments(
        _ sql: any SQLExecutor,
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
            row.id = try sql.insert(row)
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
        let visibleTicket = TicketVisibility.condition(for: viewer)
        let visibleMessage = TicketVisibility.messageCondition(for: viewer)
        return try await sqlRead { sql in
            let notFound = HelpdeskError.notFound(entity: "attachment", id: "\(id)")
            guard let attachment = try sql.find(Attachment.self, id: id) else { throw notFound }
            let tickets = try sql.rows(
                "SELECT COUNT(*) AS n FROM ticket WHERE id = ? AND \(visibleTicket.sql)",
                [attachment.ticketId.sqlValue] + visibleTicket.arguments)
            guard try tickets.first?.int64("n") == 1 else { throw notFound }
            if let messageId = attachment.messageId {
                let messages = try sql.rows(
                    "SELECT COUNT(*) AS n FROM ticketMessage WHERE id = ? AND \(visibleMessage.sql)",
                    [messageId.sqlValue] + visibleMessage.arguments)
                guard try messages.first?.int64("n") == 1 else { throw notFound }
            }
            // The ticket named in the address, or one merged into it (a short chain; bounded all the same).
            var current: Int64? = ticketId
            for _ in 0..<16 {
                guard let step = current else { break }
                if step == attachment.ticketId { return attachment }
                current = try sql.int64("SELECT mergedIntoId FROM ticket WHERE id = ?", step)
            }
            throw notFound
        }
    }

    /// The digests every attachment row names (for `AttachmentStore.removeOrphans`).
    public func attachmentDigests() async throws -> Set<String> {
        try await sqlRead { sql in
            Set(try sql.rows("SELECT DISTINCT sha256 FROM attachment").map { try $0.string("sha256") })
        }
    }

    /// The attachments of ticket `ticketId` that belong to the request itself or to one of `messages`, oldest first.
    static func attachments(_ sql: any SQLExecutor, ticketId: Int64, messages: [TicketMessage]) throws -> [Attachment] {
        let visible = Set(messages.compactMap(\.id))
        return try sql.fetchAll(Attachment.self, "SELECT * FROM attachment WHERE ticketId = ? ORDER BY id", ticketId)
            .filter { attachment in attachment.messageId.map(visible.contains) ?? true }
    }
}
